/**
 * The deployment and the server agree. Bicep cannot be compiled here, so its text is read: the app
 * settings main.bicep gives the web app, its modules and their parameters, its outputs, and the
 * Agents Toolkit files (m365agents.yml, env/.env.dev, the parameters file, the Entra manifest).
 */
import fs from 'node:fs';
import path from 'node:path';
import { SETTINGS } from '../../bot/platform/config';

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

test('the one secret, the service key, reaches the web app only as a Key Vault reference; the bot has none', () => {
  const secrets = new Map([...objectEntries(mainBicep, 'serverSettings'), ...objectEntries(mainBicep, 'apiKeySetting')]);
  expect(secrets.has('MicrosoftAppPassword')).toBe(false);
  expect(secrets.get('FIRSTDAY_API_KEY')).toMatch(/^'@Microsoft\.KeyVault\(SecretUri=\$\{vault\.outputs\.\w+\}\)'$/);
  // The API key setting exists only when a key was given: a dangling reference would be taken as the key itself.
  expect(mainBicep).toMatch(/^var apiKeySetting = empty\(firstdayApiKey\) \? \{\} : \{$/m);
  expect(mainBicep).toMatch(/@secure\(\)\n(@description\([^\n]*\)\n)?param firstdayApiKey string/);
  // No client secret anywhere in the deployment: not a parameter, not a vault secret.
  for (const file of ['infra/main.bicep', 'infra/modules/key-vault.bicep', 'infra/main.parameters.json', 'm365agents.yml']) {
    expect(read(file)).not.toMatch(/botAppPassword|bot-app-password|SECRET_|clientSecret/);
  }
  expect(read('m365agents.yml')).toMatch(/generateClientSecret: false/);
});

test('the bot is the user-assigned managed identity: the Azure Bot, the server\'s settings and the package\'s bot id agree', () => {
  const settings = objectEntries(mainBicep, 'serverSettings');
  expect(settings.get('MicrosoftAppType')).toBe("'UserAssignedMSI'");
  expect(settings.get('MicrosoftAppId')).toBe('identity.properties.clientId');
  expect(settings.get('MicrosoftAppTenantId')).toBe('identity.properties.tenantId');
  // Storage is reached by the same identity.
  expect(settings.get('AZURE_CLIENT_ID')).toBe('identity.properties.clientId');
  // The tab's single sign-on stays the Entra app registration.
  expect(settings.get('AAD_APP_CLIENT_ID')).toBe('aadAppClientId');

  const bot = read('infra/modules/bot.bicep');
  expect(bot).toMatch(/msaAppType: 'UserAssignedMSI'/);
  expect(bot).toMatch(/msaAppId: identityClientId/);
  expect(bot).toMatch(/msaAppMSIResourceId: identityResourceId/);
  expect(bot).toMatch(/msaAppTenantId: tenantId/);
  const use = /^module bot 'modules\/bot\.bicep' = \{\n([\s\S]*?)^\}/m.exec(mainBicep)![1];
  expect(use).toMatch(/identityClientId: identity\.properties\.clientId/);
  expect(use).toMatch(/identityResourceId: identity\.id/);
  expect(use).toMatch(/tenantId: identity\.properties\.tenantId/);

  // The web app runs as that identity, and the Teams package names it as the bot.
  expect(read('infra/modules/web-app.bicep')).toMatch(/userAssignedIdentities: \{\n\s+'\$\{identityId\}': \{\}/);
  expect(/^ {4}identityId: (.+)$/m.exec(/^module web [\s\S]*?^\}/m.exec(mainBicep)![0])![1]).toBe('identity.id');
  expect(mainBicep).toMatch(/^output BOT_ID string = identity\.properties\.clientId$/m);
  expect(read('appPackage/manifest.template.json')).toMatch(/"botId": "\$\{\{BOT_ID\}\}"/);
  // The identity's object id is what the Entra app's federated credential trusts (docs/deploy.md, step 3).
  expect(mainBicep).toMatch(/^output IDENTITY_PRINCIPAL_ID string = identity\.properties\.principalId$/m);
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
  expect(bot).toMatch(/name: 'MsTeamsChannel'/);
  expect(mainBicep).toMatch(/messagingEndpoint: 'https:\/\/\$\{publicHost\}\/api\/messages'/);
  const web = read('infra/modules/web-app.bicep');
  expect(web).toMatch(/keyVaultReferenceIdentity: identityId/);
  expect(web).toMatch(/alwaysOn: true/);
  expect(mainBicep).toMatch(/'Microsoft\.ManagedIdentity\/userAssignedIdentities@/);
  expect(read('infra/modules/monitoring.bicep')).toMatch(/WorkspaceResourceId: workspace\.id/);
});

test('the web app runs what npm run build:server writes, the deploy\'s build runs it, and the deploy zip keeps it', () => {
  const web = read('infra/modules/web-app.bicep');
  const command = /appCommandLine: 'node ([^']+)'/.exec(web)![1];
  const pkg = JSON.parse(read('package.json')) as { scripts: Record<string, string> };
  expect(pkg.scripts['build:server']).toContain(`--outfile=${command}`);
  expect(read('m365agents.yml')).toMatch(/args: run build$/m);
  expect(pkg.scripts.build.split('&&').map((c) => c.trim())).toEqual(['npm run build:tab', 'npm run build:server']);
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
    expect(uses('deploy')).toEqual(['cli/runNpmCommand', 'cli/runNpmCommand', 'cli/runNpmCommand', 'azureAppService/zipDeploy']);
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

  test('production provisioning writes no secret; local debugging\'s lives only in the git-ignored .user file', () => {
    expect([...written].filter((n) => n.startsWith('SECRET_'))).toEqual([]);
    const local = read('m365agents.local.yml');
    const writtenLocally = [...local.matchAll(/^ {6}\w+: ([A-Z_][A-Z0-9_]*)$/gm)].map((m) => m[1]);
    expect(writtenLocally.filter((n) => n.startsWith('SECRET_'))).toEqual(['SECRET_AAD_APP_CLIENT_SECRET']);
    for (const file of ['env/.env.dev', 'env/.env.local', 'env/.env.playground']) expect(read(file)).not.toMatch(/^SECRET_/m);
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

describe('Node.js 22 LTS in production', () => {
  const pkg = JSON.parse(read('package.json')) as { engines: { node: string }; scripts: Record<string, string> };
  const major = (v: string) => Number(/^v?(\d+)/.exec(v)![1]);
  /** Whether a version satisfies an engines range of space-separated comparators, e.g. ">=20.19 <23". */
  function satisfies(version: string, range: string): boolean {
    const v = version.replace(/^v/, '').split('.').map(Number);
    const cmp = (w: number[]) => v[0] - w[0] || v[1] - (w[1] ?? 0) || v[2] - (w[2] ?? 0);
    return range.split(/\s+/).every((c) => {
      const m = /^(>=|<=|>|<)(\d+(?:\.\d+){0,2})$/.exec(c);
      if (!m) throw new Error(`unexpected comparator "${c}" in engines`);
      const d = cmp(m[2].split('.').map(Number));
      return { '>=': d >= 0, '<=': d <= 0, '>': d > 0, '<': d < 0 }[m[1]]!;
    });
  }

  test('the web app\'s runtime, the server bundle\'s target and engines name the same major version', () => {
    const runtime = /linuxFxVersion: 'NODE\|(\d+)-lts'/.exec(read('infra/modules/web-app.bicep'))![1];
    const target = /--target=node(\d+)\b/.exec(pkg.scripts['build:server'])![1];
    expect(runtime).toBe('22');
    expect(target).toBe(runtime);
    expect(satisfies(`${runtime}.0.0`, pkg.engines.node)).toBe(true);
    expect(satisfies(`${runtime}.99.0`, pkg.engines.node)).toBe(true);
    // Nothing past the production line is claimed: it has not been tried.
    expect(satisfies(`${Number(runtime) + 1}.0.0`, pkg.engines.node)).toBe(false);
  });

  test('engines admits the Node.js these tests run on (development on 20.19 or later still works)', () => {
    expect(satisfies(process.version, pkg.engines.node)).toBe(true);
    expect(satisfies('20.18.0', pkg.engines.node)).toBe(false);
  });

  test('the README and the deploy guide say the same', () => {
    const guide = read('docs/deploy.md');
    const said = [...guide.matchAll(/Node(?:\.js)? (\d+)/g)].map((m) => m[1]);
    expect(said.length).toBeGreaterThanOrEqual(2);
    expect(new Set(said)).toEqual(new Set(['22']));
    expect(guide).toMatch(/Linux web app \(Node 22 LTS\)/);
    const readme = read('README.md');
    expect(readme).toMatch(/Requires Node\.js 22 LTS/);
    const lowest = /^>=(\d+\.\d+)/.exec(pkg.engines.node)![1];
    expect(readme).toContain(`Node.js ${lowest} or`);
    expect(readme).toContain(`\`${pkg.engines.node}\``);
    expect(major(lowest)).toBeLessThan(22);
  });
});
