import { PupilFiguresCalculator } from '../../bot/domain/statistics/pupil-figures';
import { SchoolCalendar } from '../../bot/domain/statistics/school-calendar';
import { summariseSchool } from '../../bot/domain/statistics/school-summary';
import { Register, pupil, testSchool } from './fixtures';

const school = testSchool();
const calc = new PupilFiguresCalculator({ calendar: new SchoolCalendar(school, 2027), asOf: '2027-09-24', bands: school.bands });
// 28 sessions each, 7 to 24 September.
const full = (upn: string) => new Register(upn).days('2027-09-07', '2027-09-24', '/');
const figures = [
  calc.compute(pupil('S1', { yearGroup: 7 }), full('S1').marks), // 100%
  calc.compute(pupil('S2', { yearGroup: 7 }), full('S2').day('2027-09-17', 'I', 'I').day('2027-09-24', 'N', 'U', { pm: 20 }).marks), // 24/28
  calc.compute(pupil('S3', { yearGroup: 8 }), full('S3').days('2027-09-13', '2027-09-24', 'G').marks), // 8/28: severe
  calc.compute(pupil('S4', { yearGroup: 8, admissionDate: '2027-10-01' }), undefined), // not on roll yet
];

const summary = summariseSchool({
  urn: school.urn,
  academicYear: 2027,
  asOf: '2027-09-24',
  bands: school.bands,
  pupils: figures,
  crossingsThisWeek: [{ upn: 'S3', yearGroup: 8, belowPercent: 50, label: 'Severe absence', crossedOn: '2027-09-24', percent: (8 * 100) / 28 }],
});

test("the school's and each year group's attendance, persistent and severe counts, summed from pupils", () => {
  expect(summary.school).toEqual({
    pupils: 3,
    possible: 84,
    present: 60,
    approvedActivity: 0,
    authorised: 2,
    unauthorised: 22,
    persistent: 2,
    severe: 1,
    percent: (60 * 100) / 84,
  });
  expect(summary.yearGroups.map((y) => [y.yearGroup, y.pupils, y.possible, y.percent, y.persistent, y.severe])).toEqual([
    [7, 2, 56, (52 * 100) / 56, 1, 0],
    [8, 1, 28, (8 * 100) / 28, 1, 1],
  ]);
});

test('the weekday picture, lates, bands and the penalty-notice list', () => {
  const friday = summary.weekdays[4];
  expect(friday.am).toEqual({ possible: 9, absent: 4, late: 0 }); // S2 on 17th and 24th, S3 on 17th and 24th
  expect(friday.pm).toEqual({ possible: 9, absent: 4, late: 1 });
  expect(summary.lates.afterClose).toEqual({ sessions: 1, minutes: 20, timed: 1 });
  expect(summary.bands.map((b) => [b.belowPercent, b.pupils])).toEqual([
    [95, 0],
    [92, 0],
    [90, 1],
    [50, 1],
  ]);
  expect(summary.penaltyThreshold).toEqual(['S3']);
  expect(summary.weeks).toEqual([
    { monday: '2027-09-06', possible: 24, attended: 24 },
    { monday: '2027-09-13', possible: 30, attended: 18 },
    { monday: '2027-09-20', possible: 30, attended: 18 },
  ]);
  expect(summary.crossingsThisWeek.map((c) => c.upn)).toEqual(['S3']);
});

test('figures from another academic year are refused', () => {
  expect(() => summariseSchool({ urn: school.urn, academicYear: 2028, asOf: '2028-09-24', bands: [], pupils: figures, crossingsThisWeek: [] })).toThrow(
    'Pupil S1: figures for academic year 2027 in a summary of 2028',
  );
});
