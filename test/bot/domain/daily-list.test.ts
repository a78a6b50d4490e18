import type { AbsenceReport } from '../../../bot/domain/absence-report';
import { dailyList, onRoll } from '../../../bot/domain/daily-list';
import type { Pupil } from '../../../bot/domain/pupil';
import { emptyYearMarks, withMark, type PupilYearMarks, type Session } from '../../../bot/domain/session-marks';

const school = { timeZone: 'Europe/London', registerCloseTime: '09:10', afternoonRegisterCloseTime: '13:40' };
const DATE = '2026-03-02';
const AFTER_CLOSE = new Date('2026-03-02T09:30:00Z'); // 09:30 GMT
const BEFORE_CLOSE = new Date('2026-03-02T09:05:00Z');

function pupil(upn: string, over: Partial<Pupil> = {}): Pupil {
  return {
    upn,
    legalForename: `F${upn.slice(-3)}`,
    legalSurname: `S${upn.slice(-3)}`,
    yearGroup: 7,
    form: '7A',
    sen: 'none',
    childProtectionPlan: false,
    childInNeed: false,
    lookedAfter: false,
    youngCarer: false,
    eal: false,
    ...over,
  };
}

function marks(entries: [string, Session, string][]): Map<string, PupilYearMarks> {
  const out = new Map<string, PupilYearMarks>();
  for (const [upn, session, code] of entries) {
    out.set(upn, withMark(out.get(upn) ?? emptyYearMarks(upn, 2025), { upn, date: DATE, session, code }));
  }
  return out;
}

function report(upn: string, over: Partial<AbsenceReport> = {}): AbsenceReport {
  return { id: `r-${upn}`, pupilUpn: upn, reportedBy: 'Mum', receivedAt: '2026-03-02T07:50:00Z', method: 'phone', fromDate: DATE, fromSession: 'AM', toDate: DATE, toSession: 'PM', reason: 'Sick', ...over };
}

test('N, and no mark once the register has closed, are on the list; present, late and authorised are not', () => {
  const pupils = ['A001', 'A002', 'A003', 'A004', 'A005', 'A006'].map((u) => pupil(u));
  const list = dailyList({
    school,
    date: DATE,
    now: AFTER_CLOSE,
    pupils,
    marks: marks([['A001', 'AM', 'N'], ['A003', 'AM', '/'], ['A004', 'AM', 'L'], ['A005', 'AM', 'U'], ['A006', 'AM', 'I']]),
    reports: [],
  });
  expect(list.registerClosed).toBe(true);
  expect(list.entries.map((e) => [e.upn, e.mark])).toEqual([['A001', 'N'], ['A002', 'none']]);
});

test('before the register closes a missing mark is not yet an absence, but N is', () => {
  const list = dailyList({ school, date: DATE, now: BEFORE_CLOSE, pupils: [pupil('A001'), pupil('A002')], marks: marks([['A001', 'AM', 'N']]), reports: [] });
  expect(list.registerClosed).toBe(false);
  expect(list.entries.map((e) => e.upn)).toEqual(['A001']);
});

test('a report that covers the session explains the absence; one for another day or only the afternoon does not', () => {
  const pupils = ['A001', 'A002', 'A003', 'A004'].map((u) => pupil(u));
  const list = dailyList({
    school,
    date: DATE,
    now: AFTER_CLOSE,
    pupils,
    marks: marks([['A001', 'AM', 'N'], ['A002', 'AM', 'N'], ['A003', 'AM', 'N'], ['A004', 'AM', 'N']]),
    reports: [
      report('A001'),
      report('A002', { fromDate: '2026-02-27', toDate: '2026-02-27' }),
      report('A003', { fromSession: 'PM' }),
      report('A004', { fromDate: '2026-02-26', toDate: '2026-03-04' }),
    ],
  });
  expect(list.entries.map((e) => e.upn)).toEqual(['A002', 'A003']);
});

test('a pupil who has since arrived (marked in the afternoon) drops off the morning list', () => {
  const list = dailyList({
    school,
    date: DATE,
    now: new Date('2026-03-02T14:00:00Z'),
    pupils: [pupil('A001'), pupil('A002')],
    marks: marks([['A001', 'AM', 'N'], ['A001', 'PM', '\\'], ['A002', 'AM', 'N'], ['A002', 'PM', 'N']]),
    reports: [],
  });
  expect(list.entries.map((e) => e.upn)).toEqual(['A002']);
});

test('the afternoon list uses the afternoon register and its close time', () => {
  const pupils = [pupil('A001'), pupil('A002')];
  const m = marks([['A001', 'AM', '/'], ['A001', 'PM', 'N'], ['A002', 'AM', '/']]);
  expect(dailyList({ school, date: DATE, session: 'PM', now: new Date('2026-03-02T13:30:00Z'), pupils, marks: m, reports: [] }).entries.map((e) => e.upn)).toEqual(['A001']);
  expect(dailyList({ school, date: DATE, session: 'PM', now: new Date('2026-03-02T13:45:00Z'), pupils, marks: m, reports: [] }).entries.map((e) => e.upn)).toEqual(['A001', 'A002']);
});

test('pupils not on roll that day are left out; the rest sort by year, form and surname, with counts by year', () => {
  const pupils = [
    pupil('A001', { yearGroup: 9, form: '9B', legalSurname: 'Zed' }),
    pupil('A002', { yearGroup: 7, form: '7B', legalSurname: 'Young' }),
    pupil('A003', { yearGroup: 9, form: '9B', legalSurname: 'Adams', preferredForename: 'Jo' }),
    pupil('A004', { yearGroup: 7, form: '7A', legalSurname: 'Xu' }),
    pupil('A005', { admissionDate: '2026-03-03' }),
    pupil('A006', { leavingDate: '2026-02-27' }),
    pupil('A007', { yearGroup: 0, form: 'RB', lookedAfter: true }),
  ];
  const list = dailyList({ school, date: DATE, now: AFTER_CLOSE, pupils, marks: new Map(), reports: [] });
  expect(list.entries.map((e) => e.upn)).toEqual(['A007', 'A004', 'A002', 'A003', 'A001']);
  expect(list.entries[3].name).toBe('Jo Adams');
  expect(list.entries[0].priority).toBe(true);
  expect(list.entries.filter((e) => e.priority)).toHaveLength(1);
  expect(list.byYearGroup).toEqual([
    { yearGroup: 0, label: 'Reception', count: 1 },
    { yearGroup: 7, label: 'Year 7', count: 2 },
    { yearGroup: 9, label: 'Year 9', count: 2 },
  ]);
  expect(onRoll({ leavingDate: DATE }, DATE)).toBe(true);
});

test('a social worker, CP plan or CIN also give the priority marker', () => {
  const pupils = [pupil('A001', { childProtectionPlan: true }), pupil('A002', { childInNeed: true }), pupil('A003', { socialWorker: { name: 'K', role: 'Social worker' } }), pupil('A004')];
  const list = dailyList({ school, date: DATE, now: AFTER_CLOSE, pupils, marks: new Map(), reports: [] });
  expect(list.entries.map((e) => e.priority)).toEqual([true, true, true, false]);
});
