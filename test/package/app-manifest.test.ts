/** The Teams manifest template, filled as `npm run package` fills it, against the official schema (offline). */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ICON_BACKGROUND } from '../../scripts/make-icons';
import { fillPlaceholders, loadVariables, PackageError, readEnvFile, validateAgainstTeamsSchema } from '../../scripts/package-app';

// @microsoft/app-manifest loads strip-bom, an ES module jest's CommonJS runtime cannot require (Node can,
// and `npm run package` runs under Node). Schema validation never calls it; this is the same function.
jest.mock('strip-bom', () => ({ __esModule: true, default: (text: string) => text.replace(/^\uFEFF/, '') }));

const ROOT = path.resolve(__dirname, '../..');
const TEMPLATE = fs.readFileSync(path.join(ROOT, 'appPackage/manifest.template.json'), 'utf8');
const BOT_ID = '0b5e3c1a-2222-4d4f-8e6a-1b2c3d4e5f60';
const HOST = 'firstday-oaktrust.azurewebsites.net';

const complete = [
  'TEAMSFX_ENV=ci',
  'TEAMS_APP_ID=6f1c2a80-1111-4c3e-9d2b-0a1b2c3d4e5f',
  `BOT_ID=${BOT_ID}`,
  `AAD_APP_CLIENT_ID=${BOT_ID}`,
  `PUBLIC_HOST=${HOST}`,
  'DEVELOPER_NAME="Oak Trust IT"',
  'DEVELOPER_WEBSITE_URL=https://www.oaktrust.example.org.uk',
  'PRIVACY_URL=https://www.oaktrust.example.org.uk/privacy-notice',
  'TERMS_OF_USE_URL=https://www.oaktrust.example.org.uk/acceptable-use',
  'APP_VERSION=1.4.2',
];

let envDir: string;
beforeEach(() => {
  envDir = fs.mkdtempSync(path.join(os.tmpdir(), 'firstday-env-'));
});
afterEach(() => fs.rmSync(envDir, { recursive: true, force: true }));

function fill(lines: string[]): Record<string, unknown> {
  fs.writeFileSync(path.join(envDir, '.env.ci'), `${lines.join('\n')}\n`);
  const vars = loadVariables({ env: 'ci', envDir, root: ROOT });
  return JSON.parse(fillPlaceholders(TEMPLATE, vars, 'appPackage/manifest.template.json', 'env/.env.ci')) as Record<string, unknown>;
}

function problemsOf(action: () => unknown): string[] {
  try {
    action();
  } catch (err) {
    if (err instanceof PackageError) return err.problems;
    throw err;
  }
  throw new Error('expected a PackageError');
}

test('uses the newest manifest schema @microsoft/app-manifest ships, 1.22 or later', () => {
  const dir = path.join(path.dirname(require.resolve('@microsoft/app-manifest/package.json')), 'build/json-schemas/teams');
  const versions = fs
    .readdirSync(dir)
    .filter((v) => /^v\d+\.\d+$/.test(v))
    .map((v) => v.slice(1))
    .sort((a, b) => Number(a.split('.')[1]) - Number(b.split('.')[1]));
  const newest = versions[versions.length - 1];
  const template = JSON.parse(TEMPLATE) as { manifestVersion: string; $schema: string };
  expect(Number(newest.split('.')[1])).toBeGreaterThanOrEqual(22);
  expect(template.manifestVersion).toBe(newest);
  expect(template.$schema).toBe(`https://developer.microsoft.com/json-schemas/teams/v${newest}/MicrosoftTeams.schema.json`);
});

test('the filled manifest is valid against the official schema and describes the bot, both tabs and SSO', async () => {
  const manifest = fill(complete) as any;
  expect(await validateAgainstTeamsSchema(manifest)).toEqual([]);

  expect(manifest.version).toBe('1.4.2');
  expect(manifest.developer).toEqual({
    name: 'Oak Trust IT',
    websiteUrl: 'https://www.oaktrust.example.org.uk',
    privacyUrl: 'https://www.oaktrust.example.org.uk/privacy-notice',
    termsOfUseUrl: 'https://www.oaktrust.example.org.uk/acceptable-use',
  });
  expect(manifest.name.short).toBe('Firstday');
  expect(manifest.description.full).toMatch(/first-day calls/);
  expect(manifest.description.full).toMatch(/designated safeguarding lead/);

  const [bot] = manifest.bots;
  expect(bot.botId).toBe(BOT_ID);
  expect(bot.scopes).toEqual(expect.arrayContaining(['team', 'personal']));
  const teamCommands = bot.commandLists.find((l: any) => l.scopes.includes('team')).commands.map((c: any) => c.title);
  expect(teamCommands).toEqual(expect.arrayContaining(['help', 'link', 'today']));

  const [channelTab] = manifest.configurableTabs;
  expect(channelTab.scopes).toEqual(['team']);
  expect(channelTab.configurationUrl.startsWith(`https://${HOST}/tab/`)).toBe(true);
  const myCases = manifest.staticTabs.find((t: any) => t.name === 'My cases');
  expect(myCases.scopes).toEqual(['personal']);
  expect(myCases.contentUrl.startsWith(`https://${HOST}/tab/`)).toBe(true);

  expect(manifest.webApplicationInfo).toEqual({ id: BOT_ID, resource: `api://${HOST}/${BOT_ID}` });
  expect(manifest.validDomains).toContain(HOST);
  // Activity-feed notifications for DSLs need their types declared.
  expect(manifest.activities.activityTypes.map((a: any) => a.type)).toEqual(expect.arrayContaining(['concernRaised']));
  // The accent colour is the colour icon's background.
  const hex = `#${ICON_BACKGROUND.map((c) => c.toString(16).padStart(2, '0')).join('')}`.toUpperCase();
  expect(manifest.accentColor.toUpperCase()).toBe(hex);
});

