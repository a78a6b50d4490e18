/**
 * After seeding, the demo school's figures are computed and every pupil in a band has a Support First
 * case, so the tab is not empty after `npm start`; a second start changes nothing, and a start after one
 * that stopped before the cases were opened opens them.
 */
import { figureDemoSchool, seedDemoSchoolIfEmpty } from '../../bot/demo/seed-demo-school';
import { FiguresRepository } from '../../bot/store/figures-repository';
import { createRepositories, type Repositories } from '../../bot/store/repositories';
import { TableStore } from '../../bot/store/table-store';
import { startTestStorage, type TestStorage } from '../support/azurite';

// A whole school (about 9,000 rows) and a few hundred cases into Azurite.
jest.setTimeout(180_000);

const TODAY = '2026-03-11';
let storage: TestStorage;
let stores = 0;

beforeAll(async () => {
  storage = await startTestStorage();
});
afterAll(() => storage.azurite.stop());

async function seeded(): Promise<Repositories> {
  const repos = createRepositories(new TableStore({ connectionString: storage.connectionString, tablePrefix: `f${++stores}` }));
  expect((await seedDemoSchoolIfEmpty(repos, { today: TODAY })).seeded).toBe(true);
  return repos;
}

test('every pupil the figures put in a band has an open case in that band; a second start adds nothing', async () => {
  const repos = await seeded();
  const first = await figureDemoSchool(repos, { urn: '100001', registerDay: TODAY });
  const figures = new FiguresRepository({ store: repos.store });
  const inBand = (await figures.listPupils('100001', 2025)).filter((f) => f.band);
  expect(inBand.length).toBeGreaterThan(50);
  expect(first).toMatchObject({ computed: true, academicYear: 2025, cases: { opened: inBand.length, skipped: [] } });
  expect((await figures.getSchool('100001', 2025))!.asOf).toBe(TODAY);

  const cases = new Map((await repos.cases.list('100001')).map((c) => [c.case.pupilUpn, c.case]));
  expect(cases.size).toBe(inBand.length);
  for (const f of inBand) expect(cases.get(f.upn)).toMatchObject({ status: 'open', openedBecause: 'band-crossing', band: { belowPercent: f.band!.belowPercent } });

  const again = await figureDemoSchool(repos, { urn: '100001', registerDay: '2026-03-12' });
  expect(again).toEqual({ computed: false, academicYear: 2025, cases: { opened: 0, reopened: 0, bandRecorded: 0, unchanged: inBand.length, skipped: [] } });
  expect((await repos.cases.list('100001')).length).toBe(inBand.length);
});

test('a start that stopped after the figures but before the cases: the next start opens them', async () => {
  const repos = await seeded();
  // The figures and crossings as the stopped start left them: no case opened.
  const broken = createRepositories(repos.store);
  broken.cases.create = async () => {
    throw new Error('stopped');
  };
  await expect(figureDemoSchool(broken, { urn: '100001', registerDay: TODAY })).rejects.toThrow('stopped');
  expect(await repos.cases.list('100001')).toEqual([]);

  const next = await figureDemoSchool(repos, { urn: '100001', registerDay: TODAY });
  expect(next.computed).toBe(false);
  expect(next.cases.opened).toBeGreaterThan(50);
  expect((await repos.cases.list('100001')).length).toBe(next.cases.opened);
});
