import { PupilFiguresCalculator, isPersistentAbsence, isSevereAbsence, type PupilFigures } from '../../bot/domain/statistics/pupil-figures';
import { SchoolCalendar } from '../../bot/domain/statistics/school-calendar';
import { Register, pupil, testSchool } from './fixtures';

const school = testSchool();
const calendar = new SchoolCalendar(school, 2027);

function figures(reg: Register, asOf: string, over: Partial<Parameters<typeof pupil>[1]> = {}, bandMinimumSessions?: number): PupilFigures {
  const calc = new PupilFiguresCalculator({ calendar, asOf, bands: school.bands, ...(bandMinimumSessions !== undefined ? { bandMinimumSessions } : {}) });
  return calc.compute(pupil(reg.upn, over), reg.marks);
}

describe('a fortnight worked by hand', () => {
  // 6 September is an INSET day, so the first week has four days: 18 sessions in all.
  const reg = new Register('A1')
    .days('2027-09-07', '2027-09-17', '/')
    .day('2027-09-08', 'L', '\\', { am: 5 })
    .day('2027-09-09', 'L', '\\', { am: 10 })
    .day('2027-09-10', '/', 'V')
    .day('2027-09-13', 'I', 'I')
    .day('2027-09-14', 'U', '\\', { am: 35 })
    .day('2027-09-15', 'N', '\\');
  const f = figures(reg, '2027-09-17');

  test('possible sessions and how each counted', () => {
    expect(f.yearToDate).toEqual({
      from: '2027-08-01',
      to: '2027-09-17',
      possible: 18,
      present: 13, // 11 present + 2 late before the register closed
      approvedActivity: 1, // V counts as attending
      authorised: 2,
      unauthorised: 2, // U and N
      percent: (14 * 100) / 18,
    });
    expect(f.term).toMatchObject({ name: 'Autumn 1', from: '2027-09-06', to: '2027-09-17', possible: 18, unauthorised: 2 });
  });

  test('4 of 18 missed is persistent (10% or more) but not severe', () => {
    expect(f.persistent).toBe(true);
    expect(f.severe).toBe(false);
  });

  test('lates either side of the register closing, with minutes', () => {
    expect(f.lates).toEqual({ beforeClose: { sessions: 2, minutes: 15, timed: 2 }, afterClose: { sessions: 1, minutes: 35, timed: 1 } });
  });

  test('the herringbone puts each absence and late on its weekday and session', () => {
    const day = (wd: number) => f.herringbone[wd - 1];
    expect(day(1)).toEqual({ weekday: 1, am: { possible: 1, absent: 1, late: 0 }, pm: { possible: 1, absent: 1, late: 0 } });
    expect(day(2).am).toEqual({ possible: 2, absent: 1, late: 1 }); // U counts as absent and late
    expect(day(3).am).toEqual({ possible: 2, absent: 1, late: 1 }); // N on the 15th, L on the 8th
    expect(day(4).am).toEqual({ possible: 2, absent: 0, late: 1 });
    expect(day(5).pm).toEqual({ possible: 2, absent: 0, late: 0 }); // V is not an absence
  });

  test('codes, weeks and the windows', () => {
    expect(f.codes).toEqual({ '/': 4, '\\': 7, L: 2, V: 1, I: 2, U: 1, N: 1 });
    expect(f.weeks).toEqual([
      { monday: '2027-09-06', possible: 8, attended: 8 },
      { monday: '2027-09-13', possible: 10, attended: 6 },
    ]);
    // Fewer than four (or ten) school weeks so far: the windows run from the start of the year.
    expect(f.rollingFourWeeks).toMatchObject({ from: '2027-08-01', possible: 18 });
    expect(f.unauthorisedTenWeeks).toEqual({ from: '2027-08-01', to: '2027-09-17', sessions: 2, thresholdReached: false });
    expect(f.trend).toEqual({ direction: 'not-enough-data', lastFourWeeks: (14 * 100) / 18 });
  });

  test('no band until two weeks of sessions; then the lowest band at or above the percentage', () => {
    expect(f.band).toBeUndefined();
    expect(figures(reg, '2027-09-17', {}, 0).band).toEqual({ belowPercent: 90, label: 'Persistent absence' });
  });
});

test('exactly 10% missed is persistent; exactly 50% is severe', () => {
  const c = { possible: 20, present: 18, approvedActivity: 0, authorised: 1, unauthorised: 1 };
  expect(isPersistentAbsence(c)).toBe(true);
  expect(isPersistentAbsence({ ...c, possible: 21, present: 19 })).toBe(false);
  expect(isSevereAbsence({ possible: 20, present: 10, approvedActivity: 0, authorised: 10, unauthorised: 0 })).toBe(true);
  expect(isSevereAbsence({ possible: 21, present: 11, approvedActivity: 0, authorised: 10, unauthorised: 0 })).toBe(false);
  expect(isPersistentAbsence({ possible: 0, present: 0, approvedActivity: 0, authorised: 0, unauthorised: 0 })).toBe(false);
});

