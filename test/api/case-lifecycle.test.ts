/**
 * A Support First case from opening to review, over HTTP: what it starts with from the school's records,
 * its attendance (figures and herringbone), meetings and the plan they set, voice, the DSL's decision on a
 * non-resident parent, notes kept as written, ETag conflicts, and the list's filters.
 */
import { openCaseForBandCrossing } from '../../bot/cases/case-opener';
import { NOW, PUPILS, URN } from './support/case-school';
import { startCaseTestServer, type CaseTestServer } from './support/case-test-server';

let server: CaseTestServer;
const amir = PUPILS.amir.upn;
const base = `/api/schools/${URN}/cases`;

beforeAll(async () => {
  server = await startCaseTestServer();
});

afterAll(async () => {
  await server?.stop();
});

const json = async (res: Response) => ({ status: res.status, body: await res.json() });

test('a pupil without a case: their head of year is offered to open one; another year\'s is refused', async () => {
  const none = await json(await server.as('hoy7')(`${base}/${amir}`));
  expect(none).toEqual({ status: 404, body: { error: 'Amir Haddad has no Support First case.', canOpen: true, pupil: { upn: amir, name: 'Amir Haddad', yearGroup: 7, form: '7A' } } });
  const other = await json(await server.as('hoy9')(`${base}/${amir}`));
  expect(other.status).toBe(403);
  expect(JSON.stringify(other.body)).not.toMatch(/Amir/);
});

test('a head of year opens a case by hand; it starts with the family, siblings, professionals and attendance from the records', async () => {
  const { status, body } = await json(await server.as('hoy7')(base, { method: 'POST', json: { upn: amir.toLowerCase(), reason: 'Missing every Monday since September' } }));
  expect(status).toBe(201);
  expect(body.case).toMatchObject({ status: 'open', stage: 'concern', openedBecause: 'by-hand', openedOn: '2026-11-20', lead: { upn: 'h.seven@test.example', name: 'Harriet Seven' } });
  expect(body.carers.map((c: { name: string; inclusion: string }) => `${c.name}: ${c.inclusion}`)).toEqual(['Nadia Haddad: included', 'Karim Haddad: awaiting-dsl']);
  expect(body.siblings).toEqual([expect.objectContaining({ name: 'Layla Haddad', upn: PUPILS.sister.upn, yearGroup: 9, school: 'Test Park School' })]);
  expect(body.siblings[0].sharedAbsenceDays).toHaveLength(6);
  expect(body.siblings[0].sharedAbsenceDays[0]).toBe('2026-09-07');
  expect(body.professionals).toEqual([expect.objectContaining({ service: 'CSC', name: 'Sam Social', isLeadProfessional: true })]);
  expect(body.attendance.year).toEqual({ possible: 116, attended: 94, percent: 81, authorised: 0, unauthorised: 22 });
  expect(body.attendance.lates).toEqual({ beforeClose: 12, afterClose: 0 });
  expect(body.attendance.term).toMatchObject({ name: 'Autumn 2026', percent: 81 });
  expect(body.attendance.bands).toEqual(['below-threshold', 'persistent']);
  expect(body.attendance.trend.direction).toBe('steady');
  const slot = (weekday: number, session: string) => body.attendance.herringbone.slots.find((s: { weekday: number; session: string }) => s.weekday === weekday && s.session === session);
  expect(slot(1, 'AM')).toEqual({ weekday: 1, session: 'AM', possible: 11, absences: 11, lates: 0 });
  expect(slot(3, 'AM')).toEqual({ weekday: 3, session: 'AM', possible: 12, absences: 0, lates: 12 });
  expect(body.attendance.herringbone.weeks).toHaveLength(12);
  expect(body.plan).toMatchObject({ due: { meeting: { date: '2026-12-04', label: 'Initial Support First meeting' } }, meetingsHeld: 0, minimumMeetings: 3 });
  expect(body.chronology[0]).toMatchObject({ kind: 'case', byName: 'Harriet Seven', summary: 'Support First case opened. Missing every Monday since September' });
  expect(body.checklist).toMatchObject({ confirmed: 0, total: 16 });

  const again = await json(await server.as('hoy7')(base, { method: 'POST', json: { upn: amir, reason: 'again' } }));
  expect(again.status).toBe(409);
});

