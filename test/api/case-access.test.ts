/**
 * Roles decide what each member of staff sees: the attendance lead and DSLs the whole school, a head of
 * year their own year groups, other staff only a case they are involved in; concern detail only the DSLs,
 * a pupil's audit log only the attendance lead. Every refusal is a 403 and is audited with who asked.
 */
import { chronologyId } from '../../bot/domain/chronology';
import { PUPILS, STAFF, URN } from './support/case-school';
import { startCaseTestServer, type CaseTestServer } from './support/case-test-server';

let server: CaseTestServer;
const amir = PUPILS.amir.upn; // year 7
const bea = PUPILS.bea.upn; // year 9

beforeAll(async () => {
  server = await startCaseTestServer();
  for (const upn of [amir, bea]) {
    const res = await server.as('lead')(`/api/schools/${URN}/cases`, { method: 'POST', json: { upn, reason: 'Attendance falling since half term' } });
    expect(res.status).toBe(201);
  }
  await server.repos.chronology.add(URN, {
    id: chronologyId('2026-11-18T09:40:00.000Z', 'concern-1'),
    pupilUpn: amir,
    kind: 'concern',
    at: '2026-11-18T09:40:00.000Z',
    byId: STAFF.tutor.upn,
    byName: STAFF.tutor.displayName,
    summary: 'Concern: mark on arm, says fell off bike',
    detail: { note: 'Bruise on left forearm, explanation changed twice' },
    restricted: true,
  });
});

afterAll(async () => {
  await server?.stop();
});

async function lastDenied(action: string) {
  return (await server.repos.audit.forPupil(URN, amir)).concat(await server.repos.audit.forPupil(URN, bea)).filter((e) => e.action === action && e.outcome === 'denied').sort((a, b) => b.at.localeCompare(a.at))[0];
}

test('the attendance lead lists every case; each head of year only their year groups', async () => {
  const names = async (who: keyof typeof STAFF) => ((await (await server.as(who)(`/api/schools/${URN}/cases`)).json()).cases as { upn: string }[]).map((c) => c.upn).sort();
  expect(await names('lead')).toEqual([amir, bea].sort());
  expect(await names('dsl')).toEqual([amir, bea].sort());
  expect(await names('hoy7')).toEqual([amir]);
  expect(await names('hoy9')).toEqual([bea]);
  expect(await names('tutor')).toEqual([]);
});

test("a head of year asking for another year group's case gets 403, and it is audited", async () => {
  const res = await server.as('hoy9')(`/api/schools/${URN}/cases/${amir}`);
  expect(res.status).toBe(403);
  expect((await res.json()).error).toMatch(/year 7.*year 9/);
  expect(await lastDenied('case.read')).toMatchObject({ actorId: STAFF.hoy9.aadObjectId, actorName: 'Hugo Nine', pupilUpn: amir, outcome: 'denied' });
});

test('a head of year cannot change another year group\'s case either', async () => {
  const res = await server.as('hoy9')(`/api/schools/${URN}/cases/${amir}/notes`, { method: 'POST', json: { text: 'Trying to write here' } });
  expect(res.status).toBe(403);
  expect(await lastDenied('case.note.add')).toMatchObject({ actorName: 'Hugo Nine', pupilUpn: amir });
  const view = await (await server.as('lead')(`/api/schools/${URN}/cases/${amir}`)).json();
  expect(view.notes).toEqual([]);
});

test('staff asking for DSL-only concern detail get 403, audited; the DSL reads it', async () => {
  for (const who of ['tutor', 'hoy7', 'lead'] as const) {
    const res = await server.as(who)(`/api/schools/${URN}/cases/${amir}/concerns`);
    expect(res.status).toBe(403);
    expect(await lastDenied('case.concerns.read')).toMatchObject({ actorName: STAFF[who].displayName, pupilUpn: amir });
  }
  const res = await server.as('dsl')(`/api/schools/${URN}/cases/${amir}/concerns`);
  expect(res.status).toBe(200);
  expect((await res.json()).concerns).toEqual([expect.objectContaining({ summary: 'Concern: mark on arm, says fell off bike', detail: { note: 'Bruise on left forearm, explanation changed twice' } })]);
});

