/**
 * The demo school comes into Firstday as a real school does: created with the defaults, then its staff,
 * calendar and data imported from CSV files. Imported, the files give back exactly the generated demo.
 */
import { generateDemoSchool, type DemoSchool } from '../../bot/demo/demo-school';
import { figureDemoSchool, seedDemoSchoolIfEmpty } from '../../bot/demo/seed-demo-school';
import { ImportJournalRepository } from '../../bot/import/import-journal-repository';
import { IMPORT_FILE_KINDS } from '../../bot/import/import-types';
import { createSchool } from '../../bot/schools/create-school';
import { FiguresRepository } from '../../bot/store/figures-repository';
import { createRepositories, type Repositories } from '../../bot/store/repositories';
import { TableStore } from '../../bot/store/table-store';
import { startTestStorage, type TestStorage } from '../support/azurite';

// Each seeding imports a whole school (about 9,000 rows) into Azurite, whose in-memory tables scan on every write.
jest.setTimeout(300_000);

const TODAY = '2026-03-11';
const now = () => new Date('2026-03-11T10:30:00Z');
let storage: TestStorage;
let demo: DemoSchool;
let stores = 0;

/** A store of its own inside the suite's Azurite: every test starts empty. */
function emptyStore(): Repositories {
  return createRepositories(new TableStore({ connectionString: storage.connectionString, tablePrefix: `t${++stores}` }));
}

const byKey = <T>(rows: T[], key: (r: T) => string) => [...rows].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));

/** The store holds exactly the generated demo: the school row, every pupil, contact, mark record and report. */
async function expectTheDemo(repos: Repositories): Promise<void> {
  expect((await repos.schools.list()).map((s) => s.urn)).toEqual(['100001']);
  expect((await repos.schools.get('100001'))!.value).toEqual(demo.school);
  expect(byKey(await repos.pupils.list('100001'), (p) => p.upn)).toEqual(byKey(demo.pupils, (p) => p.upn));
  const contactKey = (c: { pupilUpn: string; contactId: string }) => `${c.pupilUpn}|${c.contactId}`;
  expect(byKey(await repos.contacts.list('100001'), contactKey)).toEqual(byKey(demo.contacts, contactKey));
  expect(byKey((await repos.marks.listYear('100001', 2025)).map((m) => m.value), (m) => m.upn)).toEqual(byKey(demo.marks, (m) => m.upn));
  expect(byKey(await repos.absenceReports.list('100001'), (r) => r.id)).toEqual(byKey(demo.reports, (r) => r.id));
}

beforeAll(async () => {
  storage = await startTestStorage();
  demo = generateDemoSchool({ today: TODAY });
});
afterAll(() => storage.azurite.stop());