test('a meeting sets the review; fortnightly contact falls due between; a contact moves it on', async () => {
  const meeting = {
    kind: 'initial',
    date: '2026-11-19',
    method: 'in-person',
    attendees: [
      { name: 'Nadia Haddad', role: 'Mother' },
      { name: 'Harriet Seven', role: 'Head of year 7' },
    ],
    barriers: ['Mondays: Amir looks after his little brother when Mum works an early shift'],
    agreedActions: [
      { action: 'Breakfast club place from Monday', owner: 'Harriet Seven', due: '2026-11-23' },
      { action: 'Ask childminder about Monday mornings', owner: 'Nadia Haddad', due: '2026-11-27' },
    ],
    nextReview: '2026-12-10',
    summary: 'Mum keen to work together.',
  };
  const { status, body } = await json(await server.as('hoy7')(`${base}/${amir}/meetings`, { method: 'POST', json: meeting }));
  expect(status).toBe(201);
  expect(body.meetings[0]).toMatchObject({ kind: 'initial', date: '2026-11-19', barriers: meeting.barriers, agreedActions: [expect.objectContaining({ done: false }), expect.anything()], recordedBy: { id: 'h.seven@test.example', name: 'Harriet Seven' } });
  expect(body.plan).toMatchObject({ due: { review: '2026-12-10', contact: '2026-12-03' }, meetingsHeld: 1, states: { review: 'later', contact: 'later' } });
  expect(body.chronology[0]).toMatchObject({ kind: 'meeting', summary: expect.stringContaining('Initial Support First meeting (in-person) on 2026-11-19 with Nadia Haddad, Harriet Seven: 2 agreed actions; review on 2026-12-10') });

  const contact = await json(await server.as('hoy7')(`${base}/${amir}/contacts`, { method: 'POST', json: { date: '2026-11-20', method: 'phone', withWhom: 'Nadia Haddad', summary: 'Childminder can take the little one on Mondays', supportReoffered: true } }));
  expect(contact.body.plan.due.contact).toBe('2026-12-04');
});

test('bad input is refused with the field and what is wrong, and nothing is written', async () => {
  const future = await json(await server.as('hoy7')(`${base}/${amir}/meetings`, { method: 'POST', json: { kind: 'review', date: '2026-11-25', method: 'phone', attendees: [{ name: 'A', role: 'B' }] } }));
  expect(future).toEqual({ status: 400, body: { field: 'date', error: 'date: 2026-11-25 is in the future; record it once it has happened' } });
  const review = await json(await server.as('hoy7')(`${base}/${amir}/meetings`, { method: 'POST', json: { kind: 'review', date: '2026-11-18', method: 'phone', attendees: [{ name: 'A', role: 'B' }], nextReview: '2026-11-01' } }));
  expect(review.body.field).toBe('nextReview');
  const owner = await json(await server.as('hoy7')(`${base}/${amir}/meetings`, { method: 'POST', json: { kind: 'review', date: '2026-11-18', method: 'phone', attendees: [{ name: 'A', role: 'B' }], agreedActions: [{ action: 'Do it', due: '2026-11-30' }] } }));
  expect(owner.body).toEqual({ field: 'agreedActions[0].owner', error: 'agreedActions[0].owner: is required' });
  const view = await json(await server.as('hoy7')(`${base}/${amir}`));
  expect(view.body.meetings).toHaveLength(1);
});

test('changing an agreed action needs the ETag last read: missing is 428, stale is 412', async () => {
  const view = (await json(await server.as('hoy7')(`${base}/${amir}`))).body;
  const meeting = view.meetings[0];
  const url = `${base}/${amir}/meetings/${meeting.id}/actions`;
  expect((await server.as('hoy7')(url, { method: 'PATCH', json: { index: 0, done: true } })).status).toBe(428);
  const done = await json(await server.as('hoy7')(url, { method: 'PATCH', headers: { 'if-match': meeting.etag }, json: { index: 0, done: true } }));
  expect(done.status).toBe(200);
  expect(done.body.meetings[0].agreedActions[0].done).toBe(true);
  const stale = await json(await server.as('hoy7')(url, { method: 'PATCH', headers: { 'if-match': meeting.etag }, json: { index: 1, done: true } }));
  expect(stale.status).toBe(412);
  expect(stale.body.error).toMatch(/changed this since you opened it/);
  const stage = await json(await server.as('hoy7')(`${base}/${amir}/stage`, { method: 'PUT', headers: { 'if-match': view.case.etag }, json: { stage: 'support-first' } }));
  expect(stage.status).toBe(412);
  const fresh = (await json(await server.as('hoy7')(`${base}/${amir}`))).body;
  const ok = await json(await server.as('hoy7')(`${base}/${amir}/stage`, { method: 'PUT', headers: { 'if-match': fresh.case.etag }, json: { stage: 'support-first' } }));
  expect(ok.body.case.stage).toBe('support-first');
  const enforcement = await json(await server.as('hoy7')(`${base}/${amir}/stage`, { method: 'PUT', headers: { 'if-match': ok.body.case.etag }, json: { stage: 'enforcement-referral' } }));
  expect(enforcement.status).toBe(400);
});

