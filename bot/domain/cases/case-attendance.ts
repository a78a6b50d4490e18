/**
 * The attendance a case shows, computed from a pupil's packed marks: percentage this term and this year,
 * the weekly trend, the herringbone (weekday x AM/PM, with lates) and the days a sibling was absent too.
 * The stored per-pupil figures of the statistics work can replace `caseAttendanceFromMarks` wholesale:
 * the case view and list only read the `CaseAttendance` shape.
 */
import { ATTENDANCE_CODES } from '../attendance-codes';
import { weekdayOf } from '../clock';
import type { School, Term } from '../school';
import { marksOf, type PupilYearMarks, type Session } from '../session-marks';
import { BAND_MINIMUM_POSSIBLE_SESSIONS } from '../statistics/bands';
import { trendOf, type TrendDirection } from '../statistics/trend';

/** The persistent-absence line (DfE, 2024): a school's threshold is set above it. */
const PERSISTENT_ABSENCE_PERCENT = 90;

export type SessionKind = 'present' | 'late' | 'late-after-close' | 'activity' | 'authorised' | 'unauthorised' | 'not-counted';

export interface AttendanceFigures {
  possible: number;
  attended: number;
  /** One decimal place; undefined when there were no possible sessions. */
  percent?: number;
  authorisedAbsences: number;
  unauthorisedAbsences: number;
  /** L: late before the register closed (present). */
  lateBeforeClose: number;
  /** U: late after the register closed (an unauthorised absence). */
  lateAfterClose: number;
}

export interface HerringboneCell {
  date: string;
  session: Session;
  kind: SessionKind;
  code: string;
  minutesLate?: number;
}

export interface HerringboneWeek {
  /** The Monday of the week. */
  weekStart: string;
  /** Monday to Friday, AM then PM: ten cells, undefined where there was no mark (not a school day, or not yet taken). */
  cells: (HerringboneCell | undefined)[];
}

export interface HerringboneSlot {
  weekday: number;
  session: Session;
  possible: number;
  absences: number;
  lates: number;
}

export interface Herringbone {
  /** Week by week (only when asked for: the case view draws it, the list does not need it). */
  weeks: HerringboneWeek[];
  /** Monday AM, Monday PM ... Friday PM: where the absences and lates fall. */
  slots: HerringboneSlot[];
}

export type AttendanceBandFilter = 'below-threshold' | 'persistent' | 'severe';

export interface CaseAttendance {
  asOf: string;
  year: AttendanceFigures;
  term?: AttendanceFigures & { name: string };
  /** The school's threshold (its highest band), for "below threshold". */
  thresholdPercent: number;
  /** Every band the year's percentage is in: a severe absentee is also persistent and below the threshold. */
  bands: AttendanceBandFilter[];
  /** The statistics' trend (the last four school weeks against the four before), with each week's attendance. */
  trend: { direction: TrendDirection; weeks: { weekStart: string; percent: number }[] };
  herringbone: Herringbone;
}

export function sessionKind(code: string): SessionKind {
  if (code === 'L') return 'late';
  if (code === 'U') return 'late-after-close';
  switch (ATTENDANCE_CODES.get(code)?.meaning) {
    case 'present':
      return 'present';
    case 'approved-activity':
      return 'activity';
    case 'authorised':
      return 'authorised';
    case 'unauthorised':
      return 'unauthorised';
    default:
      return 'not-counted';
  }
}

function isAbsence(kind: SessionKind): boolean {
  return kind === 'authorised' || kind === 'unauthorised' || kind === 'late-after-close';
}

function emptyFigures(): AttendanceFigures {
  return { possible: 0, attended: 0, authorisedAbsences: 0, unauthorisedAbsences: 0, lateBeforeClose: 0, lateAfterClose: 0 };
}

function count(f: AttendanceFigures, kind: SessionKind): void {
  if (kind === 'not-counted') return;
  f.possible++;
  if (kind === 'present' || kind === 'activity' || kind === 'late') f.attended++;
  if (kind === 'late') f.lateBeforeClose++;
  if (kind === 'late-after-close') {
    f.lateAfterClose++;
    f.unauthorisedAbsences++;
  }
  if (kind === 'authorised') f.authorisedAbsences++;
  if (kind === 'unauthorised') f.unauthorisedAbsences++;
}

/** Rounded down to one decimal place, as the statistics do: never shown on the better side of a line it has crossed. */
function withPercent(f: AttendanceFigures): AttendanceFigures {
  return f.possible ? { ...f, percent: Math.floor((f.attended * 1000) / f.possible) / 10 } : f;
}

export function thresholdOf(school: Pick<School, 'bands'>): number {
  return school.bands.reduce((max, b) => Math.max(max, b.belowPercent), PERSISTENT_ABSENCE_PERCENT);
}

/**
 * The bands the year's figures are in, compared in whole sessions as the statistics do: persistent is 10%
 * or more of possible sessions missed, severe 50% or more; "below threshold" is at or below the school's
 * highest band, once the pupil has the statistics' minimum of possible sessions.
 */
export function bandsOf(f: Pick<AttendanceFigures, 'possible' | 'attended'>, thresholdPercent: number): AttendanceBandFilter[] {
  if (f.possible === 0) return [];
  const missed = f.possible - f.attended;
  const out: AttendanceBandFilter[] = [];
  if (f.possible >= BAND_MINIMUM_POSSIBLE_SESSIONS && f.attended * 100 <= thresholdPercent * f.possible) out.push('below-threshold');
  if (missed * 10 >= f.possible) out.push('persistent');
  if (missed * 2 >= f.possible) out.push('severe');
  return out;
}

