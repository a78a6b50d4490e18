/**
 * The tab's API accepts only a valid Teams SSO token: signed by Entra's key, issued by Entra for an
 * allowed tenant, for this app, in date, with the access_as_user scope. Every refusal is a 401 and is
 * written to the school's audit log.
 */
import { base64url } from 'jose';
import { STAFF, TENANT, URN } from './support/case-school';
import { CLIENT_ID, PUBLIC_HOST, startCaseTestServer, type CaseTestServer } from './support/case-test-server';

let server: CaseTestServer;

beforeAll(async () => {
  server = await startCaseTestServer();
});

afterAll(async () => {
  await server?.stop();
});

const claimsOf = (who: keyof typeof STAFF) => ({ oid: STAFF[who].aadObjectId, preferred_username: STAFF[who].upn, name: STAFF[who].displayName });

async function listWith(authorization?: string): Promise<Response> {
  return fetch(`${server.baseUrl}/api/schools/${URN}/cases`, { headers: authorization ? { authorization } : {} });
}

async function deniedEvents() {
  return (await server.repos.audit.recent(URN, 1000)).filter((e) => e.outcome === 'denied' && e.action === 'case.list');
}

test('a valid v2 token (audience: the client id) lets a member of staff in', async () => {
  const res = await listWith(`Bearer ${await server.entra.token(claimsOf('lead'))}`);
  expect(res.status).toBe(200);
  expect((await res.json()).scope).toBe('school');
  const ok = (await server.repos.audit.recent(URN, 1000)).find((e) => e.action === 'case.list' && e.outcome === 'ok');
  expect(ok).toMatchObject({ actorId: STAFF.lead.aadObjectId, actorName: STAFF.lead.displayName });
  expect(ok!.source).toMatch(/^tab (::ffff:)?127\.0\.0\.1$/);
});

test('a valid v1 token (audience api://host/client id, issuer sts.windows.net) lets them in too', async () => {
  const res = await listWith(`Bearer ${await server.entra.token(claimsOf('hoy9'), { version: 1 })}`);
  expect(res.status).toBe(200);
  expect((await res.json()).scope).toBe('years 9');
});

test('/api/me names the caller and the schools where they hold a role', async () => {
  const res = await fetch(`${server.baseUrl}/api/me`, { headers: { authorization: `Bearer ${await server.entra.token(claimsOf('hoy7'))}` } });
  expect(res.status).toBe(200);
  expect(await res.json()).toEqual({ name: 'Harriet Seven', upn: STAFF.hoy7.upn, via: 'sso', schools: [{ urn: URN, name: 'Test Park School', roles: ['head-of-year'], yearGroups: [7] }] });
});

const unsigned = (payload: object) => `${base64url.encode(JSON.stringify({ alg: 'none', typ: 'JWT' }))}.${base64url.encode(JSON.stringify(payload))}.`;

const refusals: [string, () => Promise<string | undefined>, RegExp][] = [
  ['no token at all', async () => undefined, /bearer token/],
  ['an expired token', async () => `Bearer ${await server.entra.token(claimsOf('lead'), { expiresIn: Math.floor(Date.now() / 1000) - 600 })}`, /expired/],
  ['a token for another app (audience)', async () => `Bearer ${await server.entra.token({ ...claimsOf('lead'), aud: 'api://elsewhere.example/00000000-0000-4000-8000-000000000000' })}`, /aud/],
  ['a token from another issuer', async () => `Bearer ${await server.entra.token({ ...claimsOf('lead'), iss: `https://login.evil.example/${TENANT}/v2.0` })}`, /issuer/],
  [
    'a token from a tenant not on the allow-list',
    async () => {
      const other = '0b0b0b0b-1111-4222-8333-444444444444';
      return `Bearer ${await server.entra.token({ ...claimsOf('lead'), tid: other, iss: `${server.entra.endpoints.loginBaseUrl}/${other}/v2.0` })}`;
    },
    /tenant .* is not allowed/,
  ],
  [
    'an unsigned token (alg: none)',
    async () => {
      const now = Math.floor(Date.now() / 1000);
      return `Bearer ${unsigned({ ...claimsOf('lead'), aud: CLIENT_ID, iss: `${server.entra.endpoints.loginBaseUrl}/${TENANT}/v2.0`, tid: TENANT, scp: 'access_as_user', iat: now, exp: now + 3600 })}`;
    },
    /not valid|RS256/,
  ],
  [
    'a tampered token (payload changed to another user, signature kept)',
    async () => {
      const [h, p, s] = (await server.entra.token(claimsOf('tutor'))).split('.');
      const payload = JSON.parse(new TextDecoder().decode(base64url.decode(p)));
      const forged = base64url.encode(JSON.stringify({ ...payload, ...claimsOf('dsl') }));
      return `Bearer ${h}.${forged}.${s}`;
    },
    /signature/,
  ],
  ['a token signed by a key that is not Entra\'s', async () => `Bearer ${await server.entra.token(claimsOf('lead'), { key: 'stranger' })}`, /signature/],
  ['a token without the access_as_user scope', async () => `Bearer ${await server.entra.token({ ...claimsOf('lead'), scp: 'User.Read' })}`, /access_as_user/],
  ['a token naming no user', async () => `Bearer ${await server.entra.token({ ...claimsOf('lead'), oid: undefined })}`, /no user/],
];

test.each(refusals)('%s is refused with 401, and the refusal is audited', async (_name, authorization, reason) => {
  const before = (await deniedEvents()).length;
  const res = await listWith(await authorization());
  expect(res.status).toBe(401);
  expect((await res.json()).error).toMatch(/sign/i);
  const denied = await deniedEvents();
  expect(denied).toHaveLength(before + 1);
  expect(denied[0]).toMatchObject({ actorId: 'unauthenticated', outcome: 'denied' });
  expect(denied[0].detail).toMatch(reason);
});

test('a signed-in user who is not on this school\'s staff gets 403, audited with who they are', async () => {
  const res = await listWith(`Bearer ${await server.entra.token({ oid: '99999999-9999-4999-8999-999999999999', preferred_username: 'visitor@test.example', name: 'A Visitor' })}`);
  expect(res.status).toBe(403);
  const denied = await deniedEvents();
  expect(denied[0]).toMatchObject({ actorId: '99999999-9999-4999-8999-999999999999', actorName: 'A Visitor', outcome: 'denied' });
});

test('the development sign-in is refused when DEV_SIGN_IN is off', async () => {
  const res = await listWith(`DevSignIn ${STAFF.lead.upn}`);
  expect(res.status).toBe(401);
  expect((await res.json()).error).toMatch(/development sign-in is off/);
  expect((await fetch(`${server.baseUrl}/api/dev/staff`)).status).toBe(404);
});

test("Entra's keys are fetched once and reused across requests", async () => {
  const before = server.entra.keyFetches();
  for (let i = 0; i < 3; i++) expect((await listWith(`Bearer ${await server.entra.token(claimsOf('lead'))}`)).status).toBe(200);
  expect(server.entra.keyFetches()).toBe(before);
  expect(PUBLIC_HOST).toBe('firstday.test.example');
});
