import { isInvalid, parseAttendanceCode, parseBoolean, parseDate, parseDateTime, parsePhone, parseTime, parseUpn, parseYearGroup, type Invalid } from '../../bot/import/values';

const message = (v: unknown) => (isInvalid(v) ? (v as Invalid).message : `no problem: ${String(v)}`);

test('dates are read day first in the forms MIS exports and Excel write', () => {
  expect(parseDate('03/09/2025')).toBe('2025-09-03');
  expect(parseDate('3/9/2025')).toBe('2025-09-03');
  expect(parseDate('03-09-2025')).toBe('2025-09-03');
  expect(parseDate('2025-09-03')).toBe('2025-09-03');
  expect(parseDate('2025-09-03T00:00:00')).toBe('2025-09-03');
  expect(parseDate('3 Sep 2025')).toBe('2025-09-03');
  expect(parseDate('03-Sept-2025')).toBe('2025-09-03');
});

test('a bad date says what is wrong with it', () => {
  expect(message(parseDate('31/02/2025'))).toBe('"31/02/2025" is not a real date');
  expect(message(parseDate('09/15/2025'))).toBe('"09/15/2025" is not a real date: dates are day first (DD/MM/YYYY)');
  expect(message(parseDate('03/09/25'))).toMatch(/two-digit year/);
  expect(message(parseDate('yesterday'))).toMatch(/is not a date: write dates as DD\/MM\/YYYY or YYYY-MM-DD/);
  expect(message(parseDate('45903'))).toMatch(/is not a date/);
});

test('a UPN with a wrong check letter is refused with the letter it should have', () => {
  expect(parseUpn(' g938202510010 ')).toBe('G938202510010');
  expect(message(parseUpn('A938202510010'))).toBe('bad UPN check letter in "A938202510010": for these digits it should be G, not A');
  expect(message(parseUpn('G93820251001'))).toMatch(/is not a UPN: a UPN is 13 characters/);
});

test('received times are kept in the school\'s own time with its offset, in summer and in winter', () => {
  expect(parseDateTime('02/09/2025 08:05', 'Europe/London')).toBe('2025-09-02T08:05:00+01:00');
  expect(parseDateTime('2025-12-02 08:05', 'Europe/London')).toBe('2025-12-02T08:05:00+00:00');
  expect(parseDateTime('2025-09-02T07:45:00Z', 'Europe/London')).toBe('2025-09-02T08:45:00+01:00');
  expect(message(parseDateTime('02/09/2025', 'Europe/London'))).toMatch(/not a date and time/);
  expect(message(parseDateTime('02/09/2025 25:00', 'Europe/London'))).toMatch(/not a time/);
});

test('times, yes/no and year groups in the forms schools write them', () => {
  expect(parseTime('9:05')).toBe('09:05');
  expect(parseTime('09:05:59')).toBe('09:05');
  expect(['Y', 'yes', 'TRUE', '1'].map(parseBoolean)).toEqual([true, true, true, true]);
  expect(['', 'N', 'no', '0'].map(parseBoolean)).toEqual([false, false, false, false]);
  expect(message(parseBoolean('maybe'))).toBe('"maybe" is not yes or no: write Y or N');
  expect(['7', 'Year 7', 'Y7', 'yr 11', 'R', 'Reception', 'N1'].map(parseYearGroup)).toEqual([7, 7, 7, 11, 0, 0, -1]);
  expect(message(parseYearGroup('Year 15'))).toMatch(/not a year group/);
});

test('a phone number Excel has stripped of its leading 0 is caught', () => {
  expect(parsePhone(' 07700  900123 ')).toBe('07700 900123');
  expect(parsePhone('+44 (0)20 7946-0000')).toBe('+44 (0)20 7946-0000');
  expect(message(parsePhone('7700900123'))).toBe('"7700900123" looks like a UK number that lost its leading 0 (Excel drops it): write it as 07700900123');
  expect(message(parsePhone('7.7009E+09'))).toMatch(/not a phone number/);
});

test('attendance codes are the DfE 2024 set; withdrawn codes say what replaced them', () => {
  expect(parseAttendanceCode(' n ')).toBe('N');
  expect(parseAttendanceCode('c1')).toBe('C1');
  expect(parseAttendanceCode('\\')).toBe('\\');
  expect(message(parseAttendanceCode('H'))).toMatch(/^unknown attendance code "H": H \(agreed holiday\) was withdrawn in August 2024/);
  expect(message(parseAttendanceCode('@'))).toMatch(/^unknown attendance code "@": use a DfE code in force from August 2024/);
});
