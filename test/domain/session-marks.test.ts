import { academicYearOf, emptyYearMarks, markAt, marksOf, sessionIndex, withMark } from '../../bot/domain/session-marks';

test('the academic year runs from 1 August', () => {
  expect(academicYearOf('2026-07-31')).toBe(2025);
  expect(academicYearOf('2026-08-01')).toBe(2026);
  expect(sessionIndex('2026-08-01', 'AM')).toBe(0);
  expect(sessionIndex('2026-08-02', 'PM')).toBe(3);
});

test('marks pack two characters a session and read back, multi-character codes included', () => {
  let y = emptyYearMarks('A123', 2026);
  y = withMark(y, { upn: 'A123', date: '2026-09-07', session: 'AM', code: '/' });
  y = withMark(y, { upn: 'A123', date: '2026-09-07', session: 'PM', code: 'C1' });
  y = withMark(y, { upn: 'A123', date: '2026-09-08', session: 'AM', code: 'L', minutesLate: 12 });
  expect(markAt(y, '2026-09-07', 'AM')).toBe('/');
  expect(markAt(y, '2026-09-07', 'PM')).toBe('C1');
  expect(markAt(y, '2026-09-06', 'AM')).toBeUndefined();
  expect(markAt(y, '2027-01-01', 'AM')).toBeUndefined();
  expect([...marksOf(y)]).toEqual([
    { upn: 'A123', date: '2026-09-07', session: 'AM', code: '/' },
    { upn: 'A123', date: '2026-09-07', session: 'PM', code: 'C1' },
    { upn: 'A123', date: '2026-09-08', session: 'AM', code: 'L', minutesLate: 12 },
  ]);
});

test('a corrected mark replaces the old one and clears its lateness', () => {
  let y = withMark(emptyYearMarks('A', 2026), { upn: 'A', date: '2026-09-08', session: 'AM', code: 'U', minutesLate: 40 });
  y = withMark(y, { upn: 'A', date: '2026-09-08', session: 'AM', code: 'M' });
  expect(markAt(y, '2026-09-08', 'AM')).toBe('M');
  expect(y.lates).toEqual({});
});

test('a leap day has its own sessions', () => {
  let y = emptyYearMarks('A', 2027);
  y = withMark(y, { upn: 'A', date: '2028-02-29', session: 'PM', code: 'I' });
  y = withMark(y, { upn: 'A', date: '2028-03-01', session: 'AM', code: '/' });
  expect(markAt(y, '2028-02-29', 'PM')).toBe('I');
  expect(markAt(y, '2028-03-01', 'AM')).toBe('/');
});

test('unknown codes and dates outside the year are refused', () => {
  expect(() => withMark(emptyYearMarks('A', 2026), { upn: 'A', date: '2026-09-08', session: 'AM', code: 'H' })).toThrow(/Unknown attendance code "H"/);
  expect(() => withMark(emptyYearMarks('A', 2026), { upn: 'A', date: '2027-08-02', session: 'AM', code: '/' })).toThrow(/not in academic year 2026\/27/);
});