test('a pupil admitted mid-term has no possible sessions before admission, whatever is marked there', () => {
  const reg = new Register('A2').day('2027-11-08', 'N', 'N').days('2027-11-10', '2027-11-19', '/');
  const f = figures(reg, '2027-11-19', { admissionDate: '2027-11-10' });
  expect(f.yearToDate).toMatchObject({ possible: 16, unauthorised: 0, percent: 100 });
  expect(f.term).toMatchObject({ name: 'Autumn 2', from: '2027-11-01', possible: 16 });
  expect(f.codes).toEqual({ '/': 8, '\\': 8 });
  expect(f.persistent).toBe(false);
});

test('a pupil who has left has no possible sessions after the leaving date', () => {
  const reg = new Register('A3').days('2027-09-07', '2027-09-17', 'N');
  expect(figures(reg, '2027-09-17', { leavingDate: '2027-09-10' }).yearToDate.possible).toBe(8);
  expect(figures(reg, '2027-09-17', { leavingDate: '2027-07-20' }).yearToDate.possible).toBe(0);
  expect(figures(reg, '2027-09-17', { admissionDate: '2028-09-01' }).yearToDate.possible).toBe(0);
});

test('a day of # (planned closure), X, Y codes, D and Z are not possible sessions', () => {
  const reg = new Register('A4')
    .days('2027-11-08', '2027-11-12', '/')
    .day('2027-11-09', '#', '#')
    .day('2027-11-10', 'X', 'X')
    .day('2027-11-11', 'Y1', 'Y4')
    .day('2027-11-12', 'D', 'Z');
  const f = figures(reg, '2027-11-12');
  expect(f.yearToDate).toMatchObject({ possible: 2, present: 2, authorised: 0, unauthorised: 0, percent: 100 });
  expect(f.codes).toEqual({ '/': 1, '\\': 1, '#': 2, X: 2, Y1: 1, Y4: 1, D: 1, Z: 1 });
  expect(f.herringbone[1].am.possible).toBe(0); // Tuesday was closed
});

test('a code corrected a day later changes the figures from then on', () => {
  let reg = new Register('A5').days('2027-11-08', '2027-11-12', '/').day('2027-11-15', 'N', '\\');
  const monday = figures(reg, '2027-11-15');
  expect(monday.yearToDate).toMatchObject({ possible: 12, unauthorised: 1, authorised: 0 });
  expect(monday.unauthorisedTenWeeks.sessions).toBe(1);
  reg = reg.day('2027-11-15', 'M', '\\').day('2027-11-16', '/');
  const tuesday = figures(reg, '2027-11-16');
  expect(tuesday.yearToDate).toMatchObject({ possible: 14, unauthorised: 0, authorised: 1 });
  expect(tuesday.unauthorisedTenWeeks.sessions).toBe(0);
  expect(tuesday.codes.N).toBeUndefined();
  expect(tuesday.codes.M).toBe(1);
});

test('29 February 2028 is a school day like any other Tuesday', () => {
  const reg = new Register('A6').day('2028-02-28', '/').day('2028-02-29', 'I', 'I').day('2028-03-01', '/');
  const f = figures(reg, '2028-02-29');
  expect(f.yearToDate).toMatchObject({ possible: 4, present: 2, authorised: 2, to: '2028-02-29' });
  expect(f.herringbone[1]).toEqual({ weekday: 2, am: { possible: 1, absent: 1, late: 0 }, pm: { possible: 1, absent: 1, late: 0 } });
  expect(f.term).toMatchObject({ name: 'Spring 2', from: '2028-02-21', to: '2028-02-29' });
  expect(f.weeks[f.weeks.length - 1]).toEqual({ monday: '2028-02-28', possible: 4, attended: 2 });
});

test('marks after the as-of date (a holiday entered in advance) are not counted yet', () => {
  const reg = new Register('A7').days('2027-09-07', '2027-09-17', '/').days('2027-09-20', '2027-09-24', 'G');
  expect(figures(reg, '2027-09-17').yearToDate).toMatchObject({ possible: 18, unauthorised: 0 });
  expect(figures(reg, '2027-09-24').yearToDate).toMatchObject({ possible: 28, unauthorised: 10 });
});

