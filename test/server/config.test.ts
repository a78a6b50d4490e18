import { ConfigError, loadConfig } from '../../bot/platform/config';

function problems(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  return [];
}

test('with nothing set: local mode on loopback, port 3978, embedded storage, demo seeded', () => {
  const c = loadConfig({});
  expect(c).toMatchObject({ port: 3978, host: '127.0.0.1', production: false, storage: { kind: 'embedded', dataDir: '.data' }, seedDemo: true });
});

test('without bot credentials the server refuses to listen beyond loopback', () => {
  expect(problems({ HOST: '0.0.0.0' })).toEqual([expect.stringMatching(/HOST is "0\.0\.0\.0" but MicrosoftAppId is not set/)]);
});

test('every bad value is named, all at once', () => {
  const p = problems({ PORT: 'eighty', MicrosoftAppId: 'abc', FIRSTDAY_API_KEY: 'short', ALLOWED_TENANTS: 'contoso', SEED_DEMO: 'yes' });
  expect(p).toEqual(
    expect.arrayContaining([
      expect.stringMatching(/^PORT must be a whole number/),
      expect.stringMatching(/^MicrosoftAppPassword is required/),
      expect.stringMatching(/^MicrosoftAppTenantId is required/),
      expect.stringMatching(/^FIRSTDAY_API_KEY must be at least 32/),
      expect.stringMatching(/^ALLOWED_TENANTS has "contoso"/),
      expect.stringMatching(/^SEED_DEMO must be/),
    ]),
  );
  expect(p).toHaveLength(6);
});

test('production names each missing setting and refuses embedded storage and the development sign-in', () => {
  const p = problems({ NODE_ENV: 'production', DEV_SIGN_IN: 'true' });
  for (const name of ['MicrosoftAppId', 'MicrosoftAppTenantId', 'ALLOWED_TENANTS', 'AAD_APP_CLIENT_ID', 'PUBLIC_HOST', 'APPLICATIONINSIGHTS_CONNECTION_STRING', 'TABLES_ENDPOINT']) {
    expect(p.some((line) => line.startsWith(name))).toBe(true);
  }
  expect(p.some((line) => /DEV_SIGN_IN is on: the local development sign-in is refused in production/.test(line))).toBe(true);
});

test('a connection string selects real Table Storage and turns off the demo', () => {
  const c = loadConfig({ TABLES_CONNECTION_STRING: 'DefaultEndpointsProtocol=https;AccountName=firstday;AccountKey=abc;EndpointSuffix=core.windows.net' });
  expect(c.storage.kind).toBe('connection-string');
  expect(c.seedDemo).toBe(false);
});

test('REHEARSAL_START starts the clock at a local time in England (GMT and BST alike), is checked, and is refused in production', () => {
  expect(loadConfig({ REHEARSAL_START: '2026-11-23 09:25' }).rehearsalStart?.toISOString()).toBe('2026-11-23T09:25:00.000Z');
  expect(loadConfig({ REHEARSAL_START: '2026-06-15T09:25' }).rehearsalStart?.toISOString()).toBe('2026-06-15T08:25:00.000Z');
  expect(problems({ REHEARSAL_START: '2026-02-30 09:25' })).toEqual([expect.stringContaining('REHEARSAL_START must be a local date and time, "YYYY-MM-DD HH:MM" (got "2026-02-30 09:25")')]);
  expect(problems({ NODE_ENV: 'production', REHEARSAL_START: '2026-11-23 09:25' })).toContain("REHEARSAL_START is set: rehearsing a day moves the server's clock and is refused in production.");
});

test('TRUST_ADMIN_GROUP must be an Entra group object id', () => {
  expect(loadConfig({ TRUST_ADMIN_GROUP: '0b5e1c2d-3e4f-4a5b-8c6d-7e8f9a0b1c2d' }).trustAdminGroup).toBe('0b5e1c2d-3e4f-4a5b-8c6d-7e8f9a0b1c2d');
  expect(problems({ TRUST_ADMIN_GROUP: 'Trust admins' })).toEqual(['TRUST_ADMIN_GROUP must be the object id (a GUID) of an Entra group (got "Trust admins").']);
});

