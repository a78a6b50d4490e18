/**
 * F5 in Visual Studio Code with the Agents Toolkit: .vscode/launch.json and tasks.json, m365agents.local.yml
 * and the env templates fit together, the Playground configuration needs no Azure and no Microsoft 365
 * account, and the settings the local deploy writes are ones the server accepts (while `npm start` alone
 * still reads none of them and keeps embedded storage).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { loadConfig, SETTINGS } from '../../bot/platform/config';

const ROOT = path.resolve(__dirname, '../..');
const read = (file: string) => fs.readFileSync(path.join(ROOT, file), 'utf8');

/** VS Code's JSON with comments: drop // and block comments outside strings, and trailing commas. */
function parseJsonc(text: string): any {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      const end = /"(?:[^"\\]|\\.)*"/y;
      end.lastIndex = i;
      const m = end.exec(text)!;
      out += m[0];
      i += m[0].length - 1;
    } else if (text.startsWith('//', i)) i = text.indexOf('\n', i) - 1;
    else if (text.startsWith('/*', i)) i = text.indexOf('*/', i) + 1;
    else out += c;
  }
  return JSON.parse(out.replace(/,(\s*[}\]])/g, '$1'));
}

interface Task {
  label: string;
  type?: string;
  command?: string;
  args?: any;
  dependsOn?: string[];
}

const launch = parseJsonc(read('.vscode/launch.json'));
const tasks: Task[] = parseJsonc(read('.vscode/tasks.json')).tasks;
const localYml = read('m365agents.local.yml');
const envNames = (file: string) => new Set([...read(file).matchAll(/^([A-Z_][A-Z0-9_]*)=/gm)].map((m) => m[1]));

/** A task and everything it depends on, in the order VS Code runs them. */
function chain(label: string): Task[] {
  const task = tasks.find((t) => t.label === label);
  expect(task).toBeDefined();
  return [...(task!.dependsOn ?? []).flatMap(chain), task!];
}

const attach = launch.configurations.find((c: { request: string }) => c.request === 'attach');
const compound = (name: string) => launch.compounds.find((c: { name: string }) => c.name === name);

test('every compound names configurations and a task that exist, and attaches to the port the server opens its inspector on', () => {
  expect(attach).toMatchObject({ type: 'node', port: expect.any(Number) });
  for (const c of launch.compounds) {
    for (const name of c.configurations) expect(launch.configurations.map((x: { name: string }) => x.name)).toContain(name);
    const started = chain(c.preLaunchTask).filter((t) => t.type === 'shell');
    expect(started).toHaveLength(1);
    expect(started[0].command).toContain(`--inspect=${attach.port}`);
  }
});

test('"Debug in Agents Playground" comes first and needs no Azure and no Microsoft 365 account', () => {
  expect(launch.compounds[0].name).toBe('Debug in Agents Playground');
  expect(compound('Debug in Agents Playground').presentation.order).toBe(1);
  const steps = chain(compound('Debug in Agents Playground').preLaunchTask);
  expect(steps.filter((t) => t.type === 'teamsfx').map((t) => t.command)).toEqual(['debug-check-prerequisites']);
  expect(steps.flatMap((t) => t.args?.prerequisites ?? [])).not.toContain('m365Account');
  // The same script as `npm run playground`, with the debugger.
  const script = /tsx (scripts\/playground\.ts)/.exec(JSON.parse(read('package.json')).scripts.playground)![1];
  expect(steps.find((t) => t.type === 'shell')!.command).toMatch(new RegExp(`^npx tsx --inspect=\\d+ ${script.replace('.', '\\.')}$`));
  expect(read('env/.env.playground')).toMatch(/^TEAMSFX_ENV=playground$/m);
});

test.each(['Debug in Teams (Edge)', 'Debug in Teams (Chrome)'])('"%s" opens a tunnel, provisions and deploys env "local", then starts the server with what deploy wrote', (name) => {
  const c = compound(name);
  const steps = chain(c.preLaunchTask);
  expect(steps.filter((t) => t.type === 'teamsfx').map((t) => `${t.command}${t.args?.env ? ` ${t.args.env}` : ''}`)).toEqual([
    'debug-check-prerequisites',
    'debug-start-local-tunnel local',
    'provision local',
    'deploy local',
  ]);
  const tunnel = steps.find((t) => t.command === 'debug-start-local-tunnel')!;
  expect(tunnel.args.ports).toEqual([expect.objectContaining({ portNumber: 3978, writeToEnvironmentFile: { endpoint: 'BOT_ENDPOINT', domain: 'PUBLIC_HOST' } })]);

  const start = steps.find((t) => t.type === 'shell')!.command!;
  const settingsFile = /file\/createOrUpdateEnvironmentFile\n\s+with:\n\s+target: \.\/(\S+)/.exec(localYml)![1];
  expect(start).toContain(`--env-file=${settingsFile}`);
  expect(start).toMatch(/bot\/index\.ts$/);
  expect(start).toMatch(/^npm run build:tab && /);

  const browser = launch.configurations.find((x: { name: string; request: string }) => c.configurations.includes(x.name) && x.request === 'launch');
  expect(browser.url).toMatch(/^https:\/\/teams\.microsoft\.com\/l\/app\/\$\{\{local:TEAMS_APP_ID\}\}\?installAppPackage=true/);
});