test('the chronology in the case view hides concern detail from everyone but the DSL', async () => {
  const forHoy = await (await server.as('hoy7')(`/api/schools/${URN}/cases/${amir}`)).json();
  const concern = forHoy.chronology.find((l: { kind: string }) => l.kind === 'concern');
  expect(concern).toMatchObject({ restricted: true, byName: 'Toni Tutor', summary: 'A safeguarding concern was recorded. The detail is with the DSL.' });
  expect(JSON.stringify(forHoy)).not.toMatch(/forearm|fell off bike/);
  const forDsl = await (await server.as('dsl')(`/api/schools/${URN}/cases/${amir}`)).json();
  expect(forDsl.chronology.find((l: { kind: string }) => l.kind === 'concern').summary).toBe('Concern: mark on arm, says fell off bike');
});

test('a member of staff sees a case once they are the pupil\'s trusted adult, and may record check-ins but not change the case', async () => {
  expect((await server.as('tutor')(`/api/schools/${URN}/cases/${amir}`)).status).toBe(403);
  const view = await (await server.as('hoy7')(`/api/schools/${URN}/cases/${amir}`)).json();
  const set = await server.as('hoy7')(`/api/schools/${URN}/cases/${amir}/trusted-adult`, {
    method: 'PUT',
    headers: { 'if-match': view.case.etag },
    json: { upn: STAFF.tutor.upn, name: 'Toni Tutor', role: 'Form tutor', agreedOn: '2026-11-19', checkInEveryDays: 3 },
  });
  expect(set.status).toBe(200);
  const asTutor = await server.as('tutor')(`/api/schools/${URN}/cases/${amir}`);
  expect(asTutor.status).toBe(200);
  expect((await asTutor.json()).permissions).toMatchObject({ manage: false, recordVoice: true, readAudit: false });
  const checkIn = await server.as('tutor')(`/api/schools/${URN}/cases/${amir}/check-ins`, { method: 'POST', json: { date: '2026-11-20', by: 'Toni Tutor', howTheyAre: 'Quiet, but came to registration' } });
  expect(checkIn.status).toBe(201);
  expect((await checkIn.json()).checkIns[0].howTheyAre).toBe('Quiet, but came to registration');
  const stage = await server.as('tutor')(`/api/schools/${URN}/cases/${amir}/stage`, { method: 'PUT', headers: { 'if-match': '*' }, json: { stage: 'support-first' } });
  expect(stage.status).toBe(403);
  expect((await server.as('tutor')(`/api/schools/${URN}/cases?mine=true`).then((r) => r.json())).cases.map((c: { upn: string }) => c.upn)).toEqual([amir]);
});

test("a pupil's audit log is the attendance lead's: it shows who read and changed the case, and refusals", async () => {
  const refused = await server.as('hoy7')(`/api/schools/${URN}/cases/${amir}/audit`);
  expect(refused.status).toBe(403);
  const res = await server.as('lead')(`/api/schools/${URN}/cases/${amir}/audit`);
  expect(res.status).toBe(200);
  const { events } = await res.json();
  const actions = events.map((e: { action: string; outcome: string; actorName: string }) => `${e.action} ${e.outcome} ${e.actorName}`);
  expect(actions).toEqual(expect.arrayContaining(['case.read denied Hugo Nine', 'case.check-in.add ok Toni Tutor', 'case.audit.read denied Harriet Seven', 'case.concerns.read ok Dana Safe']));
  expect(events.every((e: { source: string }) => /^tab /.test(e.source))).toBe(true);
});

test('the service API key opens cases from band crossings but cannot read case data', async () => {
  const keyed = await startCaseTestServer({ apiKey: 'k'.repeat(40) });
  try {
    const headers = { authorization: `Bearer ${'k'.repeat(40)}`, 'content-type': 'application/json' };
    const read = await fetch(`${keyed.baseUrl}/api/schools/${URN}/cases`, { headers });
    expect(read.status).toBe(403);
    const crossing = await fetch(`${keyed.baseUrl}/api/schools/${URN}/band-crossings`, { method: 'POST', headers, body: JSON.stringify({ upn: amir, belowPercent: 90, label: 'Persistent absence', percent: 80 }) });
    expect(crossing.status).toBe(201);
    expect(await crossing.json()).toEqual({ action: 'opened' });
  } finally {
    await keyed.stop();
  }
});
