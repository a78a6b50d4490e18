/**
 * The deployment and the server agree. Bicep cannot be compiled here, so its text is read: the app
 * settings main.bicep gives the web app, its modules and their parameters, its outputs, and the
 * Agents Toolkit files (m365agents.yml, env/.env.dev, the parameters file, the Entra manifest).
 */
import fs from 'node:fs';
import path from 'node:path';
import { SETTINGS } from '../../bot/config';

const ROOT = path.resolve(__dirname, '../..');
const read = (file: string) => fs.readFileSync(path.join(ROOT, file), 'utf8');
const mainBicep = read('infra/main.bicep');

/** The keys of a Bicep object literal assigned to `var <name> = {` (or `... ? {} : {`). */
function objectKeys(bicep: string, varName: string): string[] {
  const start = bicep.search(new RegExp(`^var ${varName} = [^\\n]*\\{\\s*$`, 'm'));
  expect(start).toBeGreaterThanOrEqual(0);
  const body = bicep.slice(bicep.indexOf('\n', start) + 1);
  const end = body.search(/^\}/m);
  return [...body.slice(0, end).matchAll(/^ {2}([A-Za-z_][A-Za-z0-9_]*):/gm)].map((m) => m[1]);
}

function objectEntries(bicep: string, varName: string): Map<string, string> {
  const start = bicep.search(new RegExp(`^var ${varName} = [^\\n]*\\{\\s*$`, 'm'));
  const body = bicep.slice(bicep.indexOf('\n', start) + 1);
  const end = body.search(/^\}/m);
  return new Map([...body.slice(0, end).matchAll(/^ {2}([A-Za-z_][A-Za-z0-9_]*): (.*)$/gm)].map((m) => [m[1], m[2]]));
}

const serverSettings = objectKeys(mainBicep, 'serverSettings');
const apiKeySetting = objectKeys(mainBicep, 'apiKeySetting');
const platformSettings = objectKeys(mainBicep, 'platformSettings');
const readBySever = new Set(SETTINGS.map((s) => s.name));

test('the web app gets the server, API key and platform settings together', () => {
  expect(mainBicep).toMatch(/resource appSettings 'Microsoft\.Web\/sites\/config@[^']+' = \{\s*name: '\$\{resourceBaseName\}\/appsettings'\s*properties: union\(serverSettings, apiKeySetting, platformSettings\)/);
});

test('every setting production requires is set by the Bicep, with the storage endpoint and the identity for it', () => {
  const required = SETTINGS.filter((s) => s.production === 'required').map((s) => s.name);
  expect(required.length).toBeGreaterThan(3);
  expect(required.filter((name) => !serverSettings.includes(name))).toEqual([]);
  expect(serverSettings).toEqual(expect.arrayContaining(['TABLES_ENDPOINT', 'AZURE_CLIENT_ID']));
  expect(serverSettings).not.toContain('TABLES_CONNECTION_STRING');
});

test('every setting the Bicep gives the server is one the server reads, and none is forbidden in production', () => {
  const given = [...serverSettings, ...apiKeySetting];
  expect(given.filter((name) => !readBySever.has(name))).toEqual([]);
  const forbidden = SETTINGS.filter((s) => s.production === 'forbidden').map((s) => s.name);
  expect(given.filter((name) => forbidden.includes(name))).toEqual([]);
  expect(objectEntries(mainBicep, 'serverSettings').get('NODE_ENV')).toBe("'production'");
});

test('the platform settings are App Service\'s own, not the server\'s', () => {
  expect(platformSettings.length).toBeGreaterThan(0);
  expect(platformSettings.filter((name) => !/^(WEBSITE|SCM)_/.test(name) || readBySever.has(name))).toEqual([]);
});

