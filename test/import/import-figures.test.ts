/**
 * An applied import updates the attendance figures of the pupils it touched and opens a Support First
 * case for each pupil who crossed one of the school's bands: exactly once, whatever is run twice, and
 * nothing at all when the import itself is rolled back. The school's first import of the year is its
 * baseline: a pupil already in a band then opens no case. Real Azurite throughout.
 */
import { addDays, weekdayOf } from '../../bot/domain/clock';
import type { School } from '../../bot/domain/school';
import type { ImportFile } from '../../bot/import/import-types';
import { SchoolImport } from '../../bot/import/school-import';
import { SchoolFigures } from '../../bot/jobs/recompute-figures';
import { FiguresRepository } from '../../bot/store/figures-repository';
import { createRepositories, type Repositories } from '../../bot/store/repositories';
import { startTestStorage, type TestStorage } from '../support/azurite';
import { csvFile, fixture, snapshot, testSchool } from './support';

let storage: TestStorage;
let figures: FiguresRepository;
let urns = 400000;

beforeAll(async () => {
  storage = await startTestStorage();
  figures = new FiguresRepository({ store: storage.store });
});
afterAll(() => storage.azurite.stop());

const ZOE = 'G938202510010'; // year 9
const HARRY = 'V938202510020'; // year 9
const HOY9 = 'h.nine@school.example';
/** Monday 22 September 2025, 10:00 in London: the morning's marks are in. */
const MONDAY = new Date('2025-09-22T09:00:00Z');

async function newSchool(): Promise<string> {
  const urn = String(urns++);
  const school: School = { ...testSchool(urn), staff: [...testSchool(urn).staff, { upn: HOY9, displayName: 'Ms Nine', roles: ['head-of-year'], yearGroups: [9] }] };
  await storage.repos.schools.insert(school);
  return urn;
}

const ukDate = (d: string) => `${d.slice(8)}/${d.slice(5, 7)}/${d.slice(0, 4)}`;

/**
 * The first three weeks of term (1 to 19 September, 30 sessions): Zoë present throughout; Harry off
 * ill on the morning and afternoon of 8 September (28 of 30, 93.3%: in the "below 95%" band).
 */
function threeWeeks(): ImportFile {
  const rows = ['UPN,Date,AM,PM'];
  for (let d = '2025-09-01'; d <= '2025-09-19'; d = addDays(d, 1)) {
    if (weekdayOf(d) > 5) continue;
    rows.push(`${ZOE},${ukDate(d)},/,\\`);
    rows.push(d === '2025-09-08' ? `${HARRY},${ukDate(d)},I,I` : `${HARRY},${ukDate(d)},/,\\`);
  }
  return csvFile('marks', 'september.csv', rows);
}

/** Monday's registers: Zoë absent unexplained all day (30 of 32, 93.75%), Harry in (30 of 32, still below 95%). */
const monday = (): ImportFile => csvFile('marks', 'monday.csv', ['UPN,Date,AM,PM', `${ZOE},22/09/2025,N,N`, `${HARRY},22/09/2025,/,\\`]);

function run(urn: string, files: ImportFile[], repos: Repositories = storage.repos) {
  return new SchoolImport({ repos, now: () => MONDAY }).run({ urn, files, actor: 'a.officer@school.example', actorName: 'Ms Officer', source: 'test' });
}

async function unhandled(urn: string) {
  return (await figures.unhandledCrossings(urn, 2025)).map((c) => `${c.upn} ${c.belowPercent}% at ${c.percent}%`).sort();
}

async function cases(urn: string) {
  return (await storage.repos.cases.list(urn)).map((c) => `${c.case.pupilUpn} ${c.case.status} ${c.case.band?.belowPercent}% (${c.case.openedBecause})`).sort();
}

/** A school that joins three weeks into term: Harry already in the 95% band is its baseline, with no case. */
async function schoolWithSeptember(): Promise<string> {
  const urn = await newSchool();
  const first = await run(urn, [fixture('pupils', 'pupils.csv'), threeWeeks()]);
  expect(first).toMatchObject({ status: 'imported', summary: { figures: { academicYear: 2025, asOf: '2025-09-19', pupils: 4, crossings: 0, cases: { opened: 0 } } } });
  expect(await unhandled(urn)).toEqual([]);
  expect(await cases(urn)).toEqual([]);
  expect((await figures.baseline(urn, 2025)).pupils.map((p) => `${p.upn} ${p.belowPercent}% at ${p.percent}%`)).toEqual([`${HARRY} 95% at 93.3%`]);
  return urn;
}

