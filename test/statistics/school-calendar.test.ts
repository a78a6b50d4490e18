import { SchoolCalendar } from '../../bot/domain/statistics/school-calendar';
import { testSchool } from './fixtures';

const calendar = new SchoolCalendar(testSchool(), 2027);

test('2027/28 holds 29 February: 366 days, and the leap day is a Tuesday school day', () => {
  expect(calendar.days).toBe(366);
  expect(new SchoolCalendar(testSchool(), 2026).days).toBe(365);
  const leap = calendar.dayIndex('2028-02-29');
  expect(calendar.dateOf(leap)).toBe('2028-02-29');
  expect(calendar.weekday[leap]).toBe(2);
  expect(calendar.schoolDay[leap]).toBe(1);
  expect(calendar.dayIndex('2028-07-31')).toBe(365);
});

test('school days: in a term, Monday to Friday, not a closure', () => {
  const day = (d: string) => calendar.schoolDay[calendar.dayIndex(d)];
  expect(day('2027-09-06')).toBe(0); // INSET (a closure)
  expect(day('2027-09-07')).toBe(1);
  expect(day('2027-09-11')).toBe(0); // Saturday
  expect(day('2027-10-27')).toBe(0); // half-term
  expect(day('2028-05-01')).toBe(0); // bank holiday
});

test('school weeks skip the holidays; weeks start on Mondays', () => {
  const mondays = calendar.schoolWeeksTo(calendar.dayIndex('2027-11-10')).map((w) => calendar.mondayOf(w));
  expect(mondays).toEqual(['2027-09-06', '2027-09-13', '2027-09-20', '2027-09-27', '2027-10-04', '2027-10-11', '2027-10-18', '2027-11-01', '2027-11-08']);
  expect(calendar.schoolWeeks).toHaveLength(7 + 7 + 6 + 6 + 14);
  expect(calendar.mondayOf(0)).toBe('2027-07-26'); // 1 August 2027 is a Sunday
  expect(calendar.firstDayOf(0)).toBe(0);
});

test('the term at a date, or the last one in a holiday, and none before the first', () => {
  expect(calendar.termAt(calendar.dayIndex('2028-02-29'))?.name).toBe('Spring 2');
  expect(calendar.termAt(calendar.dayIndex('2027-12-25'))?.name).toBe('Autumn 2');
  expect(calendar.termAt(calendar.dayIndex('2027-08-20'))).toBeUndefined();
});

test('bad term and closure dates are clear errors', () => {
  expect(() => new SchoolCalendar(testSchool({ terms: [{ name: 'Autumn', start: '2027-09-31', end: '2027-12-17' }] }), 2027)).toThrow(
    'School term 1 ("Autumn"): start "2027-09-31" is not a YYYY-MM-DD date',
  );
  expect(() => new SchoolCalendar(testSchool({ terms: [{ name: 'Autumn', start: '2027-12-17', end: '2027-09-06' }] }), 2027)).toThrow(
    'School term 1 ("Autumn") ends (2027-09-06) before it starts (2027-12-17)',
  );
  expect(() => new SchoolCalendar(testSchool({ closures: ['2027-09-06', 'May Day'] }), 2027)).toThrow('School closure 2: "May Day" is not a YYYY-MM-DD date');
  expect(() => calendar.dayIndex('2028-08-01')).toThrow('2028-08-01 is not in academic year 2027/28');
});
