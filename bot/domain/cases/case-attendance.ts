/**
 * The attendance a case shows, computed from a pupil's packed marks: percentage this term and this year,
 * the weekly trend, the herringbone (weekday x AM/PM, with lates) and the days a sibling was absent too.
 * The stored per-pupil figures of the statistics work can replace `caseAttendanceFromMarks` wholesale:
 * the case view and list only read the `CaseAttendance` shape.
 */
import { ATTENDANCE_CODES } from '../attendance-codes';
import { addDays, weekdayOf } from '../clock';
import type { School, Term } from '../school';
import { marksOf, type PupilYearMarks, type Session } from '../session-marks';

/** National lines (DfE, 2024): persistent absence is 10% or more of possible sessions missed; severe is 50% or more. */
export const PERSISTENT_ABSENCE_PERCENT = 90;
export const SEVERE_ABSENCE_PERCENT = 50;

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
  trend: { direction: 'improving' | 'declining' | 'steady' | 'not-enough-data'; weeks: { weekStart: string; percent: number }[] };
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

function withPercent(f: AttendanceFigures): AttendanceFigures {
  return f.possible ? { ...f, percent: Math.round((f.attended / f.possible) * 1000) / 10 } : f;
}

export function thresholdOf(school: Pick<School, 'bands'>): number {
  return school.bands.reduce((max, b) => Math.max(max, b.belowPercent), PERSISTENT_ABSENCE_PERCENT);
}

/** Bands are "at or below" lines (school.ts): a pupil at exactly 90% is a persistent absentee. */
export function bandsOf(percent: number | undefined, thresholdPercent: number): AttendanceBandFilter[] {
  if (percent === undefined) return [];
  const out: AttendanceBandFilter[] = [];
  if (percent <= thresholdPercent) out.push('below-threshold');
  if (percent <= PERSISTENT_ABSENCE_PERCENT) out.push('persistent');
  if (percent <= SEVERE_ABSENCE_PERCENT) out.push('severe');
  return out;
}

function mondayOf(date: string): string {
  return addDays(date, 1 - weekdayOf(date));
}

function termOn(terms: Term[], date: string): Term | undefined {
  return terms.find((t) => t.start <= date && date <= t.end) ?? [...terms].filter((t) => t.end < date).sort((a, b) => b.end.localeCompare(a.end))[0];
}

/** Weeks needed on each side before the trend says anything. */
const TREND_WEEKS = 4;
/** A change of more than this many percentage points between the two spans is a trend. */
const TREND_POINTS = 2;

export function caseAttendanceFromMarks(input: { school: Pick<School, 'bands' | 'terms'>; marks: PupilYearMarks | undefined; today: string }): CaseAttendance {
  const { school, marks, today } = input;
  const term = termOn(school.terms, today);
  const year = emptyFigures();
  const termFigures = emptyFigures();
  const weeks = new Map<string, HerringboneWeek>();
  const weekly = new Map<string, AttendanceFigures>();
  const slots: HerringboneSlot[] = [];
  for (let weekday = 1; weekday <= 5; weekday++) for (const session of ['AM', 'PM'] as const) slots.push({ weekday, session, possible: 0, absences: 0, lates: 0 });

  for (const mark of marks ? marksOf(marks) : []) {
    if (mark.date > today) break;
    const weekday = weekdayOf(mark.date);
    if (weekday > 5) continue;
    const kind = sessionKind(mark.code);
    count(year, kind);
    if (term && term.start <= mark.date && mark.date <= term.end) count(termFigures, kind);
    const weekStart = mondayOf(mark.date);
    let week = weeks.get(weekStart);
    if (!week) {
      week = { weekStart, cells: Array.from({ length: 10 }, () => undefined) };
      weeks.set(weekStart, week);
      weekly.set(weekStart, emptyFigures());
    }
    const at = (weekday - 1) * 2 + (mark.session === 'PM' ? 1 : 0);
    const cell: HerringboneCell = { date: mark.date, session: mark.session, kind, code: mark.code };
    if (mark.minutesLate !== undefined) cell.minutesLate = mark.minutesLate;
    week.cells[at] = cell;
    count(weekly.get(weekStart)!, kind);
    if (kind !== 'not-counted') {
      slots[at].possible++;
      if (isAbsence(kind)) slots[at].absences++;
      if (kind === 'late' || kind === 'late-after-close') slots[at].lates++;
    }
  }

  const thresholdPercent = thresholdOf(school);
  const yearFigures = withPercent(year);
  const trendWeeks = [...weekly.entries()]
    .filter(([, f]) => f.possible > 0)
    .map(([weekStart, f]) => ({ weekStart, percent: withPercent(f).percent! }));
  return {
    asOf: today,
    year: yearFigures,
    term: term ? { name: term.name, ...withPercent(termFigures) } : undefined,
    thresholdPercent,
    bands: bandsOf(yearFigures.percent, thresholdPercent),
    trend: { direction: trendOf(trendWeeks.map((w) => w.percent)), weeks: trendWeeks },
    herringbone: { weeks: [...weeks.values()], slots },
  };
}

function trendOf(percents: number[]): CaseAttendance['trend']['direction'] {
  if (percents.length < TREND_WEEKS * 2) return 'not-enough-data';
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const recent = mean(percents.slice(-TREND_WEEKS));
  const before = mean(percents.slice(-TREND_WEEKS * 2, -TREND_WEEKS));
  if (recent - before > TREND_POINTS) return 'improving';
  if (before - recent > TREND_POINTS) return 'declining';
  return 'steady';
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