describe('m365agents.local.yml', () => {
  const section = (name: string) => new RegExp(`^${name}:\\n([\\s\\S]*?)(?=^\\S|(?![\\s\\S]))`, 'm').exec(localYml)![1];

  test('registers the app, a bot for local debugging on the tunnel, the single sign-on and the package, in that order', () => {
    expect([...section('provision').matchAll(/- uses: ([\w/]+)/g)].map((m) => m[1])).toEqual([
      'teamsApp/create',
      'aadApp/create',
      'script',
      'botFramework/create',
      'aadApp/update',
      'teamsApp/validateManifest',
      'teamsApp/zipAppPackage',
      'teamsApp/validateAppPackage',
      'teamsApp/update',
    ]);
    expect(localYml).toMatch(/messagingEndpoint: \$\{\{BOT_ENDPOINT\}\}\/api\/messages/);
    expect(localYml).toMatch(/manifestPath: \.\/aad\.manifest\.json/);
    expect([...section('deploy').matchAll(/- uses: ([\w/]+)/g)].map((m) => m[1])).toEqual(['cli/runNpmCommand', 'file/createOrUpdateEnvironmentFile']);
    expect(section('deploy')).toMatch(/args: install\b/);
  });

  test('every ${{NAME}} it and the package use comes from env/.env.local, the tunnel or an earlier action', () => {
    const local = envNames('env/.env.local');
    const written = new Set([...localYml.matchAll(/^ {6}\w+: ([A-Z_][A-Z0-9_]*)$/gm)].map((m) => m[1]));
    const setByScript = new Set([...localYml.matchAll(/::set-teamsfx-env (\w+)=/g)].map((m) => m[1]));
    // The tunnel task writes its two names into env/.env.local, which lists them.
    for (const n of ['PUBLIC_HOST', 'BOT_ENDPOINT']) expect(local.has(n)).toBe(true);
    for (const file of ['m365agents.local.yml', 'aad.manifest.json', 'appPackage/manifest.template.json']) {
      const used = [...read(file).matchAll(/\$\{\{([A-Z_][A-Z0-9_]*)\}\}/g)].map((m) => m[1]);
      expect({ file, missing: used.filter((n) => !local.has(n) && !written.has(n) && !setByScript.has(n)) }).toEqual({ file, missing: [] });
    }
    // The package's bot id is the local app itself.
    expect(localYml).toMatch(/::set-teamsfx-env BOT_ID=\$\{\{AAD_APP_CLIENT_ID\}\}/);
  });

  test('the settings it writes for the server are ones the server reads, and the server accepts them as a local bot on embedded storage', () => {
    const envs = /target: \.\/\.localConfigs\n\s+envs:\n((?: {8}\w+: .+\n?)+)/.exec(localYml)![1];
    const entries = [...envs.matchAll(/^ {8}(\w+): (.+)$/gm)].map((m) => [m[1], m[2].trim()] as const);
    const names = new Set(SETTINGS.map((s) => s.name));
    expect(entries.map(([k]) => k).filter((k) => !names.has(k))).toEqual([]);
    expect(entries.map(([k]) => k)).not.toEqual(expect.arrayContaining(['TABLES_CONNECTION_STRING']));

    // As provision would fill them.
    const filled: Record<string, string> = {
      AAD_APP_CLIENT_ID: 'a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d',
      SECRET_AAD_APP_CLIENT_SECRET: 'local-secret',
      AAD_APP_TENANT_ID: '3f5c2b1a-9d8e-4c7b-a6f5-0e1d2c3b4a59',
      PUBLIC_HOST: 'abc123-3978.uks1.devtunnels.ms',
      TEAMS_APP_ID: '0b5e3c1a-2222-4d4f-8e6a-1b2c3d4e5f60',
    };
    const env = Object.fromEntries(entries.map(([k, v]) => [k, v.replace(/\$\{\{(\w+)\}\}/g, (_, n: string) => filled[n] ?? `unfilled ${n}`)]));
    expect(Object.values(env).filter((v) => v.startsWith('unfilled'))).toEqual([]);
    const config = loadConfig({ ...env, FIRSTDAY_DATA_DIR: path.join(ROOT, '.data') });
    expect(config.production).toBe(false);
    expect(config.bot).toMatchObject({ appId: filled.AAD_APP_CLIENT_ID, appType: 'SingleTenant', appTenantId: filled.AAD_APP_TENANT_ID });
    expect(config.storage.kind).toBe('embedded');
    expect(config.host).toBe('127.0.0.1');
  });
});

test('the local secret and settings stay out of git; the env templates are committed', () => {
  const ignored = (file: string) => {
    try {
      execFileSync('git', ['check-ignore', '-q', '--no-index', file], { cwd: ROOT });
      return true;
    } catch {
      return false;
    }
  };
  expect(ignored('.localConfigs')).toBe(true);
  expect(ignored('env/.env.local.user')).toBe(true);
  for (const file of ['env/.env.local', 'env/.env.playground', '.vscode/launch.json', '.vscode/tasks.json', 'm365agents.local.yml']) expect({ file, ignored: ignored(file) }).toEqual({ file, ignored: false });
});

test('npm start reads no local settings file: with nothing set it keeps embedded storage and anonymous loopback', () => {
  const scripts = JSON.parse(read('package.json')).scripts as Record<string, string>;
  expect(scripts.start).not.toMatch(/env-file|localConfigs/);
  const config = loadConfig({});
  expect(config.storage.kind).toBe('embedded');
  expect(config.bot.appId).toBeUndefined();
  expect(config.host).toBe('127.0.0.1');
});