test('secrets reach the web app only as Key Vault references', () => {
  const secrets = new Map([...objectEntries(mainBicep, 'serverSettings'), ...objectEntries(mainBicep, 'apiKeySetting')]);
  expect(secrets.get('MicrosoftAppPassword')).toMatch(/^'@Microsoft\.KeyVault\(SecretUri=\$\{vault\.outputs\.\w+\}\)'$/);
  expect(secrets.get('FIRSTDAY_API_KEY')).toMatch(/^'@Microsoft\.KeyVault\(SecretUri=\$\{vault\.outputs\.\w+\}\)'$/);
  // The API key setting exists only when a key was given: a dangling reference would be taken as the key itself.
  expect(mainBicep).toMatch(/^var apiKeySetting = empty\(firstdayApiKey\) \? \{\} : \{$/m);
  expect(mainBicep).toMatch(/@secure\(\)\n(@description\([^\n]*\)\n)?param botAppPassword string/);
  expect(mainBicep).toMatch(/@secure\(\)\n(@description\([^\n]*\)\n)?param firstdayApiKey string/);
});

describe('modules', () => {
  const modules = [...mainBicep.matchAll(/^module (\w+) '([^']+)' = \{\n([\s\S]*?)^\}/gm)].map((m) => ({ name: m[1], file: m[2], body: m[3] }));

  test('main.bicep uses the five modules', () => {
    expect(modules.map((m) => m.file).sort()).toEqual(['modules/bot.bicep', 'modules/key-vault.bicep', 'modules/monitoring.bicep', 'modules/storage.bicep', 'modules/web-app.bicep']);
  });

  test.each(['bot', 'key-vault', 'monitoring', 'storage', 'web-app'])('%s.bicep gets every parameter it needs and no other', (name) => {
    const use = modules.find((m) => m.file === `modules/${name}.bicep`)!;
    const text = read(`infra/modules/${name}.bicep`);
    const declared = [...text.matchAll(/^param (\w+) \w+( = .*)?$/gm)].map((m) => ({ name: m[1], optional: Boolean(m[2]) }));
    const paramsBlock = /params: \{\n([\s\S]*?)\n {2}\}/.exec(use.body)![1];
    const passed = [...paramsBlock.matchAll(/^ {4}(\w+):/gm)].map((m) => m[1]);
    expect(passed.filter((p) => !declared.some((d) => d.name === p))).toEqual([]);
    expect(declared.filter((d) => !d.optional && !passed.includes(d.name)).map((d) => d.name)).toEqual([]);
    // Every module output main.bicep reads exists.
    const outputs = [...text.matchAll(/^output (\w+) /gm)].map((m) => m[1]);
    const readOutputs = [...mainBicep.matchAll(new RegExp(`\\b${use.name}\\.outputs\\.(\\w+)`, 'g'))].map((m) => m[1]);
    expect(readOutputs.filter((o) => !outputs.includes(o))).toEqual([]);
  });
});

test('the resources are the ones the product needs, configured as it needs them', () => {
  const storage = read('infra/modules/storage.bicep');
  expect(storage).toMatch(/allowSharedKeyAccess: false/);
  // Storage Table Data Contributor, given to the managed identity.
  expect(storage).toMatch(/'0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'/);
  const vault = read('infra/modules/key-vault.bicep');
  expect(vault).toMatch(/enableRbacAuthorization: true/);
  // Key Vault Secrets User.
  expect(vault).toMatch(/'4633458b-17de-408a-b874-0445c86b69e6'/);
  const bot = read('infra/modules/bot.bicep');
  expect(bot).toMatch(/msaAppType: 'SingleTenant'/);
  expect(bot).toMatch(/name: 'MsTeamsChannel'/);
  expect(mainBicep).toMatch(/messagingEndpoint: 'https:\/\/\$\{publicHost\}\/api\/messages'/);
  const web = read('infra/modules/web-app.bicep');
  expect(web).toMatch(/linuxFxVersion: 'NODE\|20-lts'/);
  expect(web).toMatch(/keyVaultReferenceIdentity: identityId/);
  expect(web).toMatch(/alwaysOn: true/);
  expect(mainBicep).toMatch(/'Microsoft\.ManagedIdentity\/userAssignedIdentities@/);
  expect(read('infra/modules/monitoring.bicep')).toMatch(/WorkspaceResourceId: workspace\.id/);
});

test('the web app runs what npm run build:server writes, and the deploy zip keeps it', () => {
  const web = read('infra/modules/web-app.bicep');
  const command = /appCommandLine: 'node ([^']+)'/.exec(web)![1];
  const pkg = JSON.parse(read('package.json')) as { scripts: Record<string, string> };
  expect(pkg.scripts['build:server']).toContain(`--outfile=${command}`);
  expect(read('m365agents.yml')).toMatch(/args: run build:server/);
  const ignored = read('infra/.webappignore').split('\n').filter((l) => l && !l.startsWith('#'));
  expect(ignored.filter((l) => /^(dist|node_modules|bot|package\.json)/.test(l))).toEqual([]);
});

