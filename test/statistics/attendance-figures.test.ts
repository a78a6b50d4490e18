import { AttendanceFigures } from '../../bot/jobs/attendance-figures';
import { FiguresRepository } from '../../bot/store/figures-repository';
import { startTestStorage, type TestStorage } from '../support/azurite';
import { Register, pupil, testSchool } from './fixtures';

let storage: TestStorage;
let figures: FiguresRepository;
let job: AttendanceFigures;
let urnCount = 0;

beforeAll(async () => {
  storage = await startTestStorage();
  figures = new FiguresRepository({ store: storage.store });
  job = new AttendanceFigures({ repos: storage.repos, figures, now: () => new Date('2027-10-04T09:20:00Z') });
});
afterAll(() => storage.azurite.stop());

/**
 * A school on 1 October 2027 (19 school days, 38 sessions): Ali (Y7) missed one session, 97.4%;
 * Beth (Y7) has been absent since 13 September; Cal (Y8) has missed nothing.
 */
async function setUpSchool(extraPupils = 0) {
  const urn = String(300001 + urnCount++);
  const school = testSchool({ urn });
  await storage.repos.schools.insert(school);
  const names = ['ALI', 'BETH', 'CAL', ...Array.from({ length: extraPupils }, (_, i) => `EXTRA${i}`)];
  await storage.repos.pupils.upsertMany(urn, names.map((upn) => pupil(upn, { yearGroup: upn === 'CAL' ? 8 : 7 })));
  const registers = new Map(names.map((upn) => [upn, new Register(upn).days('2027-09-07', '2027-10-01', '/')]));
  registers.get('ALI')!.day('2027-09-20', '/', 'I');
  registers.get('BETH')!.days('2027-09-13', '2027-10-01', 'N');
  await storage.repos.marks.upsertMany(urn, [...registers.values()].map((r) => r.marks));
  return { urn, registers };
}

/** The import's part: the morning's marks for these pupils are written (the import owns this step). */
async function writeMarks(urn: string, registers: Map<string, Register>, day: string, codes: Record<string, [string, string?]>) {
  const changed = Object.entries(codes).map(([upn, [am, pm]]) => registers.get(upn)!.day(day, am, pm ?? am).marks);
  await storage.repos.marks.upsertMany(urn, changed);
  return Object.keys(codes);
}

test('the first computation of the year records each pupil already in a band as the baseline, not as a crossing', async () => {
  const { urn } = await setUpSchool();
  const first = await job.recomputeSchool(urn, '2027-10-01');
  expect(first.pupils).toBe(3);
  expect(first.crossings).toEqual([]);
  expect(first.baseline).toEqual({ asOf: '2027-10-01', pupils: 1 });
  const baseline = await figures.baseline(urn, 2027);
  // 8 of 38 is 21.05%, shown as 21.0; every band is recorded, the empty ones too.
  expect(baseline.pupils).toEqual([{ urn, academicYear: 2027, upn: 'BETH', yearGroup: 7, belowPercent: 50, label: 'Severe absence', percent: 21 }]);
  expect(baseline.bands.map((b) => [b.belowPercent, b.asOf, b.casesOpened])).toEqual([[95, '2027-10-01', undefined], [92, '2027-10-01', undefined], [90, '2027-10-01', undefined], [50, '2027-10-01', undefined]]);
  expect(await figures.unhandledCrossings(urn, 2027)).toEqual([]);
  expect((await job.recomputeSchool(urn, '2027-10-01')).crossings).toEqual([]);
  const summary = (await figures.getSchool(urn, 2027))!;
  expect(summary.school).toMatchObject({ pupils: 3, possible: 114, persistent: 1, severe: 1 });
  expect(summary.penaltyThreshold).toEqual(['BETH']);
});

test("a morning's import that crosses a band yields one crossing; the same update again yields none", async () => {
  const { urn, registers } = await setUpSchool();
  await job.recomputeSchool(urn, '2027-10-01');
  // Monday: Ali is absent in the morning, reason not known: 38 of 40, exactly 95%, so in the 95% band.
  const touched = await writeMarks(urn, registers, '2027-10-04', { ALI: ['N', '\\'], BETH: ['N'], CAL: ['/', '\\'] });
  const monday = await job.updatePupils(urn, touched, '2027-10-04');
  expect(monday.crossings).toEqual([
    {
      urn,
      academicYear: 2027,
      upn: 'ALI',
      yearGroup: 7,
      band: { belowPercent: 95, label: 'Below 95%' },
      percent: 95,
      crossedOn: '2027-10-04',
      recordedAt: '2027-10-04T09:20:00.000Z',
      watcherUpn: 'tutor-lead@fenland.example',
      headsOfYear: ['hoy7@fenland.example'],
    },
  ]);
  expect((await job.updatePupils(urn, touched, '2027-10-04')).crossings).toEqual([]);
  expect((await job.recomputeSchool(urn, '2027-10-04')).crossings).toEqual([]);

  const stored = (await figures.getPupil(urn, 2027, 'ALI'))!;
  expect(stored.band).toEqual({ belowPercent: 95, label: 'Below 95%' });
  expect(stored.yearToDate).toMatchObject({ possible: 40, unauthorised: 1, to: '2027-10-04' });
  const summary = (await figures.getSchool(urn, 2027))!;
  expect(summary.crossingsThisWeek.map((c) => [c.upn, c.belowPercent])).toEqual([['ALI', 95]]); // Beth crossed last week
  expect(summary.asOf).toBe('2027-10-04');
});

