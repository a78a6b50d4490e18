/**
 * An enforcement referral is refused by the server until every item of seed 001's escalation checklist is
 * confirmed with evidence and every lead professional has been consulted; the refusal says what is
 * missing and is audited. "Not applicable" is refused where the case's facts say an item applies.
 */
import { ESCALATION_CHECKLIST } from '../../bot/domain/cases/escalation-checklist';
import { PUPILS, STAFF, URN } from './support/case-school';
import { startCaseTestServer, type CaseTestServer } from './support/case-test-server';

let server: CaseTestServer;
const amir = PUPILS.amir.upn;
const base = `/api/schools/${URN}/cases/${amir}`;
const referral = { summary: 'Unauthorised absence continues despite support; parents not engaging since the contract.', reference: 'LA-2026-0042' };

beforeAll(async () => {
  server = await startCaseTestServer();
  expect((await server.as('lead')(`/api/schools/${URN}/cases`, { method: 'POST', json: { upn: amir, reason: 'Below 90%' } })).status).toBe(201);
});

afterAll(async () => {
  await server?.stop();
});

const json = async (res: Response) => ({ status: res.status, body: await res.json() });
const view = async () => (await json(await server.as('lead')(base))).body;

async function confirm(itemId: string, answer: 'done' | 'not-applicable', evidence: string) {
  const current = (await view()).checklist.items.find((i: { id: string }) => i.id === itemId);
  const headers: Record<string, string> = current.confirmation ? { 'if-match': current.confirmation.etag } : {};
  return json(await server.as('lead')(`${base}/checklist/${itemId}`, { method: 'PUT', headers, json: { answer, evidence } }));
}

test('the checklist is seed 001\'s sixteen items, in order', () => {
  expect(ESCALATION_CHECKLIST).toHaveLength(16);
  expect(ESCALATION_CHECKLIST[0].text).toMatch(/^First day telephone calls\/home visits/);
  expect(ESCALATION_CHECKLIST[14].text).toMatch(/lead professional from EHCM, YOS, CAMHS or CSC they should be consulted before an enforcement referral/);
  expect(ESCALATION_CHECKLIST[15].text).toMatch(/ARNA, ATTEND, MHST/);
});

test('with nothing confirmed the referral is refused with every missing item, and the refusal is audited', async () => {
  const { status, body } = await json(await server.as('lead')(`${base}/referral`, { method: 'POST', json: referral }));
  expect(status).toBe(409);
  expect(body.blockers).toHaveLength(17);
  expect(body.blockers.filter((b: { kind: string }) => b.kind === 'checklist')).toHaveLength(16);
  expect(body.blockers.at(-1)).toEqual({ kind: 'lead-professional', professionalId: 'mis-social-worker', message: 'Sam Social (CSC) is the lead professional and has not been consulted.' });
  const refusals = (await server.repos.audit.forPupil(URN, amir)).filter((e) => e.action === 'case.referral.record');
  expect(refusals[0]).toMatchObject({ outcome: 'denied', actorName: 'Alex Lead', detail: expect.stringMatching(/cannot be recorded yet: 17 things/) });
  expect((await view()).case.referral).toBeUndefined();
});

test('only the attendance lead or a DSL records a referral', async () => {
  const { status } = await json(await server.as('hoy7')(`${base}/referral`, { method: 'POST', json: referral }));
  expect(status).toBe(403);
});

test('"not applicable" is refused where the case says the item applies, and allowed where it does not', async () => {
  const external = await confirm('external-services-meeting', 'not-applicable', 'No services');
  expect(external.status).toBe(409);
  expect(external.body.error).toBe('Sam Social (CSC) is involved, so this item applies.');
  expect((await confirm('siblings-checked', 'not-applicable', 'None')).body.error).toBe('The case lists 1 sibling, so this item applies.');
  expect((await confirm('pupil-voice-heard', 'not-applicable', 'Too young')).body.error).toMatch(/applies to every case/);
  expect((await confirm('ehcp-outcomes', 'not-applicable', 'No EHC plan: SEN register checked 18 Nov')).status).toBe(200);
  expect((await confirm('unmet-learning-needs', 'done', '')).status).toBe(400);
});