test('two changes at once both land: the second is re-applied on the case as the first left it', async () => {
  const add = (date: string) =>
    server.as('hoy7')(`${base}/${amir}/meetings`, { method: 'POST', json: { kind: 'review', date, method: 'virtual', attendees: [{ name: 'Nadia Haddad', role: 'Mother' }], summary: `Review ${date}` } });
  const results = await Promise.all([add('2026-11-19'), add('2026-11-20')]);
  expect(results.map((r) => r.status)).toEqual([201, 201]);
  const view = (await json(await server.as('hoy7')(`${base}/${amir}`))).body;
  expect(view.meetings.map((m: { summary: string }) => m.summary).sort()).toEqual(['Mum keen to work together.', 'Review 2026-11-19', 'Review 2026-11-20']);
  expect(view.plan.meetingsHeld).toBe(3);
});

test("the pupil's and parent's voice are kept in their words", async () => {
  const pupil = await json(await server.as('hoy7')(`${base}/${amir}/pupil-voice`, {
    method: 'POST',
    json: { date: '2026-11-20', heardBy: 'Ms Kelly (learning mentor)', inTheirWords: "I have to mind Yusuf when Mum's on earlies.", atHome: 'Caring for brother', whatWouldHelp: 'Someone to help Mum on Mondays', patternsExplored: 'Every Monday absent; Wednesday late because of swimming club the night before' },
  }));
  expect(pupil.status).toBe(201);
  expect(pupil.body.pupilVoice[0]).toMatchObject({ inTheirWords: "I have to mind Yusuf when Mum's on earlies.", heardBy: 'Ms Kelly (learning mentor)' });
  const parent = await json(await server.as('hoy7')(`${base}/${amir}/parent-voice`, {
    method: 'POST',
    json: { date: '2026-11-20', carerName: 'Nadia Haddad', inTheirWords: 'I cannot change my shifts.', barriers: ['Shift pattern', 'No family nearby'], matchesPupilsReasons: 'yes' },
  }));
  expect(parent.body.parentVoice[0]).toMatchObject({ barriers: ['Shift pattern', 'No family nearby'], matchesPupilsReasons: 'yes' });
});

test('the DSL decides whether the non-resident father is included; others see the decision, not the reason', async () => {
  const view = (await json(await server.as('hoy7')(`${base}/${amir}`))).body;
  const dad = view.carers.find((c: { name: string }) => c.name === 'Karim Haddad');
  const url = `${base}/${amir}/carers/${dad.id}/dsl-decision`;
  const body = { decision: 'include', reason: 'No safeguarding reason to exclude; shares parental responsibility' };
  expect((await server.as('hoy7')(url, { method: 'PUT', headers: { 'if-match': dad.etag }, json: body })).status).toBe(403);
  const decided = await json(await server.as('dsl')(url, { method: 'PUT', headers: { 'if-match': dad.etag }, json: body }));
  expect(decided.status).toBe(200);
  expect(decided.body.carers.find((c: { name: string }) => c.name === 'Karim Haddad')).toMatchObject({ inclusion: 'included', dslDecision: { decision: 'include', reason: body.reason, by: { name: 'Dana Safe' } } });
  const forHoy = (await json(await server.as('hoy7')(`${base}/${amir}`))).body.carers.find((c: { name: string }) => c.name === 'Karim Haddad');
  expect(forHoy).toMatchObject({ inclusion: 'included', dslDecision: { decision: 'include', reason: 'The DSL recorded the reason.' } });
});

