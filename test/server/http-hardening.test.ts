/**
 * What the server does with a request before any route sees it: a body is read only once its sender is
 * known (an unknown sender's 5 MB post is refused without being read, so it cannot be used to fill memory),
 * the tab's API takes small bodies, malformed JSON is a 400 and an over-limit body a 413 (not a 500), every
 * answer says nosniff, and API answers, which carry pupil data, are never cached.
 */
import { startCaseTestServer, type CaseTestServer } from '../api/support/case-test-server';
import { URN } from '../api/support/case-school';

let server: CaseTestServer;
const KEY = 'hardening-key-0123456789abcdefghijklmn';

beforeAll(async () => {
  server = await startCaseTestServer({ apiKey: KEY });
});
afterAll(() => server?.stop());

const big = JSON.stringify({ note: 'x'.repeat(5 * 1024 * 1024) });

test('an unknown sender is refused before their body is read, and the refusal is audited', async () => {
  const before = (await server.repos.audit.recent(URN, 1000)).length;
  // Not even JSON: read first, this body would be refused as malformed; unread, the route refuses the sender.
  const res = await fetch(`${server.baseUrl}/api/schools/${URN}/pupils/A123456789012/concerns`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: `{${big}` });
  expect(res.status).toBe(401);
  const after = await server.repos.audit.recent(URN, 1000);
  expect(after.length).toBe(before + 1);
  expect(after[0]).toMatchObject({ outcome: 'denied', actorId: 'unauthenticated' });
});

test('a known sender with an over-limit body gets 413, and with malformed JSON gets 400', async () => {
  const lead = server.as('lead');
  const tooBig = await lead(`/api/schools/${URN}/pupils/A123456789012/concerns`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: big });
  expect(tooBig.status).toBe(413);
  expect(await tooBig.json()).toEqual({ error: 'The request is too large.' });
  const malformed = await lead(`/api/schools/${URN}/pupils/A123456789012/concerns`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"summary": ' });
  expect(malformed.status).toBe(400);
  expect(await malformed.json()).toEqual({ error: 'The request body is not valid JSON.' });
});

test('answers are nosniff everywhere and never cached on the API', async () => {
  const api = await server.as('lead')(`/api/schools/${URN}/cases`);
  expect(api.status).toBe(200);
  expect(api.headers.get('x-content-type-options')).toBe('nosniff');
  expect(api.headers.get('cache-control')).toBe('no-store');
  const health = await fetch(`${server.baseUrl}/healthz`);
  expect(health.headers.get('x-content-type-options')).toBe('nosniff');
  // Not in production: no HSTS over plain HTTP on a developer's machine.
  expect(health.headers.get('strict-transport-security')).toBeNull();
});
