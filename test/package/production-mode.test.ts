/**
 * The real server (`bot/index.ts`) started as a child process with production settings, against
 * Azurite, an Application Insights ingestion stand-in, and no network to Microsoft.
 */
import { SETTINGS } from '../../bot/platform/config';
import { PRODUCTION_APP_ID as APP_ID, PRODUCTION_TENANT as TENANT } from '../support/production-stand-ins';
import { startServerProcess } from '../support/server-process';
import { setUpServerSuite } from '../support/server-suite';

// Each test starts its own server process; the suite gives it storage and production's outside services.
const suite = setUpServerSuite({ production: {}, servers: 0 });
const { production } = suite;
const productionEnv = () => suite.productionSettings({ MicrosoftAppType: 'SingleTenant' });

const activity = { type: 'message', id: 'a1', text: 'help', channelId: 'msteams', serviceUrl: 'https://smba.trafficmanager.net/uk/', from: { id: 'u1' }, recipient: { id: 'b1' }, conversation: { id: 'c1', tenantId: TENANT } };

test('with production settings the server answers health and readiness, and refuses Bot Framework requests without a valid token', async () => {
  const server = await startServerProcess(productionEnv());
  try {
    expect(server.logs.find((l) => typeof l.message === 'string' && l.message.startsWith('Firstday is listening'))).toMatchObject({ production: true });

    const health = await fetch(`${server.baseUrl}/healthz`);
    expect(health.status).toBe(200);
    const ready = await fetch(`${server.baseUrl}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready' });

    const post = (headers: Record<string, string>) =>
      fetch(`${server.baseUrl}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(activity) });

    const anonymous = await post({});
    expect(anonymous.status).toBe(401);
    const notAJwt = await post({ authorization: 'Bearer not-a-token' });
    expect(notAJwt.status).toBe(401);

    // A well-formed token signed by nobody Microsoft trusts. Validating it needs the Bot Framework's
    // signing keys, which this machine cannot fetch; either way the activity must not be accepted.
    const part = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
    const now = Math.floor(Date.now() / 1000);
    const forged = `${part({ alg: 'RS256', kid: 'forged', typ: 'JWT' })}.${part({ iss: 'https://api.botframework.com', aud: APP_ID, nbf: now - 10, exp: now + 600, serviceurl: activity.serviceUrl })}.${Buffer.from('signature').toString('base64url')}`;
    const forgedResponse = await post({ authorization: `Bearer ${forged}` });
    expect(forgedResponse.status).toBeGreaterThanOrEqual(400);
  } finally {
    expect(await server.stop('SIGTERM')).toBe(0);
  }
});

describe('refuses to start, exit code 2, naming the setting', () => {
  const required = SETTINGS.filter((s) => s.production === 'required' && s.name !== 'NODE_ENV').map((s) => s.name);

  test('the list of required settings is the one the deployment provides', () => {
    expect(required.sort()).toEqual(['AAD_APP_CLIENT_ID', 'ALLOWED_TENANTS', 'APPLICATIONINSIGHTS_CONNECTION_STRING', 'MicrosoftAppId', 'MicrosoftAppTenantId', 'PUBLIC_HOST']);
  });

  test.each(required)('without %s', async (name) => {
    const env = productionEnv();
    delete env[name];
    await expect(startServerProcess(env)).rejects.toThrow(new RegExp(`exited with 2 before listening[\\s\\S]*${name} is required in production`));
  });

  test('without any table storage', async () => {
    const env = productionEnv();
    delete env.TABLES_CONNECTION_STRING;
    await expect(startServerProcess(env)).rejects.toThrow(/exited with 2 before listening[\s\S]*TABLES_ENDPOINT \(or TABLES_CONNECTION_STRING\) is required in production/);
  });

  test('with the development sign-in switched on', async () => {
    await expect(startServerProcess({ ...productionEnv(), DEV_SIGN_IN: 'true' })).rejects.toThrow(
      /exited with 2 before listening[\s\S]*DEV_SIGN_IN is on: the local development sign-in is refused in production/,
    );
  });

  test('with the demo school switched on', async () => {
    await expect(startServerProcess({ ...productionEnv(), SEED_DEMO: 'true' })).rejects.toThrow(/exited with 2 before listening[\s\S]*SEED_DEMO must not be "true" in production/);
  });
});

test('stops cleanly and promptly on SIGTERM even when Application Insights cannot be reached', async () => {
  // Nothing listens on port 9: every export fails and the exporter would retry for a long time.
  const server = await startServerProcess({ ...productionEnv(), APPLICATIONINSIGHTS_CONNECTION_STRING: 'InstrumentationKey=00000000-0000-4000-8000-000000000000;IngestionEndpoint=https://127.0.0.1:9/' });
  await fetch(`${server.baseUrl}/healthz`);
  // The exporter would retry for minutes; the stop gives it a bounded moment, so the process exits well inside
  // this test's own limit (App Service stops a container that has not exited some seconds after SIGTERM).
  expect(await server.stop('SIGTERM')).toBe(0);
  expect(server.logs.some((l) => l.message === 'stopped cleanly')).toBe(true);
});

test('telemetry reaches Application Insights with URLs cut to their shape and no pupil data', async () => {
  const upn = 'A123456789012';
  const surname = 'Featherstonehaugh';
  const phone = '07700 900123';
  const server = await startServerProcess(productionEnv());
  try {
    // The rate-limited sampler keeps up to 5 requests a second: a few, spaced, make sure some are kept.
    for (let i = 0; i < 4; i++) {
      await fetch(`${server.baseUrl}/api/schools/100001/pupils/${upn}?name=${surname}&phone=${encodeURIComponent(phone)}`);
      await fetch(`${server.baseUrl}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ ...activity, text: `${surname} ${phone}` }) });
      await new Promise((r) => setTimeout(r, 300));
    }
  } finally {
    // Stopping flushes what is buffered.
    expect(await server.stop('SIGTERM')).toBe(0);
  }

  const requests = production.ingestion.envelopes.filter((e) => e.data.baseType === 'RequestData');
  expect(requests.length).toBeGreaterThan(0);
  const urls = requests.map((r) => String(r.data.baseData.url));
  expect(urls.some((u) => u.endsWith('/api/schools/:id/pupils/:id'))).toBe(true);
  expect(requests.map((r) => r.data.baseData.responseCode)).toEqual(expect.arrayContaining(['401']));

  const everything = production.ingestion.raw.join('\n');
  expect(everything).not.toContain(upn);
  expect(everything).not.toContain(surname);
  expect(everything).not.toContain('900123');
  expect(everything).not.toContain('client-secret-used-only-in-tests');
});
