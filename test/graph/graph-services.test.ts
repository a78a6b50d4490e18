import { ClientAssertionCredential, ClientSecretCredential } from '@azure/identity';
import { loadConfig } from '../../bot/platform/config';
import { graphCredentialFromConfig } from '../../bot/graph/graph-credential';
import { createGraphServices } from '../../bot/graph/graph-services';
import { GraphStandIn } from '../support/graph-stand-in';
import { captureLog, DSL_GROUP, KHAN_ID, testCredential, testSchool } from './graph-test-kit';

const TENANT = '9f0e8d7c-6b5a-4493-8281-706f5e4d3c2b';
const APP = 'c0ffee00-1234-4567-89ab-cdef01234567';
const REGISTRATION = 'aaaa0000-1234-4567-89ab-cdef01234567';

test('the credential follows the bot settings: managed identity, client secret, or Graph off with the reason', () => {
  const base = { allowedTenants: [] as string[] };
  // A managed identity acts as the app registration (federated credential): Graph sees the app the Teams package names.
  expect(graphCredentialFromConfig({ ...base, sso: { clientId: REGISTRATION }, bot: { appId: APP, appTenantId: TENANT, appType: 'UserAssignedMSI' } })).toMatchObject({
    credential: expect.any(ClientAssertionCredential),
    tenantId: TENANT,
  });
  expect(graphCredentialFromConfig({ ...base, bot: { appId: APP, appTenantId: TENANT, appType: 'UserAssignedMSI' } })).toEqual({ notConfigured: expect.stringContaining('AAD_APP_CLIENT_ID') });
  expect(graphCredentialFromConfig({ ...base, bot: { appId: APP, appPassword: 'secret', appTenantId: TENANT, appType: 'SingleTenant' } })).toMatchObject({
    credential: expect.any(ClientSecretCredential),
  });
  expect(graphCredentialFromConfig({ allowedTenants: [TENANT], bot: { appId: APP, appPassword: 'secret', appType: 'MultiTenant' } })).toMatchObject({ tenantId: TENANT });
  expect(graphCredentialFromConfig({ ...base, bot: { appType: 'SingleTenant' } })).toEqual({ notConfigured: expect.stringContaining('no MicrosoftAppId') });
  expect(graphCredentialFromConfig({ ...base, bot: { appId: APP, appPassword: 's', appType: 'MultiTenant' } })).toEqual({ notConfigured: expect.stringContaining('ALLOWED_TENANTS') });
});

test('local development (no app id): Graph is off, said once at start, and roles come from the staff list', async () => {
  const { logger, lines } = captureLog();
  const graph = createGraphServices({ config: loadConfig({}), logger });

  expect(lines).toHaveLength(1);
  expect(lines[0].message).toMatch(/^Microsoft Graph is off: no MicrosoftAppId is set/);
  expect(await graph.roles.rolesFor(testSchool(), { upn: 'j.patel@castlehill.example' })).toEqual(['attendance-officer']);
  await expect(graph.directory.resolve('s.khan@castlehill.example')).rejects.toMatchObject({ reason: 'not-configured' });
  expect(lines).toHaveLength(1);
});

test('GRAPH_BASE_URL points every service at the configured Graph', async () => {
  const standIn = await new GraphStandIn().start();
  try {
    standIn.addUser({ id: KHAN_ID, displayName: 'Sara Khan', userPrincipalName: 's.khan@castlehill.example' }, [{ id: DSL_GROUP, '@odata.type': '#microsoft.graph.group' }]);
    const { logger } = captureLog();
    const graph = createGraphServices({ config: loadConfig({ GRAPH_BASE_URL: `${standIn.baseUrl}/` }), logger, credential: testCredential() });

    const khan = await graph.directory.resolve('s.khan@castlehill.example');
    expect(await graph.roles.rolesFor(testSchool(), { aadObjectId: khan.id })).toEqual(['dsl']);
    expect(standIn.requests.map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual([
      'GET /v1.0/users/s.khan@castlehill.example 200',
      `GET /v1.0/users/${KHAN_ID}/transitiveMemberOf 200`,
    ]);
  } finally {
    await standIn.stop();
  }
});
