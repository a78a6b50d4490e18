/**
 * The school's attendance view over HTTP: the attendance lead and the DSL read the stored summary (the
 * school's and each year's attendance, persistent and severe absence, the weekday picture, the pupils who
 * crossed a band in the week with their cases and siblings); a head of year is refused; all audited. The
 * case view and list read the stored figures too: a mark changed since is not shown until they are updated.
 */
import { withMark } from '../../bot/domain/session-marks';
import { SchoolFigures } from '../../bot/jobs/recompute-figures';
import { CONTACTS, PUPILS, SCHOOL, STAFF, termMarks, URN } from './support/case-school';
import { startCaseTestServer, type CaseTestServer } from './support/case-test-server';

let server: CaseTestServer;

beforeAll(async () => {
  server = await startCaseTestServer();
});
afterAll(async () => {
  await server?.stop();
});

const path = `/api/schools/${URN}/attendance`;
const { amir, sister } = PUPILS;
const MONDAYS_TOGETHER = ['2026-09-07', '2026-09-21', '2026-10-05', '2026-10-19', '2026-11-02', '2026-11-16'];

async function lastAudit() {
  return (await server.repos.audit.recent(URN)).find((e) => e.action === 'school.attendance.read');
}

test("the attendance lead sees the school's figures as the statistics stored them", async () => {
  const res = await server.as('lead')(path);
  expect(res.status).toBe(200);
  const view = await res.json();
  expect(view).toMatchObject({ today: '2026-11-20', academicYear: 2026 });
  const f = view.figures;
  expect(f).toMatchObject({ asOf: '2026-11-20', weekOf: '2026-11-16' });
  // 314 of 348 sessions: Amir misses Mondays (22), Layla every other Monday (12).
  expect(f.school).toEqual({ pupils: 3, possible: 348, authorised: 0, unauthorised: 34, persistent: 2, severe: 0, percent: 90.2 });
  expect(f.yearGroups).toEqual([
    { yearGroup: 7, pupils: 1, possible: 116, authorised: 0, unauthorised: 22, persistent: 1, severe: 0, percent: 81 },
    { yearGroup: 9, pupils: 2, possible: 232, authorised: 0, unauthorised: 12, persistent: 1, severe: 0, percent: 94.8 },
  ]);
  expect(f.weekdays[0]).toEqual({ weekday: 1, am: { possible: 33, absent: 17, late: 0 }, pm: { possible: 33, absent: 17, late: 0 } });
  expect(f.weekdays[2].am).toEqual({ possible: 36, absent: 0, late: 12 });
  expect(f.bands.map((b: { pupils: number }) => b.pupils)).toEqual([0, 2, 0]);
  expect(f.weeks).toHaveLength(12);
  expect(f.crossingsThisWeek).toEqual([
    {
      upn: amir.upn,
      name: 'Amir Haddad',
      yearGroup: 7,
      form: '7A',
      case: 'none',
      belowPercent: 90,
      label: 'Persistent absence (90% or below)',
      percent: 81,
      crossedOn: '2026-11-20',
      siblings: [{ upn: sister.upn, name: 'Layla Haddad', yearGroup: 9, days: MONDAYS_TOGETHER }],
    },
    expect.objectContaining({ upn: sister.upn, percent: 89.6, siblings: [{ upn: amir.upn, name: 'Amir Haddad', yearGroup: 7, days: MONDAYS_TOGETHER }] }),
  ]);
  // In the last ten school weeks Amir has 20 unauthorised sessions and Layla 10: both at the penalty-notice threshold.
  expect(f.penaltyThreshold).toEqual([
    { upn: amir.upn, name: 'Amir Haddad', yearGroup: 7, form: '7A', case: 'none' },
    { upn: sister.upn, name: 'Layla Haddad', yearGroup: 9, form: '9B', case: 'none' },
  ]);
  expect(await lastAudit()).toMatchObject({ actorId: STAFF.lead.aadObjectId, outcome: 'ok', detail: 'figures to 2026-11-20; 2 pupils crossed a band that week' });
});

