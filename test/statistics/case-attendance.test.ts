/**
 * What a case shows of a pupil's attendance, read off the statistics' figures: percentages rounded down,
 * the lines passed, the penalty-notice window, the weekday slots, the week grid of the marks themselves
 * (classified by the statistics' categories) and the days a sibling was absent too.
 */
import { caseAttendance, herringboneWeeks, sessionKind, sharedAbsenceDays, thresholdOf } from '../../bot/domain/cases/case-attendance';
import { PupilFiguresCalculator } from '../../bot/domain/statistics/pupil-figures';
import { SchoolCalendar } from '../../bot/domain/statistics/school-calendar';
import { Register, pupil, testSchool } from './fixtures';

const school = testSchool();
const calendar = new SchoolCalendar(school, 2027);
const figuresOf = (reg: Register, asOf: string) => new PupilFiguresCalculator({ calendar, asOf, bands: school.bands }).compute(pupil(reg.upn), reg.marks);

/** Seven school weeks from 7 September (the 6th is an INSET day): 68 sessions; six Mondays missed unexplained, four Wednesday mornings late. */
function mondays(): Register {
  const reg = new Register('MON').days('2027-09-07', '2027-10-22', '/');
  for (let d = 13; d <= 31; d += 7) reg.day(`2027-09-${d}`, 'N');
  for (const d of ['2027-10-04', '2027-10-11', '2027-10-18']) reg.day(d, 'N');
  for (let d = 8; d <= 29; d += 7) reg.day(`2027-09-${String(d).padStart(2, '0')}`, 'L', '\\', { am: 12 });
  return reg;
}

test('the year, the term and the last four weeks, rounded down; the lines passed and the band', () => {
  const a = caseAttendance({ school, figures: figuresOf(mondays(), '2027-10-22') });
  // 6 Mondays of 34 school days: 12 of 68 sessions missed, 82.35%.
  expect(a.year).toEqual({ possible: 68, attended: 56, percent: 82.3, authorised: 0, unauthorised: 12 });
  expect(a.term).toEqual({ name: 'Autumn 1', possible: 68, attended: 56, percent: 82.3, authorised: 0, unauthorised: 12 });
  expect(a.lastFourWeeks).toMatchObject({ possible: 40, attended: 32, percent: 80 });
  expect(a.lates).toEqual({ beforeClose: 4, afterClose: 0 });
  expect(a.bands).toEqual(['below-threshold', 'persistent']);
  expect(a.band).toEqual({ belowPercent: 90, label: 'Persistent absence' });
  expect(a.thresholdPercent).toBe(95);
  // Fewer than ten school weeks so far: the window runs from the start of the year.
  expect(a.unauthorisedTenWeeks).toEqual({ from: '2027-08-01', sessions: 12, thresholdReached: true });
  expect(a.trend.weeks.map((w) => w.percent)).toEqual([100, 80, 80, 80, 80, 80, 80]);
  expect(a.herringbone.slots.find((s) => s.weekday === 1 && s.session === 'AM')).toEqual({ weekday: 1, session: 'AM', possible: 6, absences: 6, lates: 0 });
  expect(a.herringbone.slots.find((s) => s.weekday === 3 && s.session === 'AM')).toEqual({ weekday: 3, session: 'AM', possible: 7, absences: 0, lates: 4 });
  expect(a.herringbone.weeks).toEqual([]);
});

test('a percentage is never shown above the line it has crossed: 94.99% shows as 94.9%', () => {
  // 379 of 399 is 94.987%.
  const f = figuresOf(new Register('X').days('2027-09-07', '2027-09-10', '/'), '2027-09-10');
  const a = caseAttendance({ school, figures: { ...f, yearToDate: { ...f.yearToDate, possible: 399, present: 379 } } });
  expect(a.year.percent).toBe(94.9);
});

test('below the threshold needs the minimum of possible sessions, as the bands do; severe implies persistent', () => {
  const early = caseAttendance({ school, figures: figuresOf(new Register('E').days('2027-09-07', '2027-09-10', 'N'), '2027-09-10') });
  expect(early.year.possible).toBe(8);
  expect(early.bands).toEqual(['persistent', 'severe']);
  expect(early.band).toBeUndefined();
  expect(thresholdOf({ bands: [] })).toBe(90);
  expect(thresholdOf({ bands: [{ belowPercent: 96, label: '96' }] })).toBe(96);
});

test('the week grid is the marks up to the figures\' date, each session classified as the statistics count it', () => {
  const reg = mondays();
  const weeks = herringboneWeeks(reg.marks, '2027-09-15');
  expect(weeks.map((w) => w.weekStart)).toEqual(['2027-09-06', '2027-09-13']);
  expect(weeks[0].cells[0]).toBeUndefined(); // INSET day: no mark
  expect(weeks[0].cells[4]).toEqual({ date: '2027-09-08', session: 'AM', kind: 'late', code: 'L', minutesLate: 12 });
  expect(weeks[1].cells[1]).toEqual({ date: '2027-09-13', session: 'PM', kind: 'unauthorised', code: 'N' });
  expect(weeks[1].cells.slice(6)).toEqual([undefined, undefined, undefined, undefined]); // after the 15th
  expect(caseAttendance({ school, figures: figuresOf(reg, '2027-10-22'), marks: reg.marks }).herringbone.weeks).toHaveLength(7);
  expect(['/', 'L', 'U', 'V', 'I', 'O', 'X', '#'].map(sessionKind)).toEqual(['present', 'late', 'late-after-close', 'activity', 'authorised', 'unauthorised', 'not-counted', 'not-counted']);
});

test('the days a sibling missed too, from the statistics\' families; not days before the sibling joined', () => {
  const sister = new Register('SIS').days('2027-09-07', '2027-10-22', '/').day('2027-09-13', 'I', '\\').day('2027-09-20', '/', 'O').day('2027-09-21', 'N');
  const shared = sharedAbsenceDays({ calendar, urn: school.urn, pupil: pupil('MON'), marks: mondays().marks, sibling: pupil('SIS'), siblingMarks: sister.marks, to: '2027-10-22' });
  expect(shared).toEqual(['2027-09-13', '2027-09-20']);
  const joinedLater = sharedAbsenceDays({ calendar, urn: school.urn, pupil: pupil('MON'), marks: mondays().marks, sibling: pupil('SIS', { admissionDate: '2027-09-15' }), siblingMarks: sister.marks, to: '2027-10-22' });
  expect(joinedLater).toEqual(['2027-09-20']);
  expect(sharedAbsenceDays({ calendar, urn: school.urn, pupil: pupil('MON'), marks: mondays().marks, sibling: pupil('SIS'), siblingMarks: undefined, to: '2027-10-22' })).toEqual([]);
});