test('notes are stored exactly as written and come back as JSON text, never markup', async () => {
  const text = 'Mum said <script>alert("x")</script> and sent [a link](javascript:alert(1)) & more';
  const res = await server.as('hoy7')(`${base}/${amir}/notes`, { method: 'POST', json: { text } });
  expect(res.status).toBe(201);
  expect(res.headers.get('content-type')).toMatch(/^application\/json/);
  const body = await res.json();
  expect(body.notes[0].text).toBe(text);
  expect(body.chronology[0]).toMatchObject({ kind: 'note', summary: text });
});

test("the list filters by stage, band, actions due and name, and shows what is due", async () => {
  const bea = PUPILS.bea.upn;
  expect((await server.as('lead')(base, { method: 'POST', json: { upn: bea, reason: 'Watch list' } })).status).toBe(201);
  await server.as('lead')(`${base}/${bea}/meetings`, { method: 'POST', json: { kind: 'initial', date: '2026-11-02', method: 'phone', attendees: [{ name: 'Grace Okoro', role: 'Mother' }], nextReview: '2026-11-23' } });
  const list = async (query: string) => ((await json(await server.as('lead')(`${base}${query}`))).body.cases as { upn: string }[]).map((c) => c.upn);
  expect(await list('')).toEqual([amir, bea]); // lowest attendance first
  expect(await list('?band=persistent')).toEqual([amir]);
  expect(await list('?band=severe')).toEqual([]);
  expect(await list('?stage=support-first')).toEqual([amir]);
  expect(await list('?stage=concern')).toEqual([bea]);
  expect(await list('?due=review')).toEqual([bea]);
  expect(await list('?due=contact')).toEqual([bea]);
  expect(await list('?due=meeting')).toEqual([]);
  expect(await list('?q=hadd')).toEqual([amir]);
  const rows = (await json(await server.as('lead')(`${base}?due=any`))).body.cases;
  expect(rows[0]).toMatchObject({ upn: bea, name: 'Bea Okoro', dueActions: ['review', 'contact'], due: { review: '2026-11-23', contact: '2026-11-16' }, attendance: { year: 100, bands: [] } });
  const audit = (await server.repos.audit.recent(URN, 500)).filter((e) => e.action === 'case.list');
  expect(audit[0].detail).toMatch(/cases listed/);
});

test('band crossings open a case once, record a lower band, and reopen a closed case only in a lower band', async () => {
  const sister = PUPILS.sister.upn;
  const crossing = (belowPercent: number, percent: number) => ({ urn: URN, upn: sister, crossing: { belowPercent, label: `Below ${belowPercent}%`, percent, at: NOW.toISOString() } });
  const first = await Promise.all([1, 2, 3].map(() => openCaseForBandCrossing(server.repos, crossing(95, 93.5))));
  expect(first.map((r) => r.action).sort()).toEqual(['none', 'none', 'opened']);
  expect((await openCaseForBandCrossing(server.repos, crossing(95, 93))).action).toBe('none');
  expect((await openCaseForBandCrossing(server.repos, crossing(90, 89.9))).action).toBe('band-recorded');
  const view = (await json(await server.as('dsl')(`${base}/${sister}`))).body;
  expect(view.case).toMatchObject({ openedBecause: 'band-crossing', band: { belowPercent: 90, percent: 89.9 }, openedBy: { name: 'Firstday (attendance statistics)' } });
  const closed = await json(await server.as('dsl')(`${base}/${sister}/close`, { method: 'POST', headers: { 'if-match': view.case.etag }, json: { reason: 'Attendance back above 95% for six weeks' } }));
  expect(closed.body.case.status).toBe('closed');
  expect((await openCaseForBandCrossing(server.repos, crossing(90, 89))).action).toBe('none');
  expect((await openCaseForBandCrossing(server.repos, crossing(50, 48))).action).toBe('reopened');
  const reopened = (await json(await server.as('dsl')(`${base}/${sister}`))).body;
  expect(reopened.case).toMatchObject({ status: 'open', reopenedOn: '2026-11-20' });
  expect(reopened.chronology.map((l: { summary: string }) => l.summary)).toEqual(
    expect.arrayContaining([expect.stringMatching(/^Support First case opened/), expect.stringMatching(/^Support First case closed/), expect.stringMatching(/^Support First case reopened/)]),
  );
  const audited = (await server.repos.audit.forPupil(URN, sister)).map((e) => e.action);
  expect(audited).toEqual(expect.arrayContaining(['case.opened', 'case.band-recorded', 'case.reopened', 'case.close']));
});
