/**
 * What the web app runs: `npm run build:server` bundles the server into dist/server/index.js, and App
 * Service starts it with plain `node` (no TypeScript tooling). Built here and started in production mode.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { startServerProcess } from '../support/server-process';
import { setUpServerSuite } from '../support/server-suite';

const ROOT = path.resolve(__dirname, '../..');

const suite = setUpServerSuite({ production: {}, servers: 0 });

test('the bundle builds, starts with node in production mode, serves, refuses anonymous bot traffic and sends telemetry', async () => {
  const build = await new Promise<{ code: number; out: string }>((resolve) =>
    execFile('npm', ['run', '--silent', 'build:server'], { cwd: ROOT }, (err, stdout, stderr) => resolve({ code: err ? 1 : 0, out: stdout + stderr })),
  );
  expect(build.out).not.toMatch(/✘|error/i);
  expect(build.code).toBe(0);

  const server = await startServerProcess(suite.productionSettings(), { entry: 'dist/server/index.js' });
  try {
    const base = server.baseUrl;
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    expect((await fetch(`${base}/readyz`)).status).toBe(200);
    for (let i = 0; i < 3; i++) {
      const res = await fetch(`${base}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"type":"message"}' });
      expect(res.status).toBe(401);
      await new Promise((r) => setTimeout(r, 300));
    }
  } finally {
    expect(await server.stop('SIGTERM')).toBe(0);
  }
  // The HTTP instrumentation works in the bundle too: the refused requests were recorded.
  const requests = suite.production.ingestion.envelopes.filter((e) => e.data.baseType === 'RequestData');
  expect(requests.some((r) => String(r.data.baseData.url).endsWith('/api/messages') && r.data.baseData.responseCode === '401')).toBe(true);
});