function termOn(terms: Term[], date: string): Term | undefined {
  return terms.find((t) => t.start <= date && date <= t.end) ?? [...terms].filter((t) => t.end < date).sort((a, b) => b.end.localeCompare(a.end))[0];
}

/** The kind of the packed cell at a position, looked up by its two character codes (no string made). */
const kinds = new Map<number, SessionKind>();
function kindAt(packed: string, at: number): SessionKind {
  const key = packed.charCodeAt(at) * 65536 + packed.charCodeAt(at + 1);
  let kind = kinds.get(key);
  if (!kind) {
    kind = sessionKind(packed.slice(at, at + 2).trimEnd());
    kinds.set(key, kind);
  }
  return kind;
}

const DAY_MS = 86_400_000;

/** Days from 1 August of the academic year (the packed marks' day numbering). */
function dayNumber(academicYear: number, date: string): number {
  const [y, m, d] = date.split('-').map(Number);
  return Math.round((Date.UTC(y, m - 1, d) - Date.UTC(academicYear, 7, 1)) / DAY_MS);
}

function dateOfDay(academicYear: number, day: number): string {
  return new Date(Date.UTC(academicYear, 7, 1) + day * DAY_MS).toISOString().slice(0, 10);
}

/**
 * A case's attendance from the pupil's marks. The list needs only the figures, band and trend; the case
 * view also asks for the herringbone's week-by-week picture (`withWeeks`). The marks are walked by index
 * (no date objects per session), so a list of hundreds of cases stays quick.
 */
export function caseAttendanceFromMarks(input: { school: Pick<School, 'bands' | 'terms'>; marks: PupilYearMarks | undefined; today: string; withWeeks?: boolean }): CaseAttendance {
  const { school, marks, today } = input;
  const term = termOn(school.terms, today);
  const year = emptyFigures();
  const termFigures = emptyFigures();
  const weeks = new Map<number, HerringboneWeek>();
  const weekly = new Map<number, AttendanceFigures>();
  const slots: HerringboneSlot[] = [];
  for (let weekday = 1; weekday <= 5; weekday++) for (const session of ['AM', 'PM'] as const) slots.push({ weekday, session, possible: 0, absences: 0, lates: 0 });

  if (marks) {
    const ay = marks.academicYear;
    const lastDay = dayNumber(ay, today);
    const termFrom = term ? dayNumber(ay, term.start) : Infinity;
    const termTo = term ? dayNumber(ay, term.end) : -Infinity;
    const firstWeekday = weekdayOf(`${ay}-08-01`);
    const packed = marks.marks;
    for (let at = 0; at < packed.length; at += 2) {
      if (packed.charCodeAt(at) === 45 && packed.charCodeAt(at + 1) === 45) continue; // "--": no mark
      const index = at / 2;
      const day = index >> 1;
      if (day > lastDay) break;
      const weekday = ((firstWeekday - 1 + day) % 7) + 1;
      if (weekday > 5) continue;
      const kind = kindAt(packed, at);
      count(year, kind);
      if (day >= termFrom && day <= termTo) count(termFigures, kind);
      const monday = day - (weekday - 1);
      let week = weekly.get(monday);
      if (!week) {
        week = emptyFigures();
        weekly.set(monday, week);
      }
      count(week, kind);
      const slot = (weekday - 1) * 2 + (index & 1);
      if (kind !== 'not-counted') {
        slots[slot].possible++;
        if (isAbsence(kind)) slots[slot].absences++;
        if (kind === 'late' || kind === 'late-after-close') slots[slot].lates++;
      }
      if (input.withWeeks) {
        let row = weeks.get(monday);
        if (!row) {
          row = { weekStart: dateOfDay(ay, monday), cells: Array.from({ length: 10 }, () => undefined) };
          weeks.set(monday, row);
        }
        const cell: HerringboneCell = { date: dateOfDay(ay, day), session: index & 1 ? 'PM' : 'AM', kind, code: packed.slice(at, at + 2).trimEnd() };
        if (marks.lates[index] !== undefined) cell.minutesLate = marks.lates[index];
        row.cells[slot] = cell;
      }
    }
  }

  const thresholdPercent = thresholdOf(school);
  const yearFigures = withPercent(year);
  const ay = marks?.academicYear ?? 0;
  const schoolWeeks = [...weekly.entries()].filter(([, f]) => f.possible > 0);
  const trendWeeks = schoolWeeks.map(([monday, f]) => ({ weekStart: dateOfDay(ay, monday), percent: withPercent(f).percent! }));
  const trend = trendOf(schoolWeeks.map(([monday, f]) => ({ monday: dateOfDay(ay, monday), possible: f.possible, attended: f.attended })));
  return {
    asOf: today,
    year: yearFigures,
    term: term ? { name: term.name, ...withPercent(termFigures) } : undefined,
    thresholdPercent,
    bands: bandsOf(yearFigures, thresholdPercent),
    trend: { direction: trend.direction, weeks: trendWeeks },
    herringbone: { weeks: [...weeks.values()], slots },
  };
}

/** The school days on which both pupils missed at least one session: a pattern siblings share (seed 001). */
export function sharedAbsenceDays(a: PupilYearMarks | undefined, b: PupilYearMarks | undefined, today: string): string[] {
  if (!a || !b) return [];
  const absentDays = (marks: PupilYearMarks) => {
    const days = new Set<string>();
    for (const m of marksOf(marks)) {
      if (m.date > today) break;
      if (isAbsence(sessionKind(m.code))) days.add(m.date);
    }
    return days;
  };
  const theirs = absentDays(b);
  return [...absentDays(a)].filter((d) => theirs.has(d)).sort();
}
