/**
 * What `atk deploy` uploads. The build steps of m365agents.yml's deploy stage are run as the file lists
 * them, in a copy of the checkout (so this repo's dist/ and node_modules are left alone; install and prune
 * are skipped: they only fetch or drop packages), then infra/.webappignore is applied as
 * azureAppService/zipDeploy applies it. The package must hold the built tab and the server bundle the web app
 * starts.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');
const read = (file: string) => fs.readFileSync(path.join(ROOT, file), 'utf8');

interface Step {
  uses: string;
  args?: string;
  artifactFolder?: string;
  ignoreFile?: string;
}

/** The deploy stage's steps, in order: each `- uses:` with the `with:` values on the lines below it. */
function deploySteps(yml: string): Step[] {
  const section = /^deploy:\n([\s\S]*?)(?=^\S|(?![\s\S]))/m.exec(yml)![1];
  return section
    .split(/^ {2}- /m)
    .slice(1)
    .map((block) => {
      const step: Record<string, string> = { uses: /^uses: (\S+)/.exec(block)![1] };
      for (const m of block.matchAll(/^ {6}(\w+): (.+)$/gm)) step[m[1]] = m[2].trim();
      return step as unknown as Step;
    });
}

/** What the zip leaves out: .webappignore's lines are names or paths, and `*.log`-style globs. */
function ignoredBy(ignoreFile: string): (relative: string) => boolean {
  const patterns = ignoreFile.split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
  return (relative) =>
    patterns.some((p) => {
      if (p.includes('*')) return new RegExp(`^${p.replace(/\./g, '\\.').replace(/\*/g, '[^/]*')}$`).test(path.basename(relative));
      return relative === p || relative.startsWith(`${p}/`);
    });
}

const run = (cwd: string, args: string[]) =>
  new Promise<{ code: number; out: string }>((resolve) =>
    execFile('npm', args, { cwd, env: { ...process.env, npm_config_update_notifier: 'false' } }, (err, stdout, stderr) => resolve({ code: err ? 1 : 0, out: stdout + stderr })),
  );

let work: string;

beforeAll(() => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'firstday-deploy-'));
  // The working tree as it is (with files not yet committed), without what a build writes or git ignores.
  const skip = new Set(['.git', 'node_modules', 'dist', '.data', 'coverage', 'test-artifacts', 'devTools']);
  fs.cpSync(ROOT, work, { recursive: true, filter: (src) => !(path.dirname(src) === ROOT && skip.has(path.basename(src))) });
  fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(work, 'node_modules'), 'dir');
});

afterAll(() => {
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

test('the deploy stage installs, builds with npm run build, prunes, then zips the checkout', () => {
  const steps = deploySteps(read('m365agents.yml'));
  expect(steps.map((s) => (s.uses === 'cli/runNpmCommand' ? `npm ${s.args}` : s.uses))).toEqual([
    'npm install --no-audit --no-fund',
    'npm run build',
    'npm prune --omit=dev',
    'azureAppService/zipDeploy',
  ]);
  const zip = steps.at(-1)!;
  expect(zip.artifactFolder).toBe('.');
  expect(zip.ignoreFile).toBe('./infra/.webappignore');
});

test('the deployment package holds the built tab and the server bundle the web app starts', async () => {
  const steps = deploySteps(read('m365agents.yml'));
  const builds = steps.filter((s) => s.uses === 'cli/runNpmCommand' && !/^(install|ci|prune)\b/.test(s.args!));
  expect(builds.length).toBeGreaterThan(0);
  for (const step of builds) {
    const result = await run(work, step.args!.split(/\s+/));
    expect({ step: step.args, code: result.code, out: result.code ? result.out : '' }).toEqual({ step: step.args, code: 0, out: '' });
  }

  // The files the zip would carry.
  const zip = steps.find((s) => s.uses === 'azureAppService/zipDeploy')!;
  const ignored = ignoredBy(fs.readFileSync(path.join(work, zip.ignoreFile!), 'utf8'));
  const packaged = (relative: string) => !ignored(relative) && fs.existsSync(path.join(work, zip.artifactFolder!, relative));

  // The tab: its page, and the script it loads, both in the package.
  expect(packaged('dist/tab/index.html')).toBe(true);
  const html = fs.readFileSync(path.join(work, 'dist/tab/index.html'), 'utf8');
  const script = /<script type="module" src="\.\/([^"]+)"/.exec(html)?.[1];
  expect(script).toMatch(/^main-\w+\.js$/);
  expect(packaged(`dist/tab/${script}`)).toBe(true);
  expect(fs.statSync(path.join(work, 'dist/tab', script!)).size).toBeGreaterThan(10_000);

  // The server: what the web app's start command runs, with the packages it requires at run time.
  const command = /appCommandLine: 'node ([^']+)'/.exec(read('infra/modules/web-app.bicep'))![1];
  expect(packaged(command)).toBe(true);
  expect(packaged(`${command}.map`)).toBe(true);
  expect(packaged('package.json')).toBe(true);
  expect(ignored('node_modules/botbuilder/package.json')).toBe(false);
  // ...and nothing that stays behind: tests, docs, environment files.
  for (const left of ['test/package/deploy-build.test.ts', 'docs/deploy.md', 'env/.env.dev', 'infra/main.bicep']) expect(ignored(left)).toBe(true);
});