test('each confirmation records who, when and the evidence; the referral is refused until the last item and the consultation', async () => {
  const notApplicable = new Set(['ehcp-outcomes', 'lateness-support', 'language-and-translation', 'anxiety-support']);
  for (const item of ESCALATION_CHECKLIST.filter((i) => i.id !== 'ehcp-outcomes')) {
    const answer = notApplicable.has(item.id) ? 'not-applicable' : 'done';
    const res = await confirm(item.id, answer, `Evidence for ${item.id}: see chronology 2026-11-19`);
    expect(res.status).toBe(200);
  }
  const v = await view();
  expect(v.checklist.confirmed).toBe(16);
  expect(v.checklist.items.find((i: { id: string }) => i.id === 'young-carer').confirmation).toMatchObject({
    answer: 'done',
    evidence: 'Evidence for young-carer: see chronology 2026-11-19',
    confirmedBy: { id: STAFF.lead.upn, name: 'Alex Lead' },
    confirmedAt: expect.stringMatching(/^2026-11-20T10:/),
  });
  expect(v.referral.blockers).toEqual([expect.objectContaining({ kind: 'lead-professional' })]);

  const refused = await json(await server.as('lead')(`${base}/referral`, { method: 'POST', json: referral }));
  expect(refused.status).toBe(409);
  expect(refused.body.blockers.map((b: { message: string }) => b.message)).toEqual(['Sam Social (CSC) is the lead professional and has not been consulted.']);
});

test('withdrawing a confirmation puts the item back among what is missing', async () => {
  const line = (await view()).checklist.items.find((i: { id: string }) => i.id === 'health-considered');
  const res = await json(await server.as('lead')(`${base}/checklist/health-considered`, { method: 'DELETE', headers: { 'if-match': line.confirmation.etag } }));
  expect(res.status).toBe(200);
  expect(res.body.referral.blockers.map((b: { itemId?: string; kind: string }) => b.itemId ?? b.kind)).toEqual(['health-considered', 'lead-professional']);
  expect((await confirm('health-considered', 'done', 'GP letter seen 12 Nov')).status).toBe(200);
});

test('once the lead professional is consulted the referral is recorded, moves the case to enforcement, and only once', async () => {
  const professional = (await view()).professionals[0];
  const consulted = await json(await server.as('lead')(`${base}/professionals/${professional.id}/consultation`, { method: 'PUT', headers: { 'if-match': professional.etag }, json: { on: '2026-11-20', summary: 'Social worker agrees; will attend the LA meeting' } }));
  expect(consulted.status).toBe(200);
  expect(consulted.body.referral.blockers).toEqual([]);

  const recorded = await json(await server.as('dsl')(`${base}/referral`, { method: 'POST', json: referral }));
  expect(recorded.status).toBe(200);
  expect(recorded.body.case).toMatchObject({ stage: 'enforcement-referral', referral: { reference: 'LA-2026-0042', summary: referral.summary, by: { name: 'Dana Safe' } } });
  expect(recorded.body.chronology[0]).toMatchObject({ kind: 'referral', byName: 'Dana Safe', summary: expect.stringContaining('Enforcement referral recorded (reference LA-2026-0042)') });

  const twice = await json(await server.as('lead')(`${base}/referral`, { method: 'POST', json: referral }));
  expect(twice.status).toBe(409);
  expect(twice.body.error).toMatch(/was recorded on 2026-11-20/);
  const audited = (await server.repos.audit.forPupil(URN, amir)).filter((e) => e.action === 'case.referral.record').map((e) => e.outcome);
  expect(audited.filter((o) => o === 'ok')).toHaveLength(1);
  expect(audited.filter((o) => o === 'denied').length).toBeGreaterThanOrEqual(3);
});