describe('the Agents Toolkit files', () => {
  const yml = read('m365agents.yml');
  const envDev = new Set([...read('env/.env.dev').matchAll(/^([A-Z_][A-Z0-9_]*)=/gm)].map((m) => m[1]));
  const written = new Set([...yml.matchAll(/^ {6}\w+: ([A-Z_][A-Z0-9_]*)$/gm)].map((m) => m[1]));
  const outputs = [...mainBicep.matchAll(/^output (\w+) /gm)].map((m) => m[1]);
  const builtIn = new Set(['TEAMSFX_ENV', 'AZURE_SUBSCRIPTION_ID', 'AZURE_RESOURCE_GROUP_NAME']);

  test('the actions are the toolkit\'s, in the order provision needs them', () => {
    const uses = (section: string) => {
      const body = new RegExp(`^${section}:\\n([\\s\\S]*?)(?=^\\w|(?![\\s\\S]))`, 'm').exec(yml)![1];
      return [...body.matchAll(/- uses: ([\w/]+)/g)].map((m) => m[1]);
    };
    expect(uses('provision')).toEqual([
      'aadApp/create',
      'teamsApp/create',
      'arm/deploy',
      'aadApp/update',
      'teamsApp/validateManifest',
      'teamsApp/zipAppPackage',
      'teamsApp/validateAppPackage',
      'teamsApp/update',
    ]);
    expect(uses('deploy')).toEqual(['cli/runNpmCommand', 'cli/runNpmCommand', 'cli/runNpmCommand', 'cli/runNpmCommand', 'azureAppService/zipDeploy']);
    expect(uses('publish')).toContain('teamsApp/publishAppPackage');
    expect(yml).toMatch(/path: \.\/infra\/main\.bicep\n\s+# [^\n]*\n\s+parameters: \.\/infra\/main\.parameters\.json/);
  });

  test('every Bicep output is a variable the committed env file lists, for provision to fill', () => {
    expect(outputs.filter((o) => !envDev.has(o))).toEqual([]);
  });

  test.each(['m365agents.yml', 'infra/main.parameters.json', 'aad.manifest.json', 'appPackage/manifest.template.json'])(
    'every ${{NAME}} in %s comes from env/.env.dev, an earlier action or a Bicep output',
    (file) => {
      const used = new Set([...read(file).matchAll(/\$\{\{([A-Z_][A-Z0-9_]*)\}\}/g)].map((m) => m[1]));
      expect(used.size).toBeGreaterThan(0);
      const undefinedNames = [...used].filter((n) => !envDev.has(n) && !written.has(n) && !outputs.includes(n) && !builtIn.has(n));
      expect(undefinedNames).toEqual([]);
    },
  );

  test('the Bicep parameters without a default are all given by the parameters file', () => {
    const params = JSON.parse(read('infra/main.parameters.json')).parameters as Record<string, unknown>;
    const required = [...mainBicep.matchAll(/^param (\w+) \w+$/gm)].map((m) => m[1]);
    expect(required.filter((p) => !(p in params))).toEqual([]);
    const declared = [...mainBicep.matchAll(/^param (\w+) /gm)].map((m) => m[1]);
    expect(Object.keys(params).filter((p) => !declared.includes(p))).toEqual([]);
  });

  test('secrets live only in the git-ignored .user file', () => {
    const secretNames = [...written].filter((n) => n.startsWith('SECRET_'));
    expect(secretNames).toEqual(['SECRET_AAD_APP_CLIENT_SECRET']);
    expect([...envDev].filter((n) => n.startsWith('SECRET_'))).toEqual([]);
    expect(read('.gitignore')).toMatch(/^env\/\.env\.\*\.user$/m);
  });

  test('the Entra app exposes access_as_user on api://<host>/<client id> to the Teams clients, and asks for the Graph permissions', () => {
    const aad = JSON.parse(read('aad.manifest.json'));
    expect(aad.identifierUris).toEqual(['api://${{PUBLIC_HOST}}/${{AAD_APP_CLIENT_ID}}']);
    expect(aad.signInAudience).toBe('AzureADMyOrg');
    expect(aad.oauth2Permissions.map((p: { value: string }) => p.value)).toEqual(['access_as_user']);
    // Teams desktop and mobile, and Teams on the web.
    expect(aad.preAuthorizedApplications.map((p: { appId: string }) => p.appId).sort()).toEqual(['1fec8e78-bce4-4aaf-ab1b-5451cc387264', '5e3ce6c0-2b1f-4285-8d4b-75ee78787346']);
    const graph = aad.requiredResourceAccess.find((r: { resourceAppId: string }) => r.resourceAppId === 'Microsoft Graph');
    expect(graph.resourceAccess).toEqual(
      expect.arrayContaining([
        { id: 'User.Read.All', type: 'Role' },
        { id: 'GroupMember.Read.All', type: 'Role' },
        { id: 'TeamsActivity.Send', type: 'Role' },
      ]),
    );
  });
});
