import { ATTENDANCE_CODES } from '../../bot/domain/attendance-codes';
import { CODES, Category, categoryOfCode } from '../../bot/domain/statistics/session-categories';
import { trendOf } from '../../bot/domain/statistics/trend';

test('every DfE code counts as its meaning says; L and U are the lates either side of the register closing', () => {
  const expected: Record<string, number> = {
    present: Category.Present,
    'approved-activity': Category.ApprovedActivity,
    authorised: Category.Authorised,
    unauthorised: Category.Unauthorised,
    'not-counted': Category.NotCounted,
  };
  for (const [code, { meaning }] of ATTENDANCE_CODES) {
    if (code === 'L') expect(categoryOfCode(code)).toBe(Category.LateBeforeClose);
    else if (code === 'U') expect(categoryOfCode(code)).toBe(Category.LateAfterClose);
    else expect([code, categoryOfCode(code)]).toEqual([code, expected[meaning]]);
  }
  expect(CODES).toHaveLength(ATTENDANCE_CODES.size);
  expect(categoryOfCode('--')).toBe(Category.None);
  for (const bad of ['H', 'C3', 'é', '', 'N  ']) expect(categoryOfCode(bad)).toBe(Category.Unknown);
});

test('the trend needs eight weeks with sessions; a change under three points is steady', () => {
  const week = (monday: string, attended: number) => ({ monday, possible: 10, attended });
  const mondays = ['2027-09-06', '2027-09-13', '2027-09-20', '2027-09-27', '2027-10-04', '2027-10-11', '2027-10-18', '2027-11-01'];
  expect(trendOf(mondays.slice(0, 7).map((m) => week(m, 10)))).toEqual({ direction: 'not-enough-data', lastFourWeeks: 100 });
  expect(trendOf([])).toEqual({ direction: 'not-enough-data' });
  expect(trendOf(mondays.map((m, i) => week(m, i < 4 ? 9 : 10)))).toEqual({ direction: 'improving', lastFourWeeks: 100, previousFourWeeks: 90 });
  expect(trendOf(mondays.map((m, i) => week(m, i === 7 ? 9 : 10))).direction).toBe('steady');
});
