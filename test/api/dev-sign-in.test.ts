/**
 * The development sign-in, for the tab outside Teams: only with DEV_SIGN_IN=true (which the settings
 * refuse in production and off loopback), only straight from this machine, and only as someone on a
 * school's staff list.
 */
import { loadConfig } from '../../bot/platform/config';
import { STAFF, URN } from './support/case-school';
import { startCaseTestServer, type CaseTestServer } from './support/case-test-server';

let server: CaseTestServer;

beforeAll(async () => {
  server = await startCaseTestServer({ devSignIn: true });
});

afterAll(async () => {
  await server?.stop();
});

const list = (headers: Record<string, string>) => fetch(`${server.baseUrl}/api/schools/${URN}/cases`, { headers });

test("lists the school's staff to pick from, and signs in as the one picked", async () => {
  const staff = await (await fetch(`${server.baseUrl}/api/dev/staff`)).json();
  expect(staff.schools[0].staff.map((s: { upn: string }) => s.upn)).toEqual(Object.values(STAFF).map((s) => s.upn));
  const me = await (await fetch(`${server.baseUrl}/api/me`, { headers: { authorization: `DevSignIn ${STAFF.hoy9.upn}` } })).json();
  expect(me).toMatchObject({ name: 'Hugo Nine', via: 'dev', schools: [{ urn: URN, roles: ['head-of-year'], yearGroups: [9] }] });
  expect((await list({ authorization: `DevSignIn ${STAFF.hoy9.upn}` })).status).toBe(200);
});

test('is refused through a proxy, and for anyone not on a staff list; each refusal is audited', async () => {
  const proxied = await list({ authorization: `DevSignIn ${STAFF.lead.upn}`, 'x-forwarded-for': '203.0.113.9' });
  expect(proxied.status).toBe(401);
  expect((await proxied.json()).error).toMatch(/only from this machine/);
  expect((await fetch(`${server.baseUrl}/api/dev/staff`, { headers: { forwarded: 'for=203.0.113.9' } })).status).toBe(404);
  const stranger = await list({ authorization: 'DevSignIn someone@elsewhere.example' });
  expect(stranger.status).toBe(401);
  const denied = (await server.repos.audit.recent(URN, 100)).filter((e) => e.outcome === 'denied').map((e) => e.detail);
  expect(denied).toEqual(expect.arrayContaining([expect.stringMatching(/only from this machine/), expect.stringMatching(/someone@elsewhere.example is not on any school's staff list/)]));
});

test('the settings refuse the development sign-in in production and off loopback', () => {
  expect(() => loadConfig({ DEV_SIGN_IN: 'true', HOST: '0.0.0.0', MicrosoftAppId: 'x', MicrosoftAppPassword: 'y', MicrosoftAppTenantId: 'z' })).toThrow(/DEV_SIGN_IN is on but HOST is "0.0.0.0"/);
  expect(() => loadConfig({ DEV_SIGN_IN: 'true', NODE_ENV: 'production' })).toThrow(/local development sign-in is refused in production/);
});
