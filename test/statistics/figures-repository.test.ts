import { PupilFiguresCalculator } from '../../bot/domain/statistics/pupil-figures';
import { SchoolCalendar } from '../../bot/domain/statistics/school-calendar';
import { summariseSchool, type CrossingThisWeek } from '../../bot/domain/statistics/school-summary';
import { FIGURE_PAGES, FiguresRepository, figuresPageOf, type BandCrossingRecord } from '../../bot/store/figures-repository';
import { startTestStorage, type TestStorage } from '../support/azurite';
import { Register, pupil, testSchool } from './fixtures';

let storage: TestStorage;
let figures: FiguresRepository;

beforeAll(async () => {
  storage = await startTestStorage();
  figures = new FiguresRepository({ store: storage.store });
});
afterAll(() => storage.azurite.stop());

const school = testSchool();
const calc = new PupilFiguresCalculator({ calendar: new SchoolCalendar(school, 2027), asOf: '2027-09-24', bands: school.bands });
const figuresOf = (upn: string, yearGroup = 7) => calc.compute(pupil(upn, { yearGroup }), new Register(upn).days('2027-09-07', '2027-09-24', '/').day('2027-09-20', 'I').marks);

test("pupils' figures are stored per school and year, and read back as computed", async () => {
  const a = figuresOf('R1');
  await figures.savePupils('200001', 2027, { put: [a, figuresOf('R2')] });
  await figures.savePupils('200002', 2027, { put: [figuresOf('R9')] });
  expect(await figures.getPupil('200001', 2027, 'R1')).toEqual(a);
  expect(await figures.getPupil('200001', 2027, 'R9')).toBeUndefined();
  expect((await figures.listPupils('200001', 2027)).map((f) => f.upn)).toEqual(['R1', 'R2']);
  expect(await figures.listPupils('200001', 2028)).toEqual([]);
  await figures.savePupils('200001', 2027, { remove: ['R2'] });
  expect((await figures.listPupils('200001', 2027)).map((f) => f.upn)).toEqual(['R1']);
  await expect(figures.savePupils('200001', 2028, { put: [a] })).rejects.toThrow('Pupil R1: figures for academic year 2027 saved as 2028');
});

test('a school of 1,500 pupils is kept in 64 pages, each pupil always in the same one', async () => {
  const one = figuresOf('P0');
  const many = Array.from({ length: 1500 }, (_, i) => ({ ...one, upn: `K${String(i).padStart(12, '0')}` }));
  expect(figuresPageOf(many[7].upn)).toBe(figuresPageOf(many[7].upn));
  await figures.savePupils('200006', 2027, { put: many });
  const school = await figures.readSchool('200006', 2027);
  expect(school.pages.size).toBe(FIGURE_PAGES);
  expect(Math.max(...[...school.pages.values()].map((p) => p.pupils.length))).toBeLessThan(50);
  expect(school.pupils.map((f) => f.upn)).toEqual(many.map((f) => f.upn));
  expect(await figures.getPupil('200006', 2027, many[1234].upn)).toEqual(many[1234]);
});

test('a write guarded by a stale read of a page re-reads it: neither update is lost', async () => {
  await figures.savePupils('200007', 2027, { put: [figuresOf('Q1')] });
  const read = await figures.readSchool('200007', 2027);
  // Find a second pupil on Q1's page, written by someone else after the read.
  let other = 0;
  while (figuresPageOf(`Q${other}`) !== figuresPageOf('Q1') || other === 1) other++;
  await figures.savePupils('200007', 2027, { put: [figuresOf(`Q${other}`)] });
  await figures.savePupils('200007', 2027, { put: [{ ...figuresOf('Q1'), asOf: '2027-09-25' }] }, read);
  const pupils = await figures.listPupils('200007', 2027);
  expect(pupils.map((f) => [f.upn, f.asOf])).toEqual([
    ['Q1', '2027-09-25'],
    [`Q${other}`, '2027-09-24'],
  ]);
});