test('the schema check is not a formality: a manifest Teams would reject fails it', async () => {
  const manifest = fill(complete) as any;
  manifest.bots[0].scopes.push('everyone');
  manifest.staticTabs[0].contentUrl = 'ftp://example.org/tab';
  delete manifest.developer.privacyUrl;
  const problems = await validateAgainstTeamsSchema(manifest);
  expect(problems.join('\n')).toMatch(/bots\/0\/scopes\/2/);
  expect(problems.join('\n')).toMatch(/staticTabs\/0\/contentUrl/);
  expect(problems.join('\n')).toMatch(/privacyUrl/);
});

test('a missing or empty variable is named, with the file and line to fix', () => {
  const lines = complete.filter((l) => !l.startsWith('BOT_ID=')).map((l) => (l.startsWith('PUBLIC_HOST=') ? 'PUBLIC_HOST=' : l));
  const problems = problemsOf(() => fill(lines));
  expect(problems).toHaveLength(2);
  expect(problems.find((p) => p.startsWith('BOT_ID'))).toMatch(/^BOT_ID is not set: appPackage\/manifest.template.json needs it. Set it in env\/.env.ci/);
  expect(problems.find((p) => p.startsWith('PUBLIC_HOST'))).toMatch(/^PUBLIC_HOST is empty \(.*\.env\.ci line 4\)/); // line 4: BOT_ID was taken out above it
});

test('a malformed value is named with where it came from', () => {
  const lines = complete.map((l) => (l.startsWith('PUBLIC_HOST=') ? `PUBLIC_HOST=https://${HOST}/` : l.startsWith('TEAMS_APP_ID=') ? 'TEAMS_APP_ID=firstday' : l));
  const problems = problemsOf(() => fill(lines));
  expect(problems).toEqual([
    expect.stringMatching(/^TEAMS_APP_ID must be a GUID .*\(got "firstday", from .*\.env\.ci line 2\)/),
    expect.stringMatching(/^PUBLIC_HOST must be a host name only, without https:\/\/ .*\(got "https:\/\/firstday-oaktrust\.azurewebsites\.net\/"/),
  ]);
});

test('the environment wins over the env file, and the .user file holds secrets beside it', () => {
  fs.writeFileSync(path.join(envDir, '.env.ci'), `${complete.join('\n')}\n`);
  fs.writeFileSync(path.join(envDir, '.env.ci.user'), 'SECRET_AAD_APP_CLIENT_SECRET=from-user-file\n');
  const vars = loadVariables({ env: 'ci', envDir, root: ROOT, overrides: { PUBLIC_HOST: 'firstday.oaktrust.org.uk' } });
  expect(vars.get('PUBLIC_HOST')).toEqual({ value: 'firstday.oaktrust.org.uk', source: 'the environment' });
  expect(vars.get('SECRET_AAD_APP_CLIENT_SECRET')?.value).toBe('from-user-file');
  expect(vars.get('BOT_ID')?.source).toMatch(/\.env\.ci line 3$/);
});

test('a line that is not NAME=value is reported with its file and line', () => {
  const file = path.join(envDir, '.env.ci');
  fs.writeFileSync(file, 'TEAMSFX_ENV=ci\n\n# a comment\nPUBLIC_HOST firstday.example.org\n');
  expect(problemsOf(() => readEnvFile(file, 'env/.env.ci'))).toEqual(['env/.env.ci line 4 is not NAME=value: "PUBLIC_HOST firstday.example.org"']);
});

test('without APP_VERSION the package.json version is used', () => {
  const manifest = fill(complete.filter((l) => !l.startsWith('APP_VERSION='))) as { version: string };
  expect(manifest.version).toBe(JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version);
});

test('the committed env/.env.dev names every variable the template needs', () => {
  const dev = readEnvFile(path.join(ROOT, 'env/.env.dev'));
  const needed = [...TEMPLATE.matchAll(/\$\{\{([A-Z_]+)\}\}/g)].map((m) => m[1]);
  expect(needed.filter((n) => !dev.has(n))).toEqual([]);
});
