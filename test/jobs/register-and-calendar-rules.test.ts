/** The pure rules behind waiting for the register, the afternoon list and the calendar notices. */
import type { AbsenceReport } from '../../bot/domain/absence-report';
import { afternoonList } from '../../bot/domain/daily-list';
import type { Pupil } from '../../bot/domain/pupil';
import { lastMarksText, latestMarked, registerArrival, registerNotArrivedText } from '../../bot/domain/register-arrival';
import { calendarNoticeKey, calendarNotices, calendarNoticeText } from '../../bot/domain/school-calendar';
import type { Term } from '../../bot/domain/school';
import { emptyYearMarks, withMark, type PupilYearMarks, type Session } from '../../bot/domain/session-marks';

const DATE = '2026-03-02'; // a Monday
const school = { timeZone: 'Europe/London', registerCloseTime: '09:10', afternoonRegisterCloseTime: '13:40' };

function pupil(upn: string, over: Partial<Pupil> = {}): Pupil {
  return { upn, legalForename: `F${upn}`, legalSurname: `S${upn}`, yearGroup: 7, form: '7A', sen: 'none', childProtectionPlan: false, childInNeed: false, lookedAfter: false, youngCarer: false, eal: false, ...over };
}

function marks(entries: [string, string, Session, string][]): Map<string, PupilYearMarks> {
  const out = new Map<string, PupilYearMarks>();
  for (const [upn, date, session, code] of entries) out.set(upn, withMark(out.get(upn) ?? emptyYearMarks(upn, 2025), { upn, date, session, code }));
  return out;
}

describe('has the register arrived', () => {
  const pupils = ['P1', 'P2', 'P3', 'P4'].map((u) => pupil(u));

  test('no marks for the day: not arrived, and the last marks are the latest session anyone has', () => {
    const m = marks([['P1', '2026-02-27', 'AM', '/'], ['P2', '2026-02-27', 'PM', 'N'], ['P3', '2026-02-26', 'PM', '/']]);
    const arrival = registerArrival({ date: DATE, session: 'AM', pupils, marks: m });
    expect(arrival).toMatchObject({ arrived: false, onRoll: 4, marked: 0, latest: { date: '2026-02-27', session: 'PM' } });
    expect(lastMarksText(arrival.latest)).toBe('Friday 27 February, afternoon register');
  });

  test('fewer than half the roll marked is not arrived; half or more is, whatever the codes', () => {
    const one = marks([['P1', DATE, 'AM', 'N']]);
    expect(registerArrival({ date: DATE, session: 'AM', pupils, marks: one }).arrived).toBe(false);
    const two = marks([['P1', DATE, 'AM', 'N'], ['P2', DATE, 'AM', 'I']]);
    expect(registerArrival({ date: DATE, session: 'AM', pupils, marks: two })).toMatchObject({ arrived: true, marked: 2 });
    // The morning's marks say nothing about the afternoon's register.
    expect(registerArrival({ date: DATE, session: 'PM', pupils, marks: two }).arrived).toBe(false);
  });

  test('pupils not on roll that day do not count either way; nobody on roll is not arrived', () => {
    const left = [...pupils, pupil('P5', { leavingDate: '2026-02-01' }), pupil('P6', { admissionDate: '2026-04-01' })];
    const two = marks([['P1', DATE, 'AM', '/'], ['P2', DATE, 'AM', '/']]);
    expect(registerArrival({ date: DATE, session: 'AM', pupils: left, marks: two })).toMatchObject({ arrived: true, onRoll: 4 });
    expect(registerArrival({ date: DATE, session: 'AM', pupils: [], marks: new Map() })).toMatchObject({ arrived: false, onRoll: 0, latest: undefined });
  });

  test('no marks at all this year reads "none this year"', () => {
    expect(latestMarked([emptyYearMarks('P1', 2025)])).toBeUndefined();
    expect(lastMarksText(undefined)).toBe('none this year');
  });

  test('what the officer is told, morning and afternoon, posting straight out or checking first', () => {
    const latest = { date: '2026-02-27', session: 'PM' as const };
    expect(registerNotArrivedText({ session: 'AM', latest }, false)).toBe(
      "Today's register has not reached Firstday yet (last marks: Friday 27 February, afternoon register). Firstday will check again and post the list when it arrives.",
    );
    expect(registerNotArrivedText({ session: 'AM', latest: undefined }, true)).toBe(
      "Today's register has not reached Firstday yet (last marks: none this year). Firstday will check again and send you the list to check when it arrives.",
    );
    expect(registerNotArrivedText({ session: 'PM', latest: { date: DATE, session: 'AM' } }, true)).toBe(
      "This afternoon's register has not reached Firstday yet (last marks: Monday 2 March, morning register). Firstday will check again and post the afternoon's list in today's thread when it arrives.",
    );
  });
});

