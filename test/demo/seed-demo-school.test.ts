import { generateDemoSchool, type DemoSchool } from '../../bot/demo/demo-school';
import { seedDemoSchoolIfEmpty } from '../../bot/demo/seed-demo-school';
import { createRepositories, type Repositories } from '../../bot/store/repositories';
import { TableStore } from '../../bot/store/table-store';
import { startTestStorage, type TestStorage } from '../support/azurite';

// Each test writes a whole school (about 9,000 rows) into Azurite, whose in-memory tables scan on every write.
jest.setTimeout(180_000);

const TODAY = '2026-03-11';
let storage: TestStorage;
let demo: DemoSchool;
let stores = 0;

/** A store of its own inside the suite's Azurite: every test starts empty. */
function emptyStore(): Repositories {
  return createRepositories(new TableStore({ connectionString: storage.connectionString, tablePrefix: `t${++stores}` }));
}

async function counts(repos: Repositories) {
  return {
    schools: (await repos.schools.list()).length,
    pupils: (await repos.pupils.list('100001')).length,
    contacts: (await repos.contacts.list('100001')).length,
    marks: (await repos.marks.listYear('100001', 2025)).length,
    reports: (await repos.absenceReports.list('100001')).length,
  };
}

beforeAll(async () => {
  storage = await startTestStorage();
  demo = generateDemoSchool({ today: TODAY });
});
afterAll(() => storage.azurite.stop());

test('seeding an empty store writes the school, its pupils, contacts, marks and reports', async () => {
  const repos = emptyStore();
  const result = await seedDemoSchoolIfEmpty(repos, { today: TODAY });
  expect(result).toEqual({ seeded: true, urn: '100001', pupils: demo.pupils.length, registerDay: TODAY });

  expect((await repos.schools.get('100001'))!.value).toEqual(demo.school);
  expect(await counts(repos)).toEqual({
    schools: 1,
    pupils: demo.pupils.length,
    contacts: demo.contacts.length,
    marks: demo.marks.length,
    reports: demo.reports.length,
  });
  const pupil = demo.pupils[100];
  expect((await repos.pupils.get('100001', pupil.upn))!.value).toEqual(pupil);
  expect(await repos.contacts.forPupil('100001', pupil.upn)).toEqual(demo.contacts.filter((c) => c.pupilUpn === pupil.upn));
  expect((await repos.marks.get('100001', 2025, pupil.upn))!.value).toEqual(demo.marks[100]);
  const todays = demo.reports.filter((r) => r.fromDate <= TODAY && TODAY <= r.toDate);
  expect((await repos.absenceReports.forDate('100001', TODAY)).map((r) => r.id).sort()).toEqual(todays.map((r) => r.id).sort());

  // Seeding again does nothing: a change made since survives, and nothing is added.
  const changed = { ...pupil, form: '7Z' };
  await repos.pupils.upsertMany('100001', [changed]);
  const again = await seedDemoSchoolIfEmpty(repos, { today: '2026-03-12' });
  expect(again).toEqual({ seeded: false, urn: '100001', pupils: 0, registerDay: '2026-03-12' });
  expect((await repos.pupils.get('100001', pupil.upn))!.value.form).toBe('7Z');
  expect((await repos.absenceReports.list('100001')).length).toBe(demo.reports.length);
});

test('a store that already has a school, any school, is left alone', async () => {
  const repos = emptyStore();
  await repos.schools.insert({ ...demo.school, urn: '137000', name: 'Real School' });
  const result = await seedDemoSchoolIfEmpty(repos, { today: '2026-03-14' });
  expect(result).toEqual({ seeded: false, urn: '137000', pupils: 0, registerDay: '2026-03-13' });
  expect(await counts(repos)).toEqual({ schools: 1, pupils: 0, contacts: 0, marks: 0, reports: 0 });
});

test('two servers seeding at once make one school with the right number of pupils', async () => {
  const repos = emptyStore();
  // Two sets of repositories over the same tables, as two server processes would have.
  const other = createRepositories(new TableStore({ connectionString: storage.connectionString, tablePrefix: `t${stores}` }));
  const results = await Promise.all([seedDemoSchoolIfEmpty(repos, { today: TODAY }), seedDemoSchoolIfEmpty(other, { today: TODAY })]);
  expect(results.filter((r) => r.seeded)).toHaveLength(1);
  expect(results.map((r) => r.urn)).toEqual(['100001', '100001']);
  expect(await counts(repos)).toEqual({
    schools: 1,
    pupils: demo.pupils.length,
    contacts: demo.contacts.length,
    marks: demo.marks.length,
    reports: demo.reports.length,
  });
  expect((await repos.schools.get('100001'))!.value).toEqual(demo.school);
});

test('the loser of the race for the school row writes nothing more: the winner keeps its school', async () => {
  const repos = emptyStore();
  const winner = { ...demo.school, name: 'Oakfield Park Academy (won the race)' };
  await repos.schools.insert(winner);
  // This server looked before the winner's school row was there.
  const late: Repositories = { ...repos, schools: Object.assign(Object.create(repos.schools), { list: async () => [] }) };
  const result = await seedDemoSchoolIfEmpty(late, { today: TODAY });
  expect(result).toEqual({ seeded: false, urn: '100001', pupils: 0, registerDay: TODAY });
  expect((await repos.schools.list()).map((s) => s.name)).toEqual([winner.name]);
});

test('a seed stopped part-way on another day is finished cleanly: the rows are today\'s, none left over', async () => {
  const repos = emptyStore();
  // Yesterday's start wrote its rows and was stopped before the school row.
  const yesterday = generateDemoSchool({ today: '2026-03-10' });
  await repos.pupils.upsertMany('100001', yesterday.pupils);
  await repos.marks.upsertMany('100001', yesterday.marks);
  await repos.absenceReports.upsertMany('100001', yesterday.reports);
  expect(await repos.schools.list()).toEqual([]);

  const todays = new Set(demo.reports.map((r) => r.id));
  const leftOver = yesterday.reports.filter((r) => !todays.has(r.id));
  expect(leftOver.length).toBeGreaterThan(0);

  const result = await seedDemoSchoolIfEmpty(repos, { today: TODAY });
  expect(result.seeded).toBe(true);
  const stored = await repos.absenceReports.list('100001');
  expect(stored.map((r) => r.id).sort()).toEqual([...todays].sort());
  const marks = await repos.marks.listYear('100001', 2025);
  expect(marks.map((m) => m.value).sort((a, b) => (a.upn < b.upn ? -1 : 1))).toEqual([...demo.marks].sort((a, b) => (a.upn < b.upn ? -1 : 1)));
});
