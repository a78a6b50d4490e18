/**
 * Creating a school over HTTP: the service key and the trust's administrators (members of the Entra group
 * TRUST_ADMIN_GROUP, read through Graph) may; anyone else is refused and audited. A bad URN is 400, a URN
 * already in Firstday 409, and a new school has the defaults a school then adjusts.
 */
import { setUpServerSuite } from '../support/server-suite';
import { CASE_APP } from './support/case-test-server';

const ADMINS = '0b5e1c2d-3e4f-4a5b-8c6d-7e8f9a0b1c2d';
const API_KEY = 'school-create-key-0123456789abcdefghij';
const ADMIN = { id: '11111111-2222-4333-8444-555555555555', upn: 'it.lead@trust.example', name: 'Trust IT Lead' };
const TEACHER = { id: '99999999-2222-4333-8444-555555555555', upn: 'a.teacher@trust.example', name: 'A Teacher' };

// No school yet, and the real clock: the trust's administrators are a group in Entra, read through Graph.
const { storage, graph, entra, servers: [server] } = setUpServerSuite({ graph: true, entra: CASE_APP, apiKey: API_KEY, settings: { TRUST_ADMIN_GROUP: ADMINS } });
graph.addUser({ id: ADMIN.id, displayName: ADMIN.name, userPrincipalName: ADMIN.upn }, [{ '@odata.type': '#microsoft.graph.group', id: ADMINS }]);
graph.addUser({ id: TEACHER.id, displayName: TEACHER.name, userPrincipalName: TEACHER.upn }, []);

const post = (authorization: string | undefined, body: unknown) =>
  fetch(`${server.url}/api/schools`, { method: 'POST', headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) }, body: JSON.stringify(body) });
const token = (who: typeof ADMIN) => entra.token({ oid: who.id, preferred_username: who.upn, name: who.name });

test('the service key creates a school with the defaults a school then adjusts', async () => {
  const res = await post(`Bearer ${API_KEY}`, { urn: '140001', name: '  Riverside Academy ' });
  expect(res.status).toBe(201);
  const stored = (await storage.repos.schools.get('140001'))!.value;
  expect(stored).toMatchObject({
    urn: '140001',
    name: 'Riverside Academy',
    timeZone: 'Europe/London',
    registerCloseTime: '09:10',
    afternoonRegisterCloseTime: '13:40',
    notifyByTime: '08:30',
    reviewBeforePosting: true,
    concernAcknowledgeMinutes: 15,
    staff: [],
    terms: [],
  });
  expect(stored.bands.map((b) => b.belowPercent)).toEqual([95, 92, 90, 50]);
  const audit = await storage.repos.audit.recent('140001', 10);
  expect(audit).toEqual([expect.objectContaining({ action: 'school.create', outcome: 'ok', actorId: 'service' })]);
});

test('a member of the trust administrators group creates a school with their sign-in', async () => {
  const res = await post(`Bearer ${await token(ADMIN)}`, { urn: '140002', name: 'Hilltop Primary' });
  expect(res.status).toBe(201);
  expect((await storage.repos.schools.get('140002'))?.value.name).toBe('Hilltop Primary');
  expect((await storage.repos.audit.recent('140002', 10))[0]).toMatchObject({ action: 'school.create', outcome: 'ok', actorId: ADMIN.id, actorName: ADMIN.name });
});

test('anyone else is refused, and the refusal is audited; nothing is created', async () => {
  const res = await post(`Bearer ${await token(TEACHER)}`, { urn: '140003', name: 'Not Allowed School' });
  expect(res.status).toBe(403);
  expect((await res.json()).error).toMatch(/not one of the trust's administrators/);
  expect(await storage.repos.schools.get('140003')).toBeUndefined();
  expect((await storage.repos.audit.recent('140003', 10))[0]).toMatchObject({ action: 'school.create', outcome: 'denied', actorId: TEACHER.id });
  expect((await post(undefined, { urn: '140003', name: 'x' })).status).toBe(401);
});

test('a URN that is not six digits is refused naming the field; one that exists is a conflict', async () => {
  for (const urn of ['14000', '1400011', 'ABC123', '', 140004]) {
    const res = await post(`Bearer ${API_KEY}`, { urn, name: 'Somewhere' });
    expect(res.status).toBe(400);
    expect((await res.json()).errors).toEqual([expect.objectContaining({ field: 'urn', message: expect.stringContaining('six-digit') })]);
  }
  const noName = await post(`Bearer ${API_KEY}`, { urn: '140005' });
  expect(noName.status).toBe(400);
  expect((await noName.json()).errors).toEqual([{ field: 'name', message: "the school's name is required" }]);

  const again = await post(`Bearer ${API_KEY}`, { urn: '140001', name: 'Riverside Again' });
  expect(again.status).toBe(409);
  expect((await again.json()).error).toBe('A school with URN 140001 (Riverside Academy) is already in Firstday.');
  expect((await storage.repos.schools.get('140001'))?.value.name).toBe('Riverside Academy');
});
