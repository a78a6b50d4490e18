import fc from 'fast-check';
import { ATTENDANCE_CODES } from '../../bot/domain/attendance-codes';
import { sessionIndex } from '../../bot/domain/session-marks';
import { PupilFiguresCalculator, attended, missed } from '../../bot/domain/statistics/pupil-figures';
import { SchoolCalendar } from '../../bot/domain/statistics/school-calendar';
import { pupil, testSchool } from './fixtures';

const school = testSchool();
const calendar = new SchoolCalendar(school, 2027);
const ASOF = '2027-12-17';
const calc = new PupilFiguresCalculator({ calendar, asOf: ASOF, bands: school.bands });
const START = sessionIndex('2027-09-06', 'AM');
const SESSIONS = sessionIndex(ASOF, 'PM') - START + 1;
const CELLS = ['--', ...[...ATTENDANCE_CODES.keys()].map((c) => c.padEnd(2, ' '))];
const ABSENCES = [...ATTENDANCE_CODES.values()].filter((c) => c.meaning === 'authorised' || c.meaning === 'unauthorised').map((c) => c.code.padEnd(2, ' '));

const register = fc.array(fc.constantFrom(...CELLS), { minLength: SESSIONS, maxLength: SESSIONS });
const admission = fc.option(fc.integer({ min: 0, max: 100 }), { nil: undefined });

function compute(cells: string[], admitAfterDays: number | undefined) {
  const marks = '--'.repeat(START) + cells.join('');
  const admissionDate = admitAfterDays === undefined ? undefined : calendar.dateOf(START / 2 + admitAfterDays);
  return calc.compute(pupil('P1', admissionDate ? { admissionDate } : {}), { upn: 'P1', academicYear: 2027, marks, lates: {} });
}

test('every attendance percentage stays within 0 to 100, and the counts add up', () => {
  fc.assert(
    fc.property(register, admission, (cells, admit) => {
      const f = compute(cells, admit);
      for (const p of [f.yearToDate, f.term!, f.rollingFourWeeks]) {
        expect(attended(p) + missed(p)).toBe(p.possible);
        if (p.possible === 0) expect(p.percent).toBeUndefined();
        else {
          expect(p.percent).toBeGreaterThanOrEqual(0);
          expect(p.percent).toBeLessThanOrEqual(100);
        }
      }
      expect(f.term!.possible).toBeLessThanOrEqual(f.yearToDate.possible);
      expect(f.rollingFourWeeks.possible).toBeLessThanOrEqual(f.yearToDate.possible);
      expect(f.weeks.reduce((n, w) => n + w.possible, 0)).toBe(f.yearToDate.possible);
    }),
    { numRuns: 300 },
  );
});

test('turning an absence into a present mark never lowers the percentage, and never raises the band', () => {
  const withAbsence = fc
    .tuple(register, admission, fc.nat({ max: SESSIONS - 1 }), fc.constantFrom(...ABSENCES))
    .map(([cells, admit, at, code]) => {
      const before = [...cells];
      before[at] = code;
      const after = [...before];
      after[at] = at % 2 === 0 ? '/ ' : '\\ ';
      return { before, after, admit };
    });
  fc.assert(
    fc.property(withAbsence, ({ before, after, admit }) => {
      const a = compute(before, admit);
      const b = compute(after, admit);
      for (const k of ['yearToDate', 'term', 'rollingFourWeeks'] as const) {
        expect(b[k]!.possible).toBe(a[k]!.possible);
        if (a[k]!.percent !== undefined) expect(b[k]!.percent!).toBeGreaterThanOrEqual(a[k]!.percent!);
      }
      expect(b.band?.belowPercent ?? 101).toBeGreaterThanOrEqual(a.band?.belowPercent ?? 101);
      expect(b.unauthorisedTenWeeks.sessions).toBeLessThanOrEqual(a.unauthorisedTenWeeks.sessions);
    }),
    { numRuns: 300 },
  );
});