describe('the rolling ten school weeks and the penalty-notice threshold', () => {
  // School weeks to 26 November: 7 in Autumn 1, then 1, 8, 15 and 22 November; half-term is not a school week.
  const base = () =>
    new Register('A8')
      .days('2027-09-07', '2027-11-26', '/')
      .day('2027-09-07', 'N', 'N') // week 1: outside the window
      .day('2027-09-14', 'G', 'G') // week 2: inside only because half-term does not count
      .day('2027-10-21', 'G', 'G')
      .day('2027-10-22', 'G', 'G')
      .day('2027-11-22', 'N', 'U');

  test('eight sessions in the window: not flagged', () => {
    const f = figures(base(), '2027-11-26');
    expect(f.unauthorisedTenWeeks).toEqual({ from: '2027-09-13', to: '2027-11-26', sessions: 8, thresholdReached: false });
    expect(f.yearToDate.unauthorised).toBe(10);
  });

  test('ten sessions in the window: flagged for the attendance lead', () => {
    const f = figures(base().day('2027-11-24', 'O', 'O'), '2027-11-26');
    expect(f.unauthorisedTenWeeks).toMatchObject({ sessions: 10, thresholdReached: true });
  });

  test('the rolling four weeks are the last four school weeks', () => {
    expect(figures(base(), '2027-11-26').rollingFourWeeks).toMatchObject({ from: '2027-11-01', to: '2027-11-26', possible: 40, unauthorised: 2 });
    // Over Christmas: the four school weeks are two in December and two in January.
    const winter = new Register('A9').days('2027-12-06', '2028-01-14', '/');
    const f = figures(winter, '2028-01-14');
    expect(f.rollingFourWeeks).toMatchObject({ from: '2027-12-06', possible: 38 });
    expect(f.term).toMatchObject({ name: 'Spring 1', from: '2028-01-04', to: '2028-01-14', possible: 18 });
  });

  test('in a holiday the term is the one just ended', () => {
    const f = figures(base(), '2027-10-27');
    expect(f.term).toMatchObject({ name: 'Autumn 1', from: '2027-09-06', to: '2027-10-22' });
  });
});

describe('the trend: the last four school weeks against the four before', () => {
  test('a pupil missing every Friday since October is declining', () => {
    let reg = new Register('B1').days('2027-09-07', '2027-11-05', '/');
    for (const friday of ['2027-10-08', '2027-10-15', '2027-10-22', '2027-11-05']) reg = reg.day(friday, 'I', 'I');
    const f = figures(reg, '2027-11-05');
    expect(f.trend).toEqual({ direction: 'declining', lastFourWeeks: 80, previousFourWeeks: 100 });
    expect(f.herringbone[4].pm.absent).toBe(4);
    expect(f.rollingFourWeeks).toMatchObject({ from: '2027-10-04', percent: 80 });
  });

  test('the same Fridays missed early, then none, is improving; one session is steady', () => {
    let reg = new Register('B2').days('2027-09-07', '2027-11-05', '/');
    for (const friday of ['2027-09-10', '2027-09-17', '2027-09-24', '2027-10-01']) reg = reg.day(friday, 'I', 'I');
    expect(figures(reg, '2027-11-05').trend.direction).toBe('improving');
    const steady = new Register('B3').days('2027-09-07', '2027-11-05', '/').day('2027-11-05', '/', 'I');
    expect(figures(steady, '2027-11-05').trend).toMatchObject({ direction: 'steady', lastFourWeeks: 97.5, previousFourWeeks: 100 });
  });
});

test('an unknown code in stored marks is a clear error naming the pupil and the session', () => {
  const reg = new Register('C1').days('2027-09-07', '2027-09-10', '/');
  const at = (37 * 2 + 1) * 2; // 7 September PM
  const broken = { ...reg.marks, marks: reg.marks.marks.slice(0, at) + 'H ' + reg.marks.marks.slice(at + 2) };
  const calc = new PupilFiguresCalculator({ calendar, asOf: '2027-09-10', bands: school.bands });
  expect(() => calc.compute(pupil('C1'), broken)).toThrow('Pupil C1: unknown attendance code "H" in the stored marks for 2027-09-07 PM');
  expect(() => calc.compute(pupil('C1', { admissionDate: '7/9/2027' }), reg.marks)).toThrow('Pupil C1: admissionDate "7/9/2027" is not a YYYY-MM-DD date');
  expect(() => new PupilFiguresCalculator({ calendar, asOf: '2028-08-01', bands: [] })).toThrow('2028-08-01 is not in academic year 2027/28');
});

test('a pupil with no marks yet has empty figures, not an error', () => {
  const calc = new PupilFiguresCalculator({ calendar, asOf: '2027-09-17', bands: school.bands });
  const f = calc.compute(pupil('D1'), undefined);
  expect(f.yearToDate.possible).toBe(0);
  expect(f.yearToDate.percent).toBeUndefined();
  expect(f.persistent).toBe(false);
  expect(f.band).toBeUndefined();
});

test('a session marked on a day the calendar has as holiday still counts, and shows as its own week', () => {
  const reg = new Register('E1').days('2027-10-18', '2027-11-05', '/').day('2027-10-27', '/', '\\');
  const f = figures(reg, '2027-11-05');
  expect(f.yearToDate.possible).toBe(22);
  expect(f.weeks.map((w) => [w.monday, w.possible])).toEqual([
    ['2027-09-06', 0],
    ['2027-09-13', 0],
    ['2027-09-20', 0],
    ['2027-09-27', 0],
    ['2027-10-04', 0],
    ['2027-10-11', 0],
    ['2027-10-18', 10],
    ['2027-10-25', 2],
    ['2027-11-01', 10],
  ]);
  // Nothing in the four weeks before the last four: no trend yet.
  expect(f.trend.direction).toBe('not-enough-data');
});
