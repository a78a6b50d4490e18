/**
 * The attendance a case shows, read off the pupil's figures from the attendance statistics (the one
 * place attendance is calculated): percentages for the year, the term and the last four school weeks,
 * the bands, the week-by-week trend, the weekday × AM/PM herringbone and the penalty-notice window.
 * The week-by-week herringbone is the pupil's marks laid out as a picture, each session classified by
 * the statistics' own categories; the days a sibling was absent too come from the statistics' families.
 */
import type { PupilOnRoll, PupilFigures, PeriodFigures } from '../statistics/pupil-figures';
import { attended } from '../statistics/pupil-figures';
import { bandFor, type PupilBand } from '../statistics/bands';
import { absentTogether } from '../statistics/families';
import type { SchoolCalendar } from '../statistics/school-calendar';
import { Category, categoryOfCode } from '../statistics/session-categories';
import type { TrendDirection } from '../statistics/trend';
import type { School } from '../school';
import { dateOfSessionIndex, type PupilYearMarks, type Session } from '../session-marks';

/** The persistent-absence line (DfE, 2024): a school's threshold is set above it. */
const PERSISTENT_ABSENCE_PERCENT = 90;

export type SessionKind = 'present' | 'late' | 'late-after-close' | 'activity' | 'authorised' | 'unauthorised' | 'not-counted';

export interface PeriodAttendance {
  possible: number;
  attended: number;
  /** Rounded down to one decimal place; undefined when there was no possible session. */
  percent?: number;
  authorised: number;
  /** G, N, O and U. */
  unauthorised: number;
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
  /** Week by week (only for the case view: the list does not draw it). */
  weeks: HerringboneWeek[];
  /** Monday AM, Monday PM ... Friday PM: where the absences and lates fall, this year. */
  slots: HerringboneSlot[];
}

export type AttendanceBandFilter = 'below-threshold' | 'persistent' | 'severe';

export interface CaseAttendance {
  /** The date the figures run to. */
  asOf: string;
  year: PeriodAttendance;
  term?: PeriodAttendance & { name: string };
  lastFourWeeks: PeriodAttendance;
  /** This year: L (before the register closed, present) and U (after it, unauthorised absence). */
  lates: { beforeClose: number; afterClose: number };
  /** The school's threshold (its highest band), for "below threshold". */
  thresholdPercent: number;
  /** Every line the year's attendance is past: a severe absentee is also persistent and below the threshold. */
  bands: AttendanceBandFilter[];
  /** The school's band the pupil is in, if any. */
  band?: PupilBand;
  /** Unauthorised sessions in the rolling ten school weeks; at ten the attendance lead considers a penalty notice. */
  unauthorisedTenWeeks: { from: string; sessions: number; thresholdReached: boolean };
  /** The statistics' trend (the last four school weeks against the four before), with each week's attendance. */
  trend: { direction: TrendDirection; weeks: { weekStart: string; percent: number }[] };
  herringbone: Herringbone;
}

const KIND: Record<number, SessionKind> = {
  [Category.Present]: 'present',
  [Category.LateBeforeClose]: 'late',
  [Category.LateAfterClose]: 'late-after-close',
  [Category.ApprovedActivity]: 'activity',
  [Category.Authorised]: 'authorised',
  [Category.Unauthorised]: 'unauthorised',
  [Category.NotCounted]: 'not-counted',
};

/** How a register code counts, in the statistics' categories. */
export function sessionKind(code: string): SessionKind {
  return KIND[categoryOfCode(code)] ?? 'not-counted';
}

export function thresholdOf(school: Pick<School, 'bands'>): number {
  return school.bands.reduce((max, b) => Math.max(max, b.belowPercent), PERSISTENT_ABSENCE_PERCENT);
}

/** Rounded down, as the statistics' crossings are: never shown on the better side of a line it has crossed. */
function floorPercent(attendedSessions: number, possible: number): number | undefined {
  return possible ? Math.floor((attendedSessions * 1000) / possible) / 10 : undefined;
}

function period(p: PeriodFigures): PeriodAttendance {
  const a = attended(p);
  const out: PeriodAttendance = { possible: p.possible, attended: a, authorised: p.authorised, unauthorised: p.unauthorised };
  const percent = floorPercent(a, p.possible);
  if (percent !== undefined) out.percent = percent;
  return out;
}

