/** `npm run package` as an IT lead runs it: env file in, zip out, or a clear error and exit code 2. */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import JSZip from 'jszip';

const ROOT = path.resolve(__dirname, '../..');
const BOT_ID = '0b5e3c1a-2222-4d4f-8e6a-1b2c3d4e5f60';
const CLIENT_ID = '7a8b9c0d-1e2f-4a3b-9c4d-5e6f7a8b9c0d';
const HOST = 'firstday.oaktrust.org.uk';

const envFile = [
  'TEAMSFX_ENV=trial',
  'TEAMS_APP_ID=6f1c2a80-1111-4c3e-9d2b-0a1b2c3d4e5f',
  `BOT_ID=${BOT_ID}`,
  `AAD_APP_CLIENT_ID=${CLIENT_ID}`,
  `PUBLIC_HOST=${HOST}`,
  'DEVELOPER_NAME=Oak Trust IT',
  'DEVELOPER_WEBSITE_URL=https://www.oaktrust.example.org.uk',
  'PRIVACY_URL=https://www.oaktrust.example.org.uk/privacy-notice',
  'TERMS_OF_USE_URL=https://www.oaktrust.example.org.uk/acceptable-use',
  'APP_VERSION=2.0.1',
];

let work: string;
beforeEach(() => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'firstday-package-'));
});
afterEach(() => fs.rmSync(work, { recursive: true, force: true }));

function npmRunPackage(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    // Only PATH and HOME: the env file must be the sole source of the values.
    execFile('npm', ['run', '--silent', 'package', '--', ...args], { cwd: ROOT, env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' } }, (err, stdout, stderr) =>
      resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

test('writes firstday-<env>.zip with manifest.json and both icons at its root', async () => {
  fs.writeFileSync(path.join(work, '.env.trial'), `${envFile.join('\n')}\n`);
  const run = await npmRunPackage(['--env', 'trial', '--env-dir', work, '--out-dir', work]);
  expect(run.stderr).not.toMatch(/not written|Error/);
  expect(run.code).toBe(0);
  expect(run.stdout).toMatch(/firstday-trial\.zip: manifest 1\.\d+, version 2\.0\.1, bot 0b5e3c1a-2222-4d4f-8e6a-1b2c3d4e5f60, valid against the Teams schema/);

  const zipPath = path.join(work, 'firstday-trial.zip');
  const zip = await JSZip.loadAsync(fs.readFileSync(zipPath));
  expect(Object.keys(zip.files).sort()).toEqual(['color.png', 'manifest.json', 'outline.png']);

  const text = await zip.file('manifest.json')!.async('string');
  expect(text).not.toContain('${{');
  const manifest = JSON.parse(text);
  expect(manifest.version).toBe('2.0.1');
  expect(manifest.bots[0].botId).toBe(BOT_ID);
  expect(manifest.webApplicationInfo).toEqual({ id: CLIENT_ID, resource: `api://${HOST}/${CLIENT_ID}` });
  for (const icon of ['color.png', 'outline.png']) {
    const inZip = await zip.file(icon)!.async('nodebuffer');
    expect(Buffer.compare(inZip, fs.readFileSync(path.join(ROOT, 'appPackage', icon)))).toBe(0);
  }
  // Nothing half-written is left beside it.
  expect(fs.readdirSync(work).sort()).toEqual(['.env.trial', 'firstday-trial.zip']);
});

test('a missing variable stops it with exit code 2, names the variable, and writes no zip', async () => {
  fs.writeFileSync(path.join(work, '.env.trial'), `${envFile.filter((l) => !l.startsWith('AAD_APP_CLIENT_ID=')).join('\n')}\n`);
  const run = await npmRunPackage(['--env', 'trial', '--env-dir', work, '--out-dir', work]);
  expect(run.code).toBe(2);
  expect(run.stderr).toMatch(/The Teams app package was not written/);
  expect(run.stderr).toMatch(/AAD_APP_CLIENT_ID is not set: appPackage\/manifest.template.json needs it/);
  expect(fs.existsSync(path.join(work, 'firstday-trial.zip'))).toBe(false);
});

test('an environment without an env file is named', async () => {
  const run = await npmRunPackage(['--env', 'prod', '--env-dir', work]);
  expect(run.code).toBe(2);
  expect(run.stderr).toMatch(/\.env\.prod does not exist/);
});