test("a morning's import that takes a pupil into a band opens exactly one case and leaves exactly one unhandled crossing; a pupil in the band at the baseline gets nothing new", async () => {
  const urn = await schoolWithSeptember();
  const harryBefore = await storage.repos.chronology.forPupil(urn, HARRY);

  const result = await run(urn, [monday()]);
  expect(result).toMatchObject({ status: 'imported', summary: { figures: { asOf: '2025-09-22', pupils: 2, crossings: 1, cases: { opened: 1, reopened: 0, bandRecorded: 0 } } } });
  expect(await unhandled(urn)).toEqual([`${ZOE} 95% at 93.7%`]);
  const zoe = (await figures.crossings.get(`${urn}|2025`, `${ZOE}|95`))!.value;
  expect(zoe).toMatchObject({ crossedOn: '2025-09-22', headsOfYear: [HOY9], recordedAt: MONDAY.toISOString() });
  expect(await cases(urn)).toEqual([`${ZOE} open 95% (band-crossing)`]);
  const opened = await storage.repos.chronology.forPupil(urn, ZOE);
  expect(opened.map((e) => e.summary)).toEqual(["Support First case opened. Attendance 93.7% crossed the school's band \"Below 95%\"."]);
  expect((await figures.getPupil(urn, 2025, ZOE))!.yearToDate).toMatchObject({ possible: 32, unauthorised: 2 });
  expect((await figures.getSchool(urn, 2025))!.crossingsThisWeek.map((c) => c.upn)).toEqual([ZOE]);

  // Harry was in the band at the baseline: no crossing, no case, nothing added to his chronology.
  expect(await storage.repos.chronology.forPupil(urn, HARRY)).toEqual(harryBefore);

  // The same files again: "already imported", and not a row of figures, crossings, cases or audit changes.
  const tables = ['figures', 'schoolfigures', 'bandcrossings', 'cases', 'chronology', 'audit'];
  const before = await snapshot(storage.store, tables, urn);
  expect((await run(urn, [monday()])).status).toBe('already-imported');
  expect(await snapshot(storage.store, tables, urn)).toEqual(before);
});

test('an import that stops between recording the crossing and opening the case completes when the same files are run again', async () => {
  const urn = await schoolWithSeptember();
  const repos = createRepositories(storage.store);
  repos.cases.create = async () => {
    throw new Error('connection reset');
  };
  const broken = await run(urn, [monday()], repos);
  expect(broken).toMatchObject({ status: 'failed', rolledBack: false, message: expect.stringMatching(/^the import was written, but updating the attendance figures failed \(connection reset\): run the same import again/) });
  expect(await unhandled(urn)).toEqual([`${ZOE} 95% at 93.7%`]);
  expect(await cases(urn)).toEqual([]);

  const completed = await run(urn, [monday()]);
  // The crossing was recorded by the broken run, so this one records none; the sweep opens the missing case.
  expect(completed).toMatchObject({ status: 'imported', summary: { figures: { crossings: 0, cases: { opened: 1 } } } });
  expect(await cases(urn)).toEqual([`${ZOE} open 95% (band-crossing)`]);
  expect(await unhandled(urn)).toEqual([`${ZOE} 95% at 93.7%`]);
  expect((await run(urn, [monday()])).status).toBe('already-imported');
});

test('or when the nightly recompute runs first', async () => {
  const urn = await schoolWithSeptember();
  const repos = createRepositories(storage.store);
  repos.cases.create = async () => {
    throw new Error('503 Server Busy');
  };
  expect((await run(urn, [monday()], repos)).status).toBe('failed');
  const nightly = await new SchoolFigures({ repos: storage.repos, now: () => MONDAY }).recomputeFigures(urn, '2025-09-22');
  expect(nightly).toMatchObject({ asOf: '2025-09-22', pupils: 4, crossings: [], cases: { opened: 1, unchanged: 0 } });
  expect(nightly.baseline).toBeUndefined();
  expect(await cases(urn)).toEqual([`${ZOE} open 95% (band-crossing)`]);
  // A second night changes nothing.
  expect(await new SchoolFigures({ repos: storage.repos }).recomputeFigures(urn, '2025-09-22')).toMatchObject({ crossings: [], cases: { opened: 0, unchanged: 1 } });
});

test('an import rolled back leaves no figures, no crossing and no case', async () => {
  const urn = await newSchool();
  const repos = createRepositories(storage.store);
  const upsert = repos.marks.table.upsertMany.bind(repos.marks.table);
  repos.marks.table.upsertMany = async (values) => {
    await upsert(values.slice(0, 1));
    throw new Error('storage went away');
  };
  const result = await run(urn, [fixture('pupils', 'pupils.csv'), threeWeeks()], repos);
  expect(result).toMatchObject({ status: 'failed', rolledBack: true });
  expect(await snapshot(storage.store, ['figures', 'schoolfigures', 'bandcrossings', 'cases', 'chronology'], urn)).toEqual([]);
});

test('a correction to an old mark is figured to the date the school has reached, not rolled back to the mark', async () => {
  const urn = await schoolWithSeptember();
  await run(urn, [monday()]);
  const correction = await run(urn, [csvFile('marks', 'correction.csv', ['UPN,Date,AM,PM', `${HARRY},08/09/2025,M,M`])]);
  expect(correction).toMatchObject({ status: 'imported', summary: { figures: { asOf: '2025-09-22', pupils: 1, crossings: 0 } } });
  expect((await figures.getPupil(urn, 2025, HARRY))!).toMatchObject({ asOf: '2025-09-22', yearToDate: { possible: 32, authorised: 2 } });
});