describe('the afternoon list', () => {
  const AFTER_PM_CLOSE = new Date('2026-03-02T13:45:00Z');
  const report = (upn: string, fromSession: Session): AbsenceReport => ({
    id: `r-${upn}`,
    pupilUpn: upn,
    reportedBy: 'Dad',
    receivedAt: '2026-03-02T12:30:00Z',
    method: 'phone',
    fromDate: DATE,
    fromSession,
    toDate: DATE,
    toSession: 'PM',
    reason: 'Dentist',
  });

  test('in this morning and N or no mark this afternoon, unexplained: listed; away all day or back this afternoon: not', () => {
    const pupils = ['IN-N', 'IN-NONE', 'LATE-N', 'TRIP-N', 'AWAY', 'AWAY-NONE', 'IN-IN', 'IN-EXPLAINED', 'IN-AUTHORISED'].map((u) => pupil(u));
    const m = marks([
      ['IN-N', DATE, 'AM', '/'], ['IN-N', DATE, 'PM', 'N'],
      ['IN-NONE', DATE, 'AM', '/'],
      ['LATE-N', DATE, 'AM', 'L'], ['LATE-N', DATE, 'PM', 'N'],
      ['TRIP-N', DATE, 'AM', 'V'], ['TRIP-N', DATE, 'PM', 'N'],
      ['AWAY', DATE, 'AM', 'N'], ['AWAY', DATE, 'PM', 'N'],
      ['IN-IN', DATE, 'AM', '/'], ['IN-IN', DATE, 'PM', '\\'],
      ['IN-EXPLAINED', DATE, 'AM', '/'], ['IN-EXPLAINED', DATE, 'PM', 'N'],
      ['IN-AUTHORISED', DATE, 'AM', '/'], ['IN-AUTHORISED', DATE, 'PM', 'M'],
    ]);
    const list = afternoonList({ school, date: DATE, now: AFTER_PM_CLOSE, pupils, marks: m, reports: [report('IN-EXPLAINED', 'PM')] });
    expect(list.session).toBe('PM');
    expect(list.entries.map((e) => [e.upn, e.mark])).toEqual([
      ['IN-N', 'N'],
      ['IN-NONE', 'none'],
      ['LATE-N', 'N'],
      ['TRIP-N', 'N'],
    ]);
    expect(list.byYearGroup).toEqual([{ yearGroup: 7, label: 'Year 7', count: 4 }]);
  });

  test('a report for the morning only does not explain the afternoon', () => {
    const m = marks([['A', DATE, 'AM', '/'], ['A', DATE, 'PM', 'N']]);
    const morningOnly: AbsenceReport = { ...report('A', 'AM'), toSession: 'AM' };
    expect(afternoonList({ school, date: DATE, now: AFTER_PM_CLOSE, pupils: [pupil('A')], marks: m, reports: [morningOnly] }).entries).toHaveLength(1);
  });

  test('before the afternoon register closes a missing afternoon mark is not yet an absence', () => {
    const m = marks([['A', DATE, 'AM', '/']]);
    expect(afternoonList({ school, date: DATE, now: new Date('2026-03-02T13:30:00Z'), pupils: [pupil('A')], marks: m, reports: [] }).entries).toEqual([]);
  });
});

describe('calendar notices', () => {
  const terms: Term[] = [
    { name: 'Autumn', start: '2025-09-03', end: '2025-12-19' },
    { name: 'Spring', start: '2026-01-05', end: '2026-03-27' },
    { name: 'Summer', start: '2026-04-20', end: '2026-07-22' },
  ];

  test('a calendar in order says nothing, in term and in the holidays between terms', () => {
    expect(calendarNotices({ terms }, '2026-03-02')).toEqual([]);
    expect(calendarNotices({ terms }, '2026-04-08')).toEqual([]);
    expect(calendarNotices({ terms }, '2025-08-20')).toEqual([]);
  });

  test('the last known term ending within four weeks is said, with the day', () => {
    expect(calendarNotices({ terms }, '2026-06-23')).toEqual([]);
    expect(calendarNotices({ terms }, '2026-06-24')).toEqual([{ kind: 'last-term-ends-soon', lastDay: '2026-07-22', termName: 'Summer', daysLeft: 28 }]);
    expect(calendarNotices({ terms }, '2026-07-22')).toEqual([{ kind: 'last-term-ends-soon', lastDay: '2026-07-22', termName: 'Summer', daysLeft: 0 }]);
    const [notice] = calendarNotices({ terms }, '2026-07-01');
    expect(calendarNoticeText(notice, 'Oakfield Park Academy')).toBe(
      "The last term Firstday knows for Oakfield Park Academy (Summer) ends on Wednesday 22 July. Import next year's calendar before then: without it, no list is made after that day.",
    );
  });

  test('after the last known term: no term today, and why nothing ran', () => {
    const [notice] = calendarNotices({ terms }, '2026-09-07');
    expect(notice).toEqual({ kind: 'no-term-today', date: '2026-09-07', lastDay: '2026-07-22' });
    expect(calendarNoticeText(notice, 'Oakfield Park Academy')).toBe(
      "No list was made today: Firstday has no term covering Monday 7 September. The last term it knows for Oakfield Park Academy ended on Wednesday 22 July. Import this year's calendar.",
    );
  });

  test('no calendar at all', () => {
    const [notice] = calendarNotices({ terms: [] }, '2026-01-05');
    expect(notice).toEqual({ kind: 'no-terms' });
    expect(calendarNoticeText(notice, 'Oakfield')).toMatch(/^No list was made today: Firstday has no term dates for Oakfield/);
  });

  test('a term end is said once; a missing calendar at most once a week', () => {
    const soon = calendarNotices({ terms }, '2026-07-01')[0];
    expect(calendarNoticeKey(soon, '2026-07-01')).toBe(calendarNoticeKey(calendarNotices({ terms }, '2026-07-08')[0], '2026-07-08'));
    const gap = (d: string) => calendarNoticeKey(calendarNotices({ terms }, d)[0], d);
    expect(gap('2026-09-07')).toBe(gap('2026-09-11'));
    expect(gap('2026-09-07')).not.toBe(gap('2026-09-14'));
  });
});
