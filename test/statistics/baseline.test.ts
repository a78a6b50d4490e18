/**
 * A school's first figures of the year are its baseline, against Azurite: pupils already in a band are
 * recorded per band (not as crossings: no case, nothing for the alert sweep), a roll imported before any
 * marks does not spend the baseline, crossings after it open cases as before, and the attendance lead
 * opens a band's baseline cases in one go: exactly its pupils, once, recorded and audited.
 */
import { SchoolFigures } from '../../bot/jobs/recompute-figures';
import { FiguresRepository } from '../../bot/store/figures-repository';
import { startTestStorage, type TestStorage } from '../support/azurite';
import { Register, pupil, testSchool } from './fixtures';

let storage: TestStorage;
let figures: FiguresRepository;
let urnCount = 0;
const AT = new Date('2027-10-04T17:00:00Z');
const LEAD = { id: 'lead@fenland.example', name: 'Ms Lead' };

beforeAll(async () => {
  storage = await startTestStorage();
  figures = new FiguresRepository({ store: storage.store });
});
afterAll(() => storage.azurite.stop());

/**
 * To Friday 1 October 2027 (38 sessions): Ana missed 3 days (84.2%, persistent absence), Ben 1 day (94.7%,
 * below 95%), Cat 2 days (89.4%, persistent absence), Dan nothing, Eve everything since 13 September (severe).
 */
async function setUpSchool() {
  const urn = String(310001 + urnCount++);
  await storage.repos.schools.insert(testSchool({ urn }));
  const names = ['ANA', 'BEN', 'CAT', 'DAN', 'EVE'];
  await storage.repos.pupils.upsertMany(urn, names.map((upn) => pupil(upn, { legalForename: upn[0] + upn.slice(1).toLowerCase(), yearGroup: upn === 'CAT' ? 8 : 7, form: upn === 'CAT' ? '8B' : '7A' })));
  const registers = new Map(names.map((upn) => [upn, new Register(upn).days('2027-09-07', '2027-10-01', '/')]));
  registers.get('ANA')!.days('2027-09-13', '2027-09-15', 'N');
  registers.get('BEN')!.day('2027-09-20', 'I');
  registers.get('CAT')!.days('2027-09-27', '2027-09-28', 'O');
  registers.get('EVE')!.days('2027-09-13', '2027-10-01', 'N');
  return { urn, names, registers, write: () => storage.repos.marks.upsertMany(urn, [...registers.values()].map((r) => r.marks)) };
}

const job = () => new SchoolFigures({ repos: storage.repos, now: () => AT });

async function caseLines(urn: string) {
  return (await storage.repos.cases.list(urn)).map((c) => `${c.case.pupilUpn} ${c.case.status} ${c.case.band?.belowPercent}%`).sort();
}

test('a first import of the year records the pupils already in a band as the baseline: no crossing, no case, nothing to alert', async () => {
  const { urn, names, write } = await setUpSchool();
  // The roll arrives before any marks: figures with no sessions do not take the baseline.
  const roll = await job().afterImport(urn, { upns: names, today: '2027-09-07' });
  expect(roll).toMatchObject({ pupils: 5, crossings: [], cases: { opened: 0 } });
  expect(roll.baseline).toBeUndefined();
  expect((await figures.baseline(urn, 2027)).bands).toEqual([]);

  await write();
  const first = await job().afterImport(urn, { upns: names, today: '2027-10-01', latestMarked: '2027-10-01' });
  expect(first).toMatchObject({ asOf: '2027-10-01', pupils: 5, crossings: [], baseline: { asOf: '2027-10-01', pupils: 4 }, cases: { opened: 0, reopened: 0, bandRecorded: 0 } });
  const baseline = await figures.baseline(urn, 2027);
  expect(baseline.pupils.map((p) => `${p.upn} ${p.belowPercent} ${p.percent}`).sort()).toEqual(['ANA 90 84.2', 'BEN 95 94.7', 'CAT 90 89.4', 'EVE 50 21']);
  expect(baseline.bands.map((b) => `${b.belowPercent} ${b.label} ${b.asOf}`)).toEqual(['95 Below 95% 2027-10-01', '92 Below 92% 2027-10-01', '90 Persistent absence 2027-10-01', '50 Severe absence 2027-10-01']);
  // Nothing for the reminders job's sweep to alert, nothing in "crossed a band this week", no case.
  expect(await figures.unhandledCrossings(urn, 2027)).toEqual([]);
  expect((await figures.getSchool(urn, 2027))!.crossingsThisWeek).toEqual([]);
  expect(await caseLines(urn)).toEqual([]);

  // The nightly recompute of the same day is not a baseline again, and finds nothing new.
  const nightly = await job().recomputeFigures(urn, '2027-10-01');
  expect(nightly).toMatchObject({ crossings: [], cases: { opened: 0 } });
  expect(nightly.baseline).toBeUndefined();
});