/**
 * A case's attendance from the pupil's stored figures. The list needs only the figures, bands and trend;
 * the case view also passes the pupil's marks for the week-by-week herringbone (to the figures' date).
 */
export function caseAttendance(input: { school: Pick<School, 'bands'>; figures: PupilFigures; marks?: PupilYearMarks }): CaseAttendance {
  const { figures: f } = input;
  const thresholdPercent = thresholdOf(input.school);
  const year = period(f.yearToDate);
  const bands: AttendanceBandFilter[] = [];
  if (bandFor([{ belowPercent: thresholdPercent, label: 'threshold' }], year.attended, year.possible)) bands.push('below-threshold');
  if (f.persistent) bands.push('persistent');
  if (f.severe) bands.push('severe');
  const out: CaseAttendance = {
    asOf: f.asOf,
    year,
    lastFourWeeks: period(f.rollingFourWeeks),
    lates: { beforeClose: f.lates.beforeClose.sessions, afterClose: f.lates.afterClose.sessions },
    thresholdPercent,
    bands,
    unauthorisedTenWeeks: { from: f.unauthorisedTenWeeks.from, sessions: f.unauthorisedTenWeeks.sessions, thresholdReached: f.unauthorisedTenWeeks.thresholdReached },
    trend: {
      direction: f.trend.direction,
      weeks: f.weeks.filter((w) => w.possible > 0).map((w) => ({ weekStart: w.monday, percent: floorPercent(w.attended, w.possible)! })),
    },
    herringbone: {
      weeks: input.marks ? herringboneWeeks(input.marks, f.asOf) : [],
      slots: f.herringbone.flatMap((d) =>
        (['am', 'pm'] as const).map((half) => ({ weekday: d.weekday, session: half === 'am' ? ('AM' as const) : ('PM' as const), possible: d[half].possible, absences: d[half].absent, lates: d[half].late })),
      ),
    },
  };
  if (f.term) out.term = { name: f.term.name, ...period(f.term) };
  if (f.band) out.band = f.band;
  return out;
}

/** The pupil's marks to a date, one row per week with a mark on a weekday, Monday AM to Friday PM. */
export function herringboneWeeks(marks: PupilYearMarks, to: string): HerringboneWeek[] {
  const weeks = new Map<string, HerringboneWeek>();
  const packed = marks.marks;
  for (let at = 0; at < packed.length; at += 2) {
    if (packed.charCodeAt(at) === 45 && packed.charCodeAt(at + 1) === 45) continue; // "--": no mark
    const index = at / 2;
    const { date, session } = dateOfSessionIndex(marks.academicYear, index);
    if (date > to) break;
    const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
    if (weekday === 0 || weekday === 6) continue;
    const weekStart = dateOfSessionIndex(marks.academicYear, index - (weekday - 1) * 2).date;
    let row = weeks.get(weekStart);
    if (!row) weeks.set(weekStart, (row = { weekStart, cells: Array.from({ length: 10 }, () => undefined) }));
    const code = packed.slice(at, at + 2).trimEnd();
    const cell: HerringboneCell = { date, session, kind: sessionKind(code), code };
    if (marks.lates[index] !== undefined) cell.minutesLate = marks.lates[index];
    row.cells[(weekday - 1) * 2 + (index & 1)] = cell;
  }
  return [...weeks.values()];
}

/** The school days on which both pupils missed at least one session, to a date: a pattern siblings share (the attendance escalation checklist). */
export function sharedAbsenceDays(input: {
  calendar: SchoolCalendar;
  urn: string;
  pupil: PupilOnRoll;
  marks: PupilYearMarks | undefined;
  sibling: PupilOnRoll;
  siblingMarks: PupilYearMarks | undefined;
  to: string;
}): string[] {
  const { urn, pupil, sibling } = input;
  const key = (upn: string) => `${urn}|${upn}`;
  const marks = new Map<string, PupilYearMarks>();
  if (input.marks) marks.set(key(pupil.upn), input.marks);
  if (input.siblingMarks) marks.set(key(sibling.upn), input.siblingMarks);
  const family = { members: [pupil, sibling].map((p) => ({ urn, upn: p.upn, yearGroup: p.yearGroup })), sharedContactIds: [], linked: false };
  const pupils = new Map([pupil, sibling].map((p) => [key(p.upn), p]));
  return absentTogether(family, { pupils, marks, calendar: input.calendar, to: input.to }).map((d) => d.date);
}
