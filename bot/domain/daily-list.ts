/**
 * The unexplained list (the first-day calling guidance, step 3): for a school, a date and a session, the pupils marked absent with
 * no reason yet (`N`, or no mark at all once the register has closed) whose absence no report explains and
 * who have not since arrived. First-day calling works down this list.
 */
import type { AbsenceReport } from './absence-report';
import { reportCovers } from './absence-report';
import { ARRIVED_CODES, ATTENDANCE_CODES, countsAsAttending } from './attendance-codes';
import { fromLocal } from './clock';
import type { Pupil } from './pupil';
import { displayName, hasPriorityMarker } from './pupil';
import type { School } from './school';
import type { PupilYearMarks, Session } from './session-marks';
import { markAt } from './session-marks';

export interface DailyListInput {
  school: Pick<School, 'timeZone' | 'registerCloseTime' | 'afternoonRegisterCloseTime'>;
  /** YYYY-MM-DD, the school's local date. */
  date: string;
  session?: Session;
  /** Whether the register has closed is judged at this instant. */
  now: Date;
  pupils: Pupil[];
  /** The academic year's marks, by UPN; a pupil with no record has no marks yet. */
  marks: ReadonlyMap<string, PupilYearMarks>;
  /** Reports received; those that do not cover the session are ignored. */
  reports: AbsenceReport[];
}

export interface DailyListEntry {
  upn: string;
  name: string;
  /** Sort key for the surname, so the list reads in register order within a form. */
  surname: string;
  yearGroup: number;
  form: string;
  /** Social worker, looked after, CP plan or CIN: the card shows a marker and never says which. */
  priority: boolean;
  /** `N` on the register, or no mark once the register closed. */
  mark: 'N' | 'none';
}

export interface YearGroupCount {
  yearGroup: number;
  label: string;
  count: number;
}

export interface DailyList {
  date: string;
  session: Session;
  /** False before the register closes: pupils with no mark are not yet counted as absent. */
  registerClosed: boolean;
  entries: DailyListEntry[];
  byYearGroup: YearGroupCount[];
}

export function registerCloseInstant(school: DailyListInput['school'], date: string, session: Session): Date {
  const time = session === 'AM' ? school.registerCloseTime : school.afternoonRegisterCloseTime;
  return fromLocal(date, time, school.timeZone);
}

/** Is the pupil on roll on the date: admitted by then and not yet left (the leaving date is the last day on roll). */
export function onRoll(pupil: Pick<Pupil, 'admissionDate' | 'leavingDate'>, date: string): boolean {
  if (pupil.admissionDate && pupil.admissionDate > date) return false;
  if (pupil.leavingDate && pupil.leavingDate < date) return false;
  return true;
}

export function dailyList(input: DailyListInput): DailyList {
  const session = input.session ?? 'AM';
  const registerClosed = input.now.getTime() >= registerCloseInstant(input.school, input.date, session).getTime();
  const explained = new Set(input.reports.filter((r) => reportCovers(r, input.date, session)).map((r) => r.pupilUpn));

  const entries: DailyListEntry[] = [];
  for (const pupil of input.pupils) {
    if (!onRoll(pupil, input.date)) continue;
    const year = input.marks.get(pupil.upn);
    const mark = year ? markAt(year, input.date, session) : undefined;
    let listed: DailyListEntry['mark'];
    if (mark === 'N') listed = 'N';
    else if (mark === undefined && registerClosed) listed = 'none';
    else continue;
    if (explained.has(pupil.upn)) continue;
    // A morning absentee marked in later (the afternoon register) has arrived since.
    if (session === 'AM' && year) {
      const afternoon = markAt(year, input.date, 'PM');
      if (afternoon !== undefined && ARRIVED_CODES.has(afternoon)) continue;
    }
    entries.push({
      upn: pupil.upn,
      name: displayName(pupil),
      surname: pupil.preferredSurname || pupil.legalSurname,
      yearGroup: pupil.yearGroup,
      form: pupil.form,
      priority: hasPriorityMarker(pupil),
      mark: listed,
    });
  }
  entries.sort(
    (a, b) => a.yearGroup - b.yearGroup || a.form.localeCompare(b.form) || a.surname.localeCompare(b.surname) || a.name.localeCompare(b.name) || a.upn.localeCompare(b.upn),
  );
  return { date: input.date, session, registerClosed, entries, byYearGroup: countByYearGroup(entries) };
}

/** Was the pupil in (or on an approved activity) for the session: present, late, or an approved educational activity. */
export function attendedSession(year: PupilYearMarks | undefined, date: string, session: Session): boolean {
  const code = year ? markAt(year, date, session) : undefined;
  if (code === undefined || !ATTENDANCE_CODES.has(code)) return false;
  return ARRIVED_CODES.has(code) || countsAsAttending(code);
}

/**
 * The afternoon list: pupils who were in school this morning and are absent and unexplained this afternoon (N,
 * or no mark once the afternoon register has closed, with no report covering the afternoon). A pupil away all
 * day is on the morning list, not this one, so nobody is listed twice.
 */
export function afternoonList(input: Omit<DailyListInput, 'session'>): DailyList {
  const list = dailyList({ ...input, session: 'PM' });
  const entries = list.entries.filter((e) => attendedSession(input.marks.get(e.upn), input.date, 'AM'));
  return { ...list, entries, byYearGroup: countByYearGroup(entries) };
}

export function countByYearGroup(entries: Pick<DailyListEntry, 'yearGroup'>[]): YearGroupCount[] {
  const counts = new Map<number, number>();
  for (const e of entries) counts.set(e.yearGroup, (counts.get(e.yearGroup) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => a[0] - b[0]).map(([yearGroup, count]) => ({ yearGroup, label: yearGroupLabel(yearGroup), count }));
}

export function yearGroupLabel(yearGroup: number): string {
  if (yearGroup === 0) return 'Reception';
  if (yearGroup < 0) return 'Nursery';
  return `Year ${yearGroup}`;
}
