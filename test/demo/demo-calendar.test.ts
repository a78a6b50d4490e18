import { academicYearCalendar, datesBetween, easterSunday, englandBankHolidays, schoolDayOnOrBefore } from '../../bot/demo/demo-calendar';
import { weekdayOf } from '../../bot/domain/clock';
import { isSchoolDay } from '../../bot/domain/school';

test('Easter Sunday falls where the almanac puts it', () => {
  expect(['2008', '2024', '2025', '2026', '2027', '2038'].map((y) => easterSunday(Number(y)))).toEqual([
    '2008-03-23',
    '2024-03-31',
    '2025-04-20',
    '2026-04-05',
    '2027-03-28',
    '2038-04-25',
  ]);
});

test("England's bank holidays, with weekend substitutes, match GOV.UK", () => {
  expect(englandBankHolidays(2026)).toEqual(['2026-01-01', '2026-04-03', '2026-04-06', '2026-05-04', '2026-05-25', '2026-08-31', '2026-12-25', '2026-12-28']);
  expect(englandBankHolidays(2027)).toEqual(['2027-01-01', '2027-03-26', '2027-03-29', '2027-05-03', '2027-05-31', '2027-08-30', '2027-12-27', '2027-12-28']);
  expect(englandBankHolidays(2022)).toEqual(['2022-01-03', '2022-04-15', '2022-04-18', '2022-05-02', '2022-05-30', '2022-08-29', '2022-12-26', '2022-12-27']);
});

test('2025/26 has the six half-terms an English school keeps', () => {
  const c = academicYearCalendar(2025);
  expect(c.terms).toEqual([
    { name: 'Autumn 1', start: '2025-09-01', end: '2025-10-24' },
    { name: 'Autumn 2', start: '2025-11-03', end: '2025-12-19' },
    { name: 'Spring 1', start: '2026-01-05', end: '2026-02-13' },
    { name: 'Spring 2', start: '2026-02-23', end: '2026-03-27' },
    { name: 'Summer 1', start: '2026-04-13', end: '2026-05-22' },
    { name: 'Summer 2', start: '2026-06-01', end: '2026-07-22' },
  ]);
  expect(c.insetDays).toEqual(['2025-09-01', '2025-09-02', '2025-10-24', '2026-01-05', '2026-07-22']);
  expect(c.closures).toEqual([...c.insetDays.slice(0, 4), '2026-05-04', '2026-07-22']);
  // Pupils start on the Wednesday after two INSET days.
  expect(isSchoolDay(c, '2025-09-02')).toBe(false);
  expect(isSchoolDay(c, '2025-09-03')).toBe(true);
});

test.each(Array.from({ length: 21 }, (_, i) => 2020 + i))('%i: terms run September to July in order, about 190 pupil days, no bank holiday a school day', (year) => {
  const c = academicYearCalendar(year);
  expect(c.terms).toHaveLength(6);
  expect(c.terms[0].start >= `${year}-09-01` && c.terms[0].start <= `${year}-09-03`).toBe(true);
  expect(c.terms[5].end <= `${year + 1}-07-22`).toBe(true);
  for (const [i, t] of c.terms.entries()) {
    expect(weekdayOf(t.start)).toBeLessThanOrEqual(5);
    expect(weekdayOf(t.end)).toBeLessThanOrEqual(5);
    expect(t.start < t.end).toBe(true);
    if (i > 0) expect(c.terms[i - 1].end < t.start).toBe(true);
  }
  const days = c.terms.flatMap((t) => datesBetween(t.start, t.end)).filter((d) => isSchoolDay(c, d));
  expect(days.length).toBeGreaterThanOrEqual(184);
  expect(days.length).toBeLessThanOrEqual(195);
  const holidays = [...englandBankHolidays(year), ...englandBankHolidays(year + 1)];
  expect(days.filter((d) => holidays.includes(d))).toEqual([]);
  expect(c.insetDays).toHaveLength(5);
});

test('the last school day on or before a date skips weekends, closures and holidays', () => {
  const c = academicYearCalendar(2025);
  expect(schoolDayOnOrBefore(c, '2026-03-11')).toBe('2026-03-11');
  expect(schoolDayOnOrBefore(c, '2026-03-15')).toBe('2026-03-13');
  expect(schoolDayOnOrBefore(c, '2025-12-27')).toBe('2025-12-19');
  expect(schoolDayOnOrBefore(c, '2026-01-05')).toBe('2025-12-19'); // INSET day
  expect(schoolDayOnOrBefore(c, '2025-09-02', 30)).toBeUndefined();
});