test('an empty store gets the demo school by createSchool and one ordinary import of its seven files, which give back exactly the generated demo', async () => {
  const repos = emptyStore();
  const result = await seedDemoSchoolIfEmpty(repos, { today: TODAY, now });
  expect(result).toEqual({ seeded: true, urn: '100001', pupils: demo.pupils.length, registerDay: TODAY });
  await expectTheDemo(repos);

  // The import path was taken: the journal has the demo's import for every kind, staff and calendar included.
  const last = await new ImportJournalRepository({ store: repos.store }).lastByKind('100001');
  expect(Object.keys(last).sort()).toEqual([...IMPORT_FILE_KINDS].sort());
  expect(last.staff).toMatchObject({ actorId: 'demo', actorName: 'Firstday demo', source: 'demo', files: [{ name: 'staff.csv', rows: demo.school.staff.length }] });
  const audit = await repos.audit.recent('100001');
  // On the test's fixed clock both are recorded at one instant, so their order in the log is not fixed.
  expect(audit.map((a) => [a.action, a.actorId, a.outcome]).sort()).toEqual([
    ['import.apply', 'demo', 'ok'],
    ['school.create', 'demo', 'ok'],
  ]);
  // The bank holidays in term came from GOV.UK's list, not from the file.
  expect(audit.find((a) => a.action === 'import.apply')!.detail).toMatch(/bank holidays? in term closed \(.*2026-05-04/);

  // The import computed the figures to the register day; the server's figureDemoSchool has nothing to compute.
  expect((await new FiguresRepository({ store: repos.store }).getSchool('100001', 2025))!.asOf).toBe(TODAY);

  // Seeding again does nothing: a change made since survives, and nothing is added.
  const pupil = demo.pupils[100];
  await repos.pupils.upsertMany('100001', [{ ...pupil, form: '7Z' }]);
  const again = await seedDemoSchoolIfEmpty(repos, { today: '2026-03-12', now });
  expect(again).toEqual({ seeded: false, urn: '100001', pupils: 0, registerDay: '2026-03-12' });
  expect((await repos.pupils.get('100001', pupil.upn))!.value.form).toBe('7Z');
  expect(await repos.audit.recent('100001')).toHaveLength(2);
});

test("the first import is the year's baseline: only the persistent-absence band's cases are opened, by the demo's lead, once", async () => {
  const repos = emptyStore();
  await seedDemoSchoolIfEmpty(repos, { today: TODAY, now });
  const figures = new FiguresRepository({ store: repos.store });
  const baseline = await figures.baseline('100001', 2025);
  const persistent = baseline.pupils.filter((p) => p.belowPercent === 90).map((p) => p.upn).sort();
  expect(persistent.length).toBeGreaterThan(10);
  // Before the lead acts, no band has opened a case.
  expect(await repos.cases.list('100001')).toEqual([]);

  const figured = await figureDemoSchool(repos, { urn: '100001', registerDay: TODAY, now });
  expect(figured).toMatchObject({ computed: false, academicYear: 2025, baselineCases: persistent.length });
  const opened = (await repos.cases.list('100001')).map((c) => c.case.pupilUpn).sort();
  expect(opened).toEqual(persistent);
  const band = (await figures.baseline('100001', 2025)).bands.find((b) => b.belowPercent === 90)!;
  expect(band.casesOpened).toMatchObject({ byName: 'Helen Ashworth', opened: persistent.length });
  // The other bands wait for the lead on the school page.
  expect((await figures.baseline('100001', 2025)).bands.filter((b) => b.belowPercent !== 90).every((b) => !b.casesOpened)).toBe(true);

  // The next start opens nothing more.
  expect(await figureDemoSchool(repos, { urn: '100001', registerDay: TODAY, now })).toMatchObject({ baselineCases: 0 });
  expect(await repos.cases.list('100001')).toHaveLength(persistent.length);
});

test('a store that already has a school, any school, is left alone', async () => {
  const repos = emptyStore();
  await repos.schools.insert({ ...demo.school, urn: '137000', name: 'Real School' });
  const result = await seedDemoSchoolIfEmpty(repos, { today: '2026-03-14', now });
  expect(result).toEqual({ seeded: false, urn: '137000', pupils: 0, registerDay: '2026-03-13' });
  expect((await repos.schools.list()).map((s) => s.urn)).toEqual(['137000']);
  expect(await repos.pupils.list('100001')).toEqual([]);
});

test('two servers seeding at once make one school, imported once', async () => {
  const repos = emptyStore();
  // Two sets of repositories over the same tables, as two server processes would have.
  const other = createRepositories(new TableStore({ connectionString: storage.connectionString, tablePrefix: `t${stores}` }));
  const results = await Promise.all([seedDemoSchoolIfEmpty(repos, { today: TODAY, now }), seedDemoSchoolIfEmpty(other, { today: TODAY, now })]);
  expect(results.filter((r) => r.seeded)).toHaveLength(1);
  expect(results.map((r) => r.urn)).toEqual(['100001', '100001']);
  await expectTheDemo(repos);
  const imports = (await repos.audit.recent('100001')).filter((a) => a.action === 'import.apply');
  expect(imports.map((a) => a.outcome)).toEqual(['ok']);
});

test('the loser of the race to create the school stands back: it imports nothing, and the winner keeps its school', async () => {
  const repos = emptyStore();
  const winner = { ...demo.school, name: 'Oakfield Park Academy (won the race)' };
  await repos.schools.insert(winner);
  // This server looked before the winner's school row was there.
  const late: Repositories = { ...repos, schools: Object.assign(Object.create(repos.schools), { list: async () => [] }) };
  const result = await seedDemoSchoolIfEmpty(late, { today: TODAY, now });
  expect(result).toEqual({ seeded: false, urn: '100001', pupils: 0, registerDay: TODAY });
  expect((await repos.schools.list()).map((s) => s.name)).toEqual([winner.name]);
  expect(await repos.pupils.list('100001')).toEqual([]);
  expect(await new ImportJournalRepository({ store: repos.store }).list('100001')).toEqual([]);
});

test('a start that stopped after creating the school, before its files were imported, is finished by the next start', async () => {
  const repos = emptyStore();
  // Yesterday's start created the school with the defaults and stopped.
  await createSchool(repos, { urn: '100001', name: demo.school.name }, { id: 'demo', name: 'Firstday demo', source: 'demo' }, now());
  const result = await seedDemoSchoolIfEmpty(repos, { today: TODAY, now });
  expect(result).toEqual({ seeded: true, urn: '100001', pupils: demo.pupils.length, registerDay: TODAY });
  // With the setting its lead changes (the afternoon register closes at 13:50, not the default 13:40).
  await expectTheDemo(repos);
});
