/**
 * What the web app runs: `npm run build:server` bundles the server into dist/server/index.js, and App
 * Service starts it with plain `node` (no TypeScript tooling). Built here and started in production mode.
 */
import { execFile, spawn } from 'node:child_process';
import path from 'node:path';
import { startTestStorage, type TestStorage } from '../support/azurite';
import { makeCertificate, startIngestionEndpoint, type Certificate, type IngestionEndpoint } from '../support/production-stand-ins';

const ROOT = path.resolve(__dirname, '../..');
const TENANT = '3f5c2b1a-9d8e-4c7b-a6f5-0e1d2c3b4a59';
const APP_ID = 'a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d';

let storage: TestStorage;
let cert: Certificate;
let ingestion: IngestionEndpoint;

beforeAll(async () => {
  storage = await startTestStorage();
  cert = makeCertificate();
  ingestion = await startIngestionEndpoint(cert);
});

afterAll(async () => {
  await ingestion.stop();
  await storage.azurite.stop();
  cert.remove();
});

test('the bundle builds, starts with node in production mode, serves, refuses anonymous bot traffic and sends telemetry', async () => {
  const build = await new Promise<{ code: number; out: string }>((resolve) =>
    execFile('npm', ['run', '--silent', 'build:server'], { cwd: ROOT }, (err, stdout, stderr) => resolve({ code: err ? 1 : 0, out: stdout + stderr })),
  );
  expect(build.out).not.toMatch(/✘|error/i);
  expect(build.code).toBe(0);

  const child = spawn(process.execPath, ['dist/server/index.js'], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      PORT: '0',
      NODE_ENV: 'production',
      MicrosoftAppId: APP_ID,
      MicrosoftAppPassword: 'client-secret-used-only-in-tests',
      MicrosoftAppTenantId: TENANT,
      ALLOWED_TENANTS: TENANT,
      AAD_APP_CLIENT_ID: APP_ID,
      PUBLIC_HOST: 'firstday-oaktrust.azurewebsites.net',
      APPLICATIONINSIGHTS_CONNECTION_STRING: ingestion.connectionString,
      TABLES_CONNECTION_STRING: storage.connectionString,
      NODE_EXTRA_CA_CERTS: cert.certPath,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += d));
  const port = await new Promise<number>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d) => {
      out += d;
      const m = /"message":"Firstday is listening on [^"]+","port":(\d+)/.exec(out);
      if (m) resolve(Number(m[1]));
    });
    exited.then((code) => reject(new Error(`the bundle exited with ${code}\n${stderr}`)));
  });

  try {
    const base = `http://127.0.0.1:${port}`;
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    expect((await fetch(`${base}/readyz`)).status).toBe(200);
    for (let i = 0; i < 3; i++) {
      const res = await fetch(`${base}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"type":"message"}' });
      expect(res.status).toBe(401);
      await new Promise((r) => setTimeout(r, 300));
    }
  } finally {
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  }
  // The HTTP instrumentation works in the bundle too: the refused requests were recorded.
  const requests = ingestion.envelopes.filter((e) => e.data.baseType === 'RequestData');
  expect(requests.some((r) => String(r.data.baseData.url).endsWith('/api/messages') && r.data.baseData.responseCode === '401')).toBe(true);
});