test('after the baseline, a pupil who falls into a band, or into a lower band than their baseline one, opens a case as before', async () => {
  const { urn, names, registers, write } = await setUpSchool();
  await write();
  expect((await job().recomputeFigures(urn, '2027-10-01')).baseline).toEqual({ asOf: '2027-10-01', pupils: 4 });
  // Monday and Tuesday: Ben off ill both days (36 of 42, 85.7%: from "below 95%" to persistent absence),
  // Dan misses three sessions (39 of 42, 92.8%: below 95%), the others in (Ana stays in her baseline band).
  registers.get('BEN')!.days('2027-10-04', '2027-10-05', 'I');
  registers.get('DAN')!.day('2027-10-04', 'N', '\\').day('2027-10-05', 'N', 'N');
  for (const upn of ['ANA', 'CAT', 'EVE']) registers.get(upn)!.days('2027-10-04', '2027-10-05', '/');
  await write();
  const tuesday = await job().afterImport(urn, { upns: names, today: '2027-10-05', latestMarked: '2027-10-05' });
  expect(tuesday.crossings.map((c) => `${c.upn} ${c.from?.belowPercent ?? '-'}→${c.band.belowPercent}`).sort()).toEqual(['BEN 95→90', 'DAN -→95']);
  expect(tuesday.baseline).toBeUndefined();
  expect(tuesday.cases).toMatchObject({ opened: 2 });
  expect(await caseLines(urn)).toEqual(['BEN open 90%', 'DAN open 95%']);
  expect((await figures.unhandledCrossings(urn, 2027)).map((c) => c.upn).sort()).toEqual(['BEN', 'DAN']);
});

test("the attendance lead opens a band's baseline cases: exactly its pupils, once, recorded against the band and audited", async () => {
  const { urn, write } = await setUpSchool();
  await write();
  await job().recomputeFigures(urn, '2027-10-01');
  // Cat has left since: she is skipped, with why.
  await storage.repos.pupils.table.delete(urn, 'CAT');

  const opening = await job().openBaselineCases(urn, 2027, 90, LEAD);
  expect(opening).toMatchObject({ academicYear: 2027, belowPercent: 90, label: 'Persistent absence', pupils: 2, opened: ['ANA'], reopened: [], unchanged: [], skipped: [{ upn: 'CAT', reason: `There is no pupil CAT on the roll of school ${urn}.` }] });
  expect(opening.casesOpened).toEqual({ byId: LEAD.id, byName: LEAD.name, at: AT.toISOString(), opened: 1 });
  expect(await caseLines(urn)).toEqual(['ANA open 90%']);
  const ana = (await storage.repos.cases.load(urn, 'ANA'))!;
  expect(ana.case).toMatchObject({ openedBy: LEAD, openedBecause: 'band-crossing', openedAt: AT.toISOString(), band: { belowPercent: 90, label: 'Persistent absence', percent: 84.2 }, lead: { upn: 'hoy7@fenland.example' } });
  const reason = `Attendance 84.2% was already in the school's band "Persistent absence" when this year's figures began on 1 October 2027. Opened from the baseline by Ms Lead.`;
  expect((await storage.repos.chronology.forPupil(urn, 'ANA')).map((e) => [e.byName, e.summary])).toEqual([['Ms Lead', `Support First case opened. ${reason}`]]);
  expect((await storage.repos.audit.forPupil(urn, 'ANA')).map((e) => [e.action, e.actorId, e.source, e.outcome])).toEqual([['case.opened', LEAD.id, 'baseline', 'ok']]);
  // Still no crossing: the heads of year are not alerted for a baseline the lead has acted on.
  expect(await figures.unhandledCrossings(urn, 2027)).toEqual([]);

  // Pressed again, by someone else later: nothing opens twice, and the first opener stays recorded.
  const again = await new SchoolFigures({ repos: storage.repos, now: () => new Date('2027-10-05T08:00:00Z') }).openBaselineCases(urn, 2027, 90, { id: 'other@fenland.example', name: 'Mr Other' });
  expect(again).toMatchObject({ opened: [], unchanged: ['ANA'], casesOpened: { byName: 'Ms Lead', at: AT.toISOString(), opened: 1 } });
  expect(await storage.repos.chronology.forPupil(urn, 'ANA')).toHaveLength(1);
  expect(await storage.repos.audit.forPupil(urn, 'ANA')).toHaveLength(1);

  // The other bands are untouched until opened; a band with no baseline is refused.
  expect((await figures.baseline(urn, 2027)).bands.filter((b) => b.casesOpened).map((b) => b.belowPercent)).toEqual([90]);
  await expect(job().openBaselineCases(urn, 2027, 80, LEAD)).rejects.toThrow('There is no baseline for a band at 80% in 2027/28.');
});

test('two presses at once open each case once', async () => {
  const { urn, write } = await setUpSchool();
  await write();
  await job().recomputeFigures(urn, '2027-10-01');
  const both = await Promise.all([job().openBaselineCases(urn, 2027, 90, LEAD), job().openBaselineCases(urn, 2027, 90, LEAD)]);
  expect(both.flatMap((o) => o.opened).sort()).toEqual(['ANA', 'CAT']);
  expect(await caseLines(urn)).toEqual(['ANA open 90%', 'CAT open 90%']);
  for (const upn of ['ANA', 'CAT']) expect(await storage.repos.chronology.forPupil(urn, upn)).toHaveLength(1);
});