test('corrected a day later, then absent again: the band is crossed once; a lower band is a new crossing', async () => {
  const { urn, registers } = await setUpSchool();
  await job.recomputeSchool(urn, '2027-10-01');
  expect((await job.updatePupils(urn, await writeMarks(urn, registers, '2027-10-04', { ALI: ['N', '\\'] }), '2027-10-04')).crossings).toHaveLength(1);
  // Tuesday: Monday's N is corrected to L (he arrived before the register closed): back above 95%.
  await writeMarks(urn, registers, '2027-10-04', { ALI: ['L', '\\'] });
  const tuesday = await job.updatePupils(urn, await writeMarks(urn, registers, '2027-10-05', { ALI: ['/', '\\'] }), '2027-10-05');
  expect(tuesday.crossings).toEqual([]);
  expect((await figures.getPupil(urn, 2027, 'ALI'))!.band).toBeUndefined();
  // Wednesday: absent all day: 41 of 44, 93.2%: in the 95% band again, already told.
  expect((await job.updatePupils(urn, await writeMarks(urn, registers, '2027-10-06', { ALI: ['I'] }), '2027-10-06')).crossings).toEqual([]);
  // Thursday and Friday: 41 of 48, 85.4%: persistent absence is a new band.
  await writeMarks(urn, registers, '2027-10-07', { ALI: ['I'] });
  const friday = await job.updatePupils(urn, await writeMarks(urn, registers, '2027-10-08', { ALI: ['I'] }), '2027-10-08');
  expect(friday.crossings.map((c) => [c.upn, c.band.belowPercent, c.from?.belowPercent])).toEqual([['ALI', 90, 95]]);
  expect((await figures.crossingsBetween(urn, 2027, '2027-10-04', '2027-10-08')).map((c) => c.belowPercent)).toEqual([95, 90]);
});

test('two servers applying the same update at once record the crossing once between them', async () => {
  const { urn, registers } = await setUpSchool();
  await job.recomputeSchool(urn, '2027-10-01');
  const touched = await writeMarks(urn, registers, '2027-10-04', { ALI: ['N', '\\'] });
  const other = new AttendanceFigures({ repos: storage.repos, figures: new FiguresRepository({ store: storage.store }) });
  const results = await Promise.all([job.updatePupils(urn, touched, '2027-10-04'), other.updatePupils(urn, touched, '2027-10-04')]);
  expect(results.flatMap((r) => r.crossings).map((c) => c.upn)).toEqual(['ALI']);
  expect((await figures.getSchool(urn, 2027))!.crossingsThisWeek).toHaveLength(1);
});

test('a morning touching the whole school reads it in one range and gives the same figures as pupil by pupil', async () => {
  const { urn, registers } = await setUpSchool(30);
  await job.recomputeSchool(urn, '2027-10-01');
  const codes = Object.fromEntries([...registers.keys()].map((upn): [string, [string, string?]] => [upn, upn === 'CAL' ? ['U', '\\'] : ['/', '\\']]));
  const touched = await writeMarks(urn, registers, '2027-10-04', codes);
  const whole = await job.updatePupils(urn, touched, '2027-10-04');
  expect(whole.pupils).toBe(33);
  const cal = await figures.getPupil(urn, 2027, 'CAL');
  const one = await job.updatePupils(urn, ['CAL'], '2027-10-04');
  expect(one.pupils).toBe(1);
  expect(await figures.getPupil(urn, 2027, 'CAL')).toEqual(cal);
  expect(cal!.lates.afterClose.sessions).toBe(1);
  expect(one.summary).toEqual(whole.summary);
  expect(whole.summary.school.pupils).toBe(33);
});

test('an unknown pupil or school, or a bad date, is refused before anything is written', async () => {
  const { urn, registers } = await setUpSchool();
  await job.recomputeSchool(urn, '2027-10-01');
  await writeMarks(urn, registers, '2027-10-04', { ALI: ['N', '\\'] });
  await expect(job.updatePupils(urn, ['ALI', 'ZED'], '2027-10-04')).rejects.toThrow(`Attendance figures for school ${urn}: pupil ZED not on roll`);
  expect((await figures.getPupil(urn, 2027, 'ALI'))!.asOf).toBe('2027-10-01');
  expect(await figures.unhandledCrossings(urn, 2027)).toEqual([]); // Beth is the baseline's, not a crossing
  await expect(job.updatePupils('999999', ['ALI'], '2027-10-04')).rejects.toThrow('Attendance figures: school 999999 not found');
  await expect(job.recomputeSchool(urn, '4/10/2027')).rejects.toThrow('as-of date "4/10/2027" is not a YYYY-MM-DD date');
});

test('a pupil who is no longer on the school roll drops out of the figures at the next recompute', async () => {
  const { urn } = await setUpSchool();
  await job.recomputeSchool(urn, '2027-10-01');
  await storage.repos.pupils.table.delete(urn, 'CAL');
  const update = await job.recomputeSchool(urn, '2027-10-01');
  expect(update.summary.school.pupils).toBe(2);
  expect(update.summary.yearGroups.map((y) => y.yearGroup)).toEqual([7]);
  expect(await figures.getPupil(urn, 2027, 'CAL')).toBeUndefined();
});