test('each remaining check names its setting and what it must be', () => {
  expect(problems({ MicrosoftAppType: 'Bogus', MicrosoftAppId: 'abc', MicrosoftAppPassword: 'p', MicrosoftAppTenantId: 't' })).toEqual(['MicrosoftAppType must be MultiTenant, SingleTenant or UserAssignedMSI (got "Bogus").']);
  expect(problems({ TABLES_CONNECTION_STRING: 'hello' })).toEqual(['TABLES_CONNECTION_STRING does not look like a storage connection string (no AccountName or TableEndpoint).']);
  expect(problems({ TABLES_ENDPOINT: 'firstday.table.core.windows.net' })).toEqual(['TABLES_ENDPOINT must be a URL (got "firstday.table.core.windows.net").']);
  expect(problems({ GRAPH_BASE_URL: 'graph.microsoft.com/' })).toEqual(['GRAPH_BASE_URL must be a URL (got "graph.microsoft.com").']);
  expect(problems({ DEV_SIGN_IN: 'true', MicrosoftAppId: 'abc', MicrosoftAppPassword: 'p', MicrosoftAppTenantId: 't' })).toEqual([
    'DEV_SIGN_IN is on but HOST is "0.0.0.0": the development sign-in is allowed on loopback only.',
  ]);
});

test('the connection string wins over the endpoint, which is then not read', () => {
  const c = loadConfig({ TABLES_CONNECTION_STRING: 'UseDevelopmentStorage=true', TABLES_ENDPOINT: 'not a url' });
  expect(c.storage).toEqual({ kind: 'connection-string', connectionString: 'UseDevelopmentStorage=true' });
  expect(loadConfig({ TABLES_ENDPOINT: 'https://firstday.table.core.windows.net', AZURE_CLIENT_ID: 'mi' }).storage).toEqual({ kind: 'managed-identity', endpoint: 'https://firstday.table.core.windows.net', clientId: 'mi' });
});

test('a blank or spaced setting is the same as unset, and values are trimmed', () => {
  const c = loadConfig({ PORT: '  ', HOST: ' ', SEED_DEMO: '', ALLOWED_TENANTS: ' 0b5e1c2d-3e4f-4a5b-8c6d-7e8f9a0b1c2d , ', GRAPH_BASE_URL: ' https://graph.example/// ' });
  expect(c).toMatchObject({ port: 3978, host: '127.0.0.1', seedDemo: true, allowedTenants: ['0b5e1c2d-3e4f-4a5b-8c6d-7e8f9a0b1c2d'], graphBaseUrl: 'https://graph.example' });
});

test('production: development-only settings are refused by name, and the problems read in the settings table order', () => {
  const production = {
    NODE_ENV: 'production',
    MicrosoftAppId: 'bot-app',
    MicrosoftAppPassword: 'secret',
    MicrosoftAppTenantId: '0b5e1c2d-3e4f-4a5b-8c6d-7e8f9a0b1c2d',
    TABLES_ENDPOINT: 'https://firstday.table.core.windows.net',
    ALLOWED_TENANTS: '0b5e1c2d-3e4f-4a5b-8c6d-7e8f9a0b1c2d',
    AAD_APP_CLIENT_ID: 'tab-app',
    PUBLIC_HOST: 'firstday.example.org',
    APPLICATIONINSIGHTS_CONNECTION_STRING: 'InstrumentationKey=abc',
  };
  expect(loadConfig(production)).toMatchObject({ production: true, host: '0.0.0.0', storage: { kind: 'managed-identity' }, seedDemo: false, bot: { appType: 'SingleTenant' }, sso: { clientId: 'tab-app', host: 'firstday.example.org' } });
  expect(problems({ ...production, REHEARSAL_START: '2026-11-23 09:25', FIRSTDAY_DATA_DIR: '.data', SEED_DEMO: 'true', PORT: '99999' })).toEqual([
    'PORT must be a whole number from 0 to 65535 (got "99999").',
    'FIRSTDAY_DATA_DIR must not be set in production: embedded storage is for development only.',
    'SEED_DEMO must not be "true" in production: the demo school is for development only.',
    "REHEARSAL_START is set: rehearsing a day moves the server's clock and is refused in production.",
  ]);
});
