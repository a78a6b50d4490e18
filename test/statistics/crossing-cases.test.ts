/**
 * Sweeping the crossings no one has acted on into Support First cases, against Azurite: a pupil's
 * crossings in order (the case opens in the first band and records the lower one), a pupil who has left
 * the roll skipped with the reason, and every crossing left unhandled for the head of year's alert.
 */
import { openCasesForCrossings } from '../../bot/jobs/band-crossing-cases';
import { FiguresRepository, type BandCrossingRecord } from '../../bot/store/figures-repository';
import { startTestStorage, type TestStorage } from '../support/azurite';
import { pupil, testSchool } from './fixtures';

let storage: TestStorage;
let figures: FiguresRepository;

beforeAll(async () => {
  storage = await startTestStorage();
  figures = new FiguresRepository({ store: storage.store });
});
afterAll(() => storage.azurite.stop());

const crossing = (upn: string, belowPercent: number, label: string, percent: number, recordedAt: string): BandCrossingRecord => ({
  urn: '100001',
  academicYear: 2027,
  upn,
  yearGroup: 7,
  belowPercent,
  label,
  percent,
  crossedOn: recordedAt.slice(0, 10),
  recordedAt,
  headsOfYear: ['hoy7@fenland.example'],
});

test("a pupil's crossings are applied oldest first; a pupil no longer on roll is skipped; the crossings stay unhandled", async () => {
  await storage.repos.schools.insert(testSchool());
  await storage.repos.pupils.upsertMany('100001', [pupil('ALI', { legalForename: 'Ali' })]);
  // Recorded out of order on purpose: the 92% crossing came a week after the 95% one.
  await figures.recordCrossing(crossing('ALI', 92, 'Below 92%', 91.8, '2027-10-11T18:00:00.000Z'));
  await figures.recordCrossing(crossing('ALI', 95, 'Below 95%', 94.7, '2027-10-04T18:00:00.000Z'));
  await figures.recordCrossing(crossing('GONE', 95, 'Below 95%', 93, '2027-10-04T18:00:00.000Z'));

  const swept = await openCasesForCrossings({ repos: storage.repos, figures }, '100001', 2027);
  expect(swept).toEqual({ opened: 1, reopened: 0, bandRecorded: 1, unchanged: 0, skipped: [{ upn: 'GONE', belowPercent: 95, reason: 'There is no pupil GONE on the roll of school 100001.' }] });
  const ali = (await storage.repos.cases.getHeader('100001', 'ALI'))!.case;
  expect(ali).toMatchObject({ status: 'open', openedBecause: 'band-crossing', openedAt: '2027-10-04T18:00:00.000Z', band: { belowPercent: 92, percent: 91.8 }, lead: { upn: 'hoy7@fenland.example' } });
  expect((await storage.repos.chronology.forPupil('100001', 'ALI')).map((e) => e.summary).sort()).toEqual([
    'Support First case opened. Attendance 94.7% crossed the school\'s band "Below 95%".',
    'Support First case: band changed. Now in the band "Below 92%" (91.8%).',
  ]);
  expect((await figures.unhandledCrossings('100001', 2027)).length).toBe(3);

  // Swept again: nothing changes.
  expect(await openCasesForCrossings({ repos: storage.repos, figures }, '100001', 2027)).toMatchObject({ opened: 0, bandRecorded: 0, unchanged: 2 });
  expect((await storage.repos.chronology.forPupil('100001', 'ALI')).length).toBe(2);
});
