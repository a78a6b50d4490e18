/**
 * The year's baseline over real HTTP, against the real server and Azurite: the test school's figures are
 * computed for the first time on the day (so Amir and Layla, already below 90%, are its baseline), the
 * attendance lead and the DSL see each band's pupils, a head of year is refused, only the lead opens a
 * band's cases (exactly its pupils, once), and every read and refusal is audited.
 */
import { PUPILS, STAFF, TODAY, URN } from './support/case-school';
import { seedBaselineSchool } from './support/baseline-school';
import { startCaseTestServer, type CaseTestServer } from './support/case-test-server';

jest.setTimeout(60_000);

let server: CaseTestServer;

beforeAll(async () => {
  server = await startCaseTestServer({ seed: seedBaselineSchool });
});
afterAll(() => server?.stop());

const audits = async (action: string) => (await server.repos.audit.recent(URN)).filter((e) => e.action === action).map((e) => `${e.actorName}: ${e.outcome}${e.detail ? ` (${e.detail})` : ''}`);

test("the attendance lead and the DSL see each band's baseline; a head of year is refused, and the refusal audited", async () => {
  const res = await server.as('lead')(`/api/schools/${URN}/baseline`);
  expect(res.status).toBe(200);
  const view = await res.json();
  expect(view).toEqual({
    academicYear: 2026,
    canOpen: true,
    bands: [
      { belowPercent: 95, label: 'Below 95%', asOf: TODAY, pupils: [] },
      {
        belowPercent: 90,
        label: 'Persistent absence (90% or below)',
        asOf: TODAY,
        pupils: [
          { upn: PUPILS.amir.upn, name: 'Amir Haddad', yearGroup: 7, form: '7A', percent: 81, case: 'none' },
          { upn: PUPILS.sister.upn, name: 'Layla Haddad', yearGroup: 9, form: '9B', percent: 89.6, case: 'none' },
        ],
      },
      { belowPercent: 50, label: 'Severe absence (50% or below)', asOf: TODAY, pupils: [] },
    ],
  });
  // The first computation alerted no one and put no one in "crossed a band this week".
  const attendance = await (await server.as('lead')(`/api/schools/${URN}/attendance`)).json();
  expect(attendance.figures.crossingsThisWeek).toEqual([]);

  const dsl = await server.as('dsl')(`/api/schools/${URN}/baseline`);
  expect(dsl.status).toBe(200);
  expect((await dsl.json()).canOpen).toBe(false);

  const hoy = await server.as('hoy7')(`/api/schools/${URN}/baseline`);
  expect(hoy.status).toBe(403);
  expect((await hoy.json()).error).toBe("The baseline is for the attendance lead and the DSLs, as the school's figures are. Your cases are under Cases.");
  expect(await audits('baseline.read')).toEqual([
    "Harriet Seven: denied (The baseline is for the attendance lead and the DSLs, as the school's figures are. Your cases are under Cases.)",
    'Dana Safe: ok (2026: 2 pupils in 3 bands at the baseline)',
    'Alex Lead: ok (2026: 2 pupils in 3 bands at the baseline)',
  ]);
  expect((await fetch(`${server.baseUrl}/api/schools/${URN}/baseline`)).status).toBe(401);
});

test("only the attendance lead opens a band's cases: exactly the listed pupils, and pressing twice opens each once", async () => {
  const refused = await server.as('dsl')(`/api/schools/${URN}/baseline/90/cases`, { method: 'POST', json: {} });
  expect(refused.status).toBe(403);
  expect((await refused.json()).error).toBe("Only the attendance lead opens the cases of a band's baseline.");
  expect(await server.repos.cases.list(URN)).toEqual([]);

  const first = await server.as('lead')(`/api/schools/${URN}/baseline/90/cases`, { method: 'POST', json: {} });
  expect(first.status).toBe(200);
  const opened = await first.json();
  expect(opened).toMatchObject({ opened: 2, alreadyOpen: 0, skipped: 0, band: { belowPercent: 90, casesOpened: { byName: 'Alex Lead', opened: 2 } } });
  expect(opened.band.pupils.map((p: { name: string; case: string }) => `${p.name}: ${p.case}`)).toEqual(['Amir Haddad: open', 'Layla Haddad: open']);
  const cases = (await server.repos.cases.list(URN)).map((c) => c.case);
  expect(cases.map((c) => c.pupilUpn).sort()).toEqual([PUPILS.amir.upn, PUPILS.sister.upn].sort());
  expect(cases.every((c) => c.openedBy.name === 'Alex Lead' && c.openedBy.id === STAFF.lead.upn)).toBe(true);

  const again = await server.as('lead')(`/api/schools/${URN}/baseline/90/cases`, { method: 'POST', json: {} });
  expect(again.status).toBe(200);
  expect(await again.json()).toMatchObject({ opened: 0, alreadyOpen: 2, band: { casesOpened: { byName: 'Alex Lead', at: opened.band.casesOpened.at, opened: 2 } } });
  expect(await server.repos.cases.list(URN)).toHaveLength(2);
  expect((await server.repos.chronology.forPupil(URN, PUPILS.amir.upn)).filter((e) => e.kind === 'case')).toHaveLength(1);

  const none = await server.as('lead')(`/api/schools/${URN}/baseline/80/cases`, { method: 'POST', json: {} });
  expect(none.status).toBe(404);
  expect(await audits('baseline.cases.open')).toEqual([
    'Alex Lead: denied (There is no baseline for a band at 80% in 2026/27.)',
    'Alex Lead: ok (Persistent absence (90% or below): 0 cases opened of 2 pupils at the baseline)',
    'Alex Lead: ok (Persistent absence (90% or below): 2 cases opened of 2 pupils at the baseline)',
    "Dana Safe: denied (Only the attendance lead opens the cases of a band's baseline.)",
  ]);
  expect((await server.repos.audit.forPupil(URN, PUPILS.amir.upn)).filter((e) => e.action === 'case.opened').map((e) => e.actorName)).toEqual(['Alex Lead']);
});