test('a large summary (more than 64 KiB of JSON) is split over properties and read back whole', async () => {
  const crossings: CrossingThisWeek[] = Array.from({ length: 1500 }, (_, i) => ({
    upn: `X${String(i).padStart(12, '0')}`,
    yearGroup: 7 + (i % 5),
    belowPercent: 95,
    label: 'Below 95% (watched by the form tutors)',
    crossedOn: '2027-09-24',
    percent: 94.87179487179488,
  }));
  const summary = summariseSchool({ urn: '200003', academicYear: 2027, asOf: '2027-09-24', bands: school.bands, pupils: [figuresOf('R3')], crossingsThisWeek: crossings });
  expect(JSON.stringify(summary).length).toBeGreaterThan(64 * 1024);
  await figures.refreshSchool('200003', 2027, () => summary);
  expect(await figures.getSchool('200003', 2027)).toEqual(summary);
  const row = await (await storage.store.table('schoolfigures')).getEntity<{ parts: number }>('200003', '2027');
  expect(row.parts).toBeGreaterThan(2);
});

test('two refreshes at once: the one that read a stale summary retries, and the summary counts both pupils', async () => {
  const urn = '200004';
  await figures.savePupils(urn, 2027, { put: [figuresOf('S1')] });
  const summarise = (pupils: Parameters<typeof summariseSchool>[0]['pupils']) =>
    summariseSchool({ urn, academicYear: 2027, asOf: '2027-09-24', bands: school.bands, pupils, crossingsThisWeek: [] });
  let calls = 0;
  const first = figures.refreshSchool(urn, 2027, async (pupils) => {
    calls++;
    if (calls === 1) {
      // Another import writes a pupil and refreshes the summary while this one is computing.
      await figures.savePupils(urn, 2027, { put: [figuresOf('S2', 8)] });
      await figures.refreshSchool(urn, 2027, summarise);
    }
    return summarise(pupils);
  });
  const result = await first;
  expect(calls).toBe(2);
  expect(result.school.pupils).toBe(2);
  expect((await figures.getSchool(urn, 2027))!.yearGroups.map((y) => y.yearGroup)).toEqual([7, 8]);
});

test('a crossing is recorded once per pupil per band; later reads find it by date and until it is handled', async () => {
  const crossing: BandCrossingRecord = {
    urn: '200005',
    academicYear: 2027,
    upn: 'C1',
    yearGroup: 7,
    belowPercent: 92,
    label: 'Below 92%',
    fromBelowPercent: 95,
    percent: 91.5,
    crossedOn: '2027-09-22',
    recordedAt: '2027-09-22T09:30:00.000Z',
    watcherUpn: 'pastoral@fenland.example',
    headsOfYear: ['hoy7@fenland.example'],
  };
  expect(await figures.recordCrossing(crossing)).toBe(true);
  expect(await figures.recordCrossing({ ...crossing, crossedOn: '2027-09-23', percent: 91 })).toBe(false);
  expect(await figures.recordCrossing({ ...crossing, belowPercent: 90, label: 'Persistent absence', crossedOn: '2027-09-29' })).toBe(true);
  expect((await figures.crossingsBetween('200005', 2027, '2027-09-20', '2027-09-24')).map((c) => [c.upn, c.belowPercent, c.percent])).toEqual([['C1', 92, 91.5]]);
  expect(await figures.unhandledCrossings('200005', 2027)).toHaveLength(2);
  await figures.markCrossingHandled('200005', 2027, 'C1', 92, '2027-09-22T09:31:00.000Z');
  expect((await figures.unhandledCrossings('200005', 2027)).map((c) => c.belowPercent)).toEqual([90]);
  await expect(figures.markCrossingHandled('200005', 2027, 'C9', 92, '2027-09-22T09:31:00.000Z')).rejects.toThrow('No band crossing recorded for pupil C9 at 92% in 200005 2027');
});
