/**
 * Production on App Service: no connection string, only TABLES_ENDPOINT and AZURE_CLIENT_ID. The
 * server must get a storage token from the managed identity endpoint for that identity and reach
 * Table Storage with it (Azurite over HTTPS, checking the token's issuer, audience and lifetime).
 */
import type { IdentityEndpoint } from '../support/production-stand-ins';
import { startServerProcess } from '../support/server-process';
import { setUpServerSuite } from '../support/server-suite';

const IDENTITY_CLIENT_ID = '5c6d7e8f-9a0b-4c1d-8e2f-3a4b5c6d7e8f';

// The web app's user-assigned identity is IDENTITY_CLIENT_ID; each test starts its own server process.
const suite = setUpServerSuite({ production: { managedIdentity: { clientId: IDENTITY_CLIENT_ID } }, servers: 0 });
let identity: IdentityEndpoint;
beforeAll(() => {
  identity = suite.production.identity!;
});

/** App Service's settings, the identity the server asks tokens for being `clientId`. */
const appServiceEnv = (clientId: string) => suite.productionSettings({ AZURE_CLIENT_ID: clientId });

test('reaches Table Storage with a token for its user-assigned identity, asked of the managed identity endpoint', async () => {
  identity.requests.length = 0;
  const server = await startServerProcess(appServiceEnv(IDENTITY_CLIENT_ID));
  try {
    const ready = await fetch(`${server.baseUrl}/readyz`);
    expect(await ready.json()).toEqual({ status: 'ready' });
    expect(ready.status).toBe(200);
  } finally {
    expect(await server.stop('SIGTERM')).toBe(0);
  }
  const storageTokens = identity.requests.filter((r) => r.resource?.startsWith('https://storage.azure.com'));
  expect(storageTokens.length).toBeGreaterThan(0);
  expect(storageTokens.every((r) => r.clientId === IDENTITY_CLIENT_ID && r.header === identity.header)).toBe(true);
});

test('with an identity the web app does not have, it starts but reports storage unreachable', async () => {
  const server = await startServerProcess(appServiceEnv('00000000-1111-4222-8333-444444444444'));
  try {
    const ready = await fetch(`${server.baseUrl}/readyz`);
    expect(ready.status).toBe(503);
    expect(await ready.json()).toEqual({ status: 'storage unreachable' });
    expect((await fetch(`${server.baseUrl}/healthz`)).status).toBe(200);
  } finally {
    await server.stop('SIGTERM');
  }
});

test('with the settings infra/main.bicep gives it, the bot being the same identity and no client secret, it starts in production and reaches storage', async () => {
  // main.bicep: MicrosoftAppType UserAssignedMSI, MicrosoftAppId and AZURE_CLIENT_ID the identity's client id, no MicrosoftAppPassword.
  const env = { ...appServiceEnv(IDENTITY_CLIENT_ID), MicrosoftAppType: 'UserAssignedMSI', MicrosoftAppId: IDENTITY_CLIENT_ID };
  delete (env as Record<string, string>).MicrosoftAppPassword;
  identity.requests.length = 0;
  const server = await startServerProcess(env);
  try {
    expect(server.logs.find((l) => typeof l.message === 'string' && l.message.startsWith('Firstday is listening'))).toMatchObject({ production: true });
    const ready = await fetch(`${server.baseUrl}/readyz`);
    expect(await ready.json()).toEqual({ status: 'ready' });
    // Bot Framework traffic without a valid token is still refused.
    const anonymous = await fetch(`${server.baseUrl}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"type":"message"}' });
    expect(anonymous.status).toBe(401);
  } finally {
    expect(await server.stop('SIGTERM')).toBe(0);
  }
  expect(identity.requests.filter((r) => r.resource?.startsWith('https://storage.azure.com')).every((r) => r.clientId === IDENTITY_CLIENT_ID)).toBe(true);
});
