import fc from 'fast-check';
import { ATTENDANCE_CODES } from '../../bot/domain/attendance-codes';
import { addDays } from '../../bot/domain/clock';
import { academicYearOf, emptyYearMarks, markAt, marksOf, sessionIndex, withMark, type PupilYearMarks, type Session } from '../../bot/domain/session-marks';
import { IncomingMarks, mergeYear } from '../../bot/import/incoming-marks';

const UPN = 'G938202510010';
const CODES = [...ATTENDANCE_CODES.keys()];

function incoming(marks: Array<[string, Session, string]>, lates: Array<[string, Session, 'L' | 'U', number]> = []) {
  const all = new IncomingMarks();
  marks.forEach(([date, session, code], i) => all.setMark(UPN, academicYearOf(date), sessionIndex(date, session), code, 0, i + 2));
  lates.forEach(([date, session, code, minutes], i) => all.setLate(UPN, academicYearOf(date), sessionIndex(date, session), code, minutes, 1, i + 2));
  return all.forYear(2025)[0];
}

test('merging gives exactly the record the domain builds mark by mark, over any stored record', () => {
  const mark = fc.record({
    day: fc.integer({ min: 0, max: 364 }),
    session: fc.constantFrom<Session>('AM', 'PM'),
    code: fc.constantFrom(...CODES),
  });
  fc.assert(
    fc.property(fc.array(mark, { maxLength: 40 }), fc.array(mark, { minLength: 1, maxLength: 40 }), (storedMarks, newMarks) => {
      const date = (day: number) => addDays('2025-08-01', day);
      let stored: PupilYearMarks = emptyYearMarks(UPN, 2025);
      for (const m of storedMarks) stored = withMark(stored, { upn: UPN, date: date(m.day), session: m.session, code: m.code });
      // One mark per session, as the reader guarantees.
      const unique = [...new Map(newMarks.map((m) => [`${m.day}${m.session}`, m])).values()];
      let expected = stored;
      for (const m of unique) expected = withMark(expected, { upn: UPN, date: date(m.day), session: m.session, code: m.code });
      const { merged } = mergeYear(stored, incoming(unique.map((m) => [date(m.day), m.session, m.code])));
      expect([...marksOf(merged)]).toEqual([...marksOf(expected)]);
    }),
  );
});

test('sessions the import does not mention keep their stored mark; changed sessions are counted', () => {
  let stored = emptyYearMarks(UPN, 2025);
  stored = withMark(stored, { upn: UPN, date: '2025-09-01', session: 'AM', code: '/' });
  stored = withMark(stored, { upn: UPN, date: '2025-09-01', session: 'PM', code: '\\' });
  const { merged, changed } = mergeYear(stored, incoming([['2025-09-01', 'PM', 'M'], ['2025-09-02', 'AM', '/']]));
  expect(markAt(merged, '2025-09-01', 'AM')).toBe('/');
  expect(markAt(merged, '2025-09-01', 'PM')).toBe('M');
  expect(markAt(merged, '2025-09-02', 'AM')).toBe('/');
  expect(changed).toBe(2);
  expect(mergeYear(merged, incoming([['2025-09-01', 'PM', 'M']])).changed).toBe(0);
});

test('the lates register overrides the register mark and carries the minutes', () => {
  const { merged } = mergeYear(undefined, incoming([['2025-09-03', 'AM', 'N']], [['2025-09-03', 'AM', 'U', 35]]));
  expect([...marksOf(merged)]).toEqual([{ upn: UPN, date: '2025-09-03', session: 'AM', code: 'U', minutesLate: 35 }]);
});

test('a register export repeating a stored late keeps its minutes; changing the mark drops them', () => {
  const stored = withMark(emptyYearMarks(UPN, 2025), { upn: UPN, date: '2025-09-03', session: 'AM', code: 'L', minutesLate: 12 });
  expect([...marksOf(mergeYear(stored, incoming([['2025-09-03', 'AM', 'L']])).merged)][0].minutesLate).toBe(12);
  expect([...marksOf(mergeYear(stored, incoming([['2025-09-03', 'AM', '/']])).merged)][0]).toEqual({ upn: UPN, date: '2025-09-03', session: 'AM', code: '/' });
});

test('a second mark or late for the same session says where the first was', () => {
  const all = new IncomingMarks();
  expect(all.setMark(UPN, 2025, 64, 'N', 0, 5)).toBeUndefined();
  expect(all.setMark(UPN, 2025, 64, '/', 1, 9)).toEqual({ file: 0, line: 5 });
  expect(all.setLate(UPN, 2025, 64, 'L', 3, 2, 7)).toBeUndefined();
  expect(all.setLate(UPN, 2025, 64, 'L', 3, 2, 8)).toEqual({ file: 2, line: 7 });
  expect(all.marks).toBe(1);
  expect(all.lates).toBe(1);
});