test('a crossing links to the case once it is open; the DSL sees the view too', async () => {
  expect((await server.as('lead')(`/api/schools/${URN}/cases`, { method: 'POST', json: { upn: amir.upn, reason: 'Persistent absence' } })).status).toBe(201);
  const view = await (await server.as('dsl')(path)).json();
  expect(view.figures.crossingsThisWeek.map((c: { name: string; case: string }) => `${c.name}: ${c.case}`)).toEqual(['Amir Haddad: open', 'Layla Haddad: none']);
});

test('a head of year cannot see the whole school: 403 saying so, and the refusal audited', async () => {
  const res = await server.as('hoy7')(path);
  expect(res.status).toBe(403);
  expect(await res.json()).toEqual({ error: "The school's attendance figures are for the attendance lead and the DSLs. Your cases are under Cases." });
  expect(await lastAudit()).toMatchObject({ actorId: STAFF.hoy7.aadObjectId, outcome: 'denied' });
  expect((await server.as('tutor')(path)).status).toBe(403);
});

test('cases show the stored figures, not a recomputation: a mark written since shows once the figures are updated', async () => {
  const before = await (await server.as('lead')(`/api/schools/${URN}/cases/${amir.upn}`)).json();
  expect(before.attendance.year).toMatchObject({ possible: 116, attended: 94 });
  const marks = (await server.repos.marks.get(URN, 2026, amir.upn))!;
  await server.repos.marks.replace(URN, withMark(marks.value, { upn: amir.upn, date: '2026-11-16', session: 'AM', code: '/' }), marks.etag);
  const unchanged = await (await server.as('lead')(`/api/schools/${URN}/cases/${amir.upn}`)).json();
  expect(unchanged.attendance.year).toMatchObject({ possible: 116, attended: 94 });
  // The week grid is the marks themselves.
  expect(unchanged.attendance.herringbone.weeks.at(-1).cells[0]).toMatchObject({ date: '2026-11-16', session: 'AM', code: '/', kind: 'present' });

  await new SchoolFigures({ repos: server.repos }).afterImport(URN, { upns: [amir.upn], today: '2026-11-20' });
  const updated = await (await server.as('lead')(`/api/schools/${URN}/cases/${amir.upn}`)).json();
  expect(updated.attendance.year).toMatchObject({ possible: 116, attended: 95, percent: 81.8 });
  const list = await (await server.as('lead')(`/api/schools/${URN}/cases`)).json();
  expect(list.cases.find((c: { upn: string }) => c.upn === amir.upn).attendance).toEqual({ year: 81.8, term: 81.8, bands: ['below-threshold', 'persistent'], trend: 'steady' });
});

test('before the statistics have run, the case says so and the school view has no figures', async () => {
  const fresh = await startCaseTestServer({
    seed: async (repos) => {
      await repos.pupils.upsertMany(URN, Object.values(PUPILS));
      await repos.contacts.upsertMany(URN, CONTACTS);
      await repos.marks.upsertMany(URN, termMarks());
      await repos.schools.insert(SCHOOL);
    },
  });
  try {
    expect(await (await fresh.as('lead')(path)).json()).toEqual({ today: '2026-11-20', academicYear: 2026 });
    expect((await fresh.as('lead')(`/api/schools/${URN}/cases`, { method: 'POST', json: { upn: amir.upn, reason: 'By hand' } })).status).toBe(201);
    const view = await (await fresh.as('lead')(`/api/schools/${URN}/cases/${amir.upn}`)).json();
    expect(view.attendance).toBeUndefined();
    expect(view.today).toBe('2026-11-20');
    // The siblings' shared days come from the marks, figures or not.
    expect(view.siblings[0].sharedAbsenceDays).toEqual(MONDAYS_TOGETHER);
    const list = await (await fresh.as('lead')(`/api/schools/${URN}/cases`)).json();
    expect(list.cases[0].attendance).toEqual({ bands: [], trend: 'not-enough-data' });
  } finally {
    await fresh.stop();
  }
});
