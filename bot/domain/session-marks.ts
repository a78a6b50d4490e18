/**
 * Session marks, packed so that storage grows with pupils, not with days: one record per pupil per
 * academic year (1 August to 31 July) holding every session as two characters ("/ ", "N ", "C1",
 * and "--" for no mark). Lates carry the minutes after the start of registration.
 */
import { isAttendanceCode } from './attendance-codes';

export type Session = 'AM' | 'PM';

export interface SessionMark {
  upn: string;
  /** YYYY-MM-DD, the school's local date. */
  date: string;
  session: Session;
  code: string;
  /** For L and U: minutes late, from the lates register. */
  minutesLate?: number;
}

export interface PupilYearMarks {
  upn: string;
  /** The calendar year in which the academic year starts, e.g. 2026 for 2026/27. */
  academicYear: number;
  /** Two characters per session from 1 August, AM then PM. */
  marks: string;
  /** Minutes late, keyed by session index. */
  lates: Record<number, number>;
}

const NO_MARK = '--';
const DAY_MS = 86_400_000;

export function academicYearOf(date: string): number {
  const [y, m] = date.split('-').map(Number);
  return m >= 8 ? y : y - 1;
}

/** Session index within the academic year: two per calendar day from 1 August. */
export function sessionIndex(date: string, session: Session): number {
  const start = Date.UTC(academicYearOf(date), 7, 1);
  const [y, m, d] = date.split('-').map(Number);
  const days = Math.round((Date.UTC(y, m - 1, d) - start) / DAY_MS);
  return days * 2 + (session === 'PM' ? 1 : 0);
}

export function dateOfSessionIndex(academicYear: number, index: number): { date: string; session: Session } {
  const ms = Date.UTC(academicYear, 7, 1) + Math.floor(index / 2) * DAY_MS;
  return { date: new Date(ms).toISOString().slice(0, 10), session: index % 2 === 0 ? 'AM' : 'PM' };
}

export function emptyYearMarks(upn: string, academicYear: number): PupilYearMarks {
  return { upn, academicYear, marks: '', lates: {} };
}

export function markAt(year: PupilYearMarks, date: string, session: Session): string | undefined {
  const i = sessionIndex(date, session) * 2;
  const cell = year.marks.slice(i, i + 2);
  if (cell.length < 2 || cell === NO_MARK) return undefined;
  return cell.trimEnd();
}

/** Returns a new record with the mark set (or corrected); the input is untouched. */
export function withMark(year: PupilYearMarks, mark: SessionMark): PupilYearMarks {
  if (!isAttendanceCode(mark.code)) throw new RangeError(`Unknown attendance code "${mark.code}"`);
  if (academicYearOf(mark.date) !== year.academicYear) {
    throw new RangeError(`${mark.date} is not in academic year ${year.academicYear}/${(year.academicYear + 1) % 100}`);
  }
  const idx = sessionIndex(mark.date, mark.session);
  const at = idx * 2;
  let marks = year.marks;
  if (marks.length < at) marks = marks + NO_MARK.repeat((at - marks.length) / 2);
  marks = marks.slice(0, at) + mark.code.padEnd(2, ' ') + marks.slice(at + 2);
  const lates = { ...year.lates };
  if (mark.minutesLate !== undefined) lates[idx] = mark.minutesLate;
  else delete lates[idx];
  return { ...year, marks, lates };
}

/** Every mark in the record, in date order. */
export function* marksOf(year: PupilYearMarks): Generator<SessionMark> {
  for (let at = 0; at < year.marks.length; at += 2) {
    const cell = year.marks.slice(at, at + 2);
    if (cell === NO_MARK) continue;
    const idx = at / 2;
    const { date, session } = dateOfSessionIndex(year.academicYear, idx);
    const mark: SessionMark = { upn: year.upn, date, session, code: cell.trimEnd() };
    if (year.lates[idx] !== undefined) mark.minutesLate = year.lates[idx];
    yield mark;
  }
}
