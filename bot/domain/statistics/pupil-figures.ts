/**
 * A pupil's attendance figures under the DfE rules, computed in one pass over the packed marks:
 * possible sessions and sessions missed for the year to date, the term and the rolling four school
 * weeks; persistent and severe absence; lates either side of the register closing; the weekday ×
 * AM/PM herringbone; week-by-week attendance and its trend; unauthorised sessions in the rolling
 * ten school weeks against the penalty-notice threshold; and the pupil's band.
 */
import type { Pupil } from '../pupil';
import type { AttendanceBand } from '../school';
import { isValidDate } from '../clock';
import type { PupilYearMarks } from '../session-marks';
import { BAND_MINIMUM_POSSIBLE_SESSIONS, bandFor, orderedBands, type PupilBand } from './bands';
import type { SchoolCalendar } from './school-calendar';
import { CATEGORY_COUNT, CATEGORY_TABLE, CODE_ID_TABLE, CODES, Category } from './session-categories';
import { trendOf, type Trend, type WeekFigures } from './trend';

export interface SessionCounts {
  /** Sessions the pupil could have attended: on roll, marked with a code other than a not-counted one. */
  possible: number;
  /** Present, including L (late before the register closed). */
  present: number;
  /** Approved educational activity: counts as attending. */
  approvedActivity: number;
  authorised: number;
  /** G, N, O and U. */
  unauthorised: number;
}

export interface PeriodFigures extends SessionCounts {
  /** First and last date of the period, inclusive. */
  from: string;
  to: string;
  /** Attended ÷ possible × 100; absent when there is no possible session. */
  percent?: number;
}

export interface LateCount {
  sessions: number;
  /** Total of the minutes recorded, and how many of the sessions had minutes recorded. */
  minutes: number;
  timed: number;
}

export interface LateFigures {
  /** L: arrived after registration started, before the register closed (present). */
  beforeClose: LateCount;
  /** U: arrived after the register closed (unauthorised absence). */
  afterClose: LateCount;
}

export interface HerringboneCell {
  possible: number;
  /** Authorised or unauthorised absence (U included). */
  absent: number;
  /** L or U. */
  late: number;
}

export interface HerringboneDay {
  /** 1 = Monday ... 5 = Friday. */
  weekday: number;
  am: HerringboneCell;
  pm: HerringboneCell;
}

export interface UnauthorisedWindow {
  /** The rolling ten school weeks: from the Monday of the first to the as-of date. */
  from: string;
  to: string;
  /** Sessions of G, N, O or U in the window. */
  sessions: number;
  /** The national penalty-notice threshold (10 sessions) is reached: the attendance lead must consider it. */
  thresholdReached: boolean;
}

export interface PupilFigures {
  upn: string;
  yearGroup: number;
  academicYear: number;
  /** The date the figures run to, inclusive. */
  asOf: string;
  yearToDate: PeriodFigures;
  /** The term the as-of date is in (or the last one, in a holiday); absent before the first term. */
  term?: PeriodFigures & { name: string };
  rollingFourWeeks: PeriodFigures;
  /** Year to date: missed 10% or more of possible sessions. */
  persistent: boolean;
  /** Year to date: missed 50% or more. */
  severe: boolean;
  lates: LateFigures;
  /** Year to date, every code recorded while on roll (not-counted codes included), by code. */
  codes: Record<string, number>;
  /** Year to date, Monday to Friday. */
  herringbone: HerringboneDay[];
  /** The school weeks so far (and any other week with a possible session), oldest first. */
  weeks: WeekFigures[];
  trend: Trend;
  unauthorisedTenWeeks: UnauthorisedWindow;
  band?: PupilBand;
}

export const PENALTY_NOTICE_SESSIONS = 10;
export const PENALTY_NOTICE_SCHOOL_WEEKS = 10;
const ROLLING_SCHOOL_WEEKS = 4;

export function attended(c: SessionCounts): number {
  return c.present + c.approvedActivity;
}

export function missed(c: SessionCounts): number {
  return c.authorised + c.unauthorised;
}

export function attendancePercent(c: SessionCounts): number | undefined {
  return c.possible === 0 ? undefined : (attended(c) * 100) / c.possible;
}

/** Persistent absence: 10% or more of possible sessions missed (integers, so exactly 10% counts). */
export function isPersistentAbsence(c: SessionCounts): boolean {
  return c.possible > 0 && missed(c) * 10 >= c.possible;
}

/** Severe absence: 50% or more of possible sessions missed. */
export function isSevereAbsence(c: SessionCounts): boolean {
  return c.possible > 0 && missed(c) * 2 >= c.possible;
}

export type PupilOnRoll = Pick<Pupil, 'upn' | 'yearGroup' | 'admissionDate' | 'leavingDate'>;

export interface PupilFiguresOptions {
  calendar: SchoolCalendar;
  /** The last date counted, inclusive (YYYY-MM-DD, in the calendar's academic year). */
  asOf: string;
  /** The school's bands, in any order. */
  bands: readonly AttendanceBand[];
  bandMinimumSessions?: number;
}

// Imported bindings are read through getters once compiled to CommonJS: the hot loop uses local copies.
const CATEGORIES = CATEGORY_TABLE;
const CODE_IDS = CODE_ID_TABLE;
const NONE = Category.None;
const NOT_COUNTED = Category.NotCounted;
const LATE_BEFORE_CLOSE = Category.LateBeforeClose;
const APPROVED_ACTIVITY = Category.ApprovedActivity;
const LATE_AFTER_CLOSE = Category.LateAfterClose;
const UNKNOWN = Category.Unknown;

// Counter blocks, one per period, each CATEGORY_COUNT wide.
const YTD = 0;
const TERM = CATEGORY_COUNT;
const ROLLING = 2 * CATEGORY_COUNT;
const PENALTY = 3 * CATEGORY_COUNT;

/**
 * Computes figures for the pupils of one school at one date. Build one per school and date and call
 * compute for each pupil: the windows and scratch counters are set up once.
 */
export class PupilFiguresCalculator {
  private readonly calendar: SchoolCalendar;
  private readonly asOf: string;
  private readonly bands: AttendanceBand[];
  private readonly bandMinimumSessions: number;
  private readonly asOfEnd: number; // session index after the as-of date's PM
  private readonly term?: { name: string; lo: number; hi: number; from: string; to: string };
  private readonly rollingLo: number;
  private readonly penaltyLo: number;
  // Dates made once, not per pupil.
  private readonly yearStart: string;
  private readonly yearEnd: string;
  private readonly rollingFrom: string;
  private readonly penaltyFrom: string;
  private readonly weeks: number[];
  private readonly asOfWeek: number;
  private readonly mondays: string[];
  private readonly counts = new Int32Array(4 * CATEGORY_COUNT);
  private readonly codeCounts = new Int32Array(CODES.length);
  private readonly weekPossible: Int32Array;
  private readonly weekAttended: Int32Array;
  private readonly herringbone = new Int32Array(5 * 2 * 3);
  private readonly lateCounts = new Float64Array(6);

  constructor(options: PupilFiguresOptions) {
    const { calendar, asOf } = options;
    this.calendar = calendar;
    this.asOf = asOf;
    this.bands = orderedBands(options.bands);
    this.bandMinimumSessions = options.bandMinimumSessions ?? BAND_MINIMUM_POSSIBLE_SESSIONS;
    const asOfDay = calendar.dayIndex(asOf);
    this.asOfEnd = (asOfDay + 1) * 2;
    const term = calendar.termAt(asOfDay);
    if (term) {
      const lastDay = Math.min(term.lastDay, asOfDay);
      this.term = { name: term.name, lo: term.firstDay * 2, hi: (lastDay + 1) * 2, from: calendar.dateOf(term.firstDay), to: calendar.dateOf(lastDay) };
    }
    this.weeks = calendar.schoolWeeksTo(asOfDay);
    this.asOfWeek = calendar.weekOf[asOfDay];
    this.rollingLo = this.windowStart(ROLLING_SCHOOL_WEEKS);
    this.penaltyLo = this.windowStart(PENALTY_NOTICE_SCHOOL_WEEKS);
    this.yearStart = calendar.dateOf(0);
    this.yearEnd = calendar.dateOf(calendar.days - 1);
    this.rollingFrom = calendar.dateOf(this.rollingLo >> 1);
    this.penaltyFrom = calendar.dateOf(this.penaltyLo >> 1);
    this.mondays = Array.from({ length: calendar.weekCount }, (_, w) => calendar.mondayOf(w));
    this.weekPossible = new Int32Array(calendar.weekCount);
    this.weekAttended = new Int32Array(calendar.weekCount);
  }

  /** Session index where the last n school weeks start (the year's start if there are fewer). */
  private windowStart(n: number): number {
    const first = this.weeks.length >= n ? this.weeks[this.weeks.length - n] : undefined;
    return first === undefined ? 0 : this.calendar.firstDayOf(first) * 2;
  }

  compute(pupil: PupilOnRoll, year: PupilYearMarks | undefined): PupilFigures {
    const cal = this.calendar;
    if (year && year.academicYear !== cal.academicYear) {
      throw new RangeError(`Pupil ${pupil.upn}: marks are for academic year ${year.academicYear}, figures for ${cal.academicYear}`);
    }
    const counts = this.counts;
    const codeCounts = this.codeCounts;
    const weekPossible = this.weekPossible;
    const weekAttended = this.weekAttended;
    const herringbone = this.herringbone;
    const lateCounts = this.lateCounts;
    counts.fill(0);
    codeCounts.fill(0);
    weekPossible.fill(0);
    weekAttended.fill(0);
    herringbone.fill(0);
    lateCounts.fill(0);

    const [lo, hi] = this.onRoll(pupil);
    const marks = year?.marks ?? '';
    const end = Math.min(hi, marks.length >> 1);
    const termLo = this.term ? this.term.lo : 0;
    const termHi = this.term ? this.term.hi : 0;
    const rollingLo = this.rollingLo;
    const penaltyLo = this.penaltyLo;
    const weekOf = cal.weekOf;
    const weekday = cal.weekday;
    const lates = year?.lates;

    for (let s = lo; s < end; s++) {
      const c0 = marks.charCodeAt(s << 1);
      const c1 = marks.charCodeAt((s << 1) + 1);
      const cell = (c0 | c1) < 128 ? (c0 << 7) | c1 : 0; // cell 0 (NUL NUL) is Unknown, as is anything non-ASCII
      const cat = CATEGORIES[cell];
      if (cat === NONE) continue;
      if (cat === UNKNOWN) throw this.unknownCode(pupil.upn, marks, s);
      codeCounts[CODE_IDS[cell]]++;
      if (cat === NOT_COUNTED) continue;

      counts[YTD + cat]++;
      if (s >= termLo && s < termHi) counts[TERM + cat]++;
      if (s >= rollingLo) counts[ROLLING + cat]++;
      if (s >= penaltyLo) counts[PENALTY + cat]++;

      const day = s >> 1;
      const week = weekOf[day];
      weekPossible[week]++;
      const attending = cat <= APPROVED_ACTIVITY; // Present, LateBeforeClose, ApprovedActivity
      if (attending) weekAttended[week]++;
      const late = cat === LATE_BEFORE_CLOSE || cat === LATE_AFTER_CLOSE;
      const wd = weekday[day];
      if (wd <= 5) {
        const h = (((wd - 1) << 1) | (s & 1)) * 3;
        herringbone[h]++;
        if (!attending) herringbone[h + 1]++;
        if (late) herringbone[h + 2]++;
      }
      if (late) {
        const k = cat === LATE_BEFORE_CLOSE ? 0 : 3;
        lateCounts[k]++;
        const minutes = lates ? lates[s] : undefined;
        if (minutes !== undefined) {
          lateCounts[k + 1] += minutes;
          lateCounts[k + 2]++;
        }
      }
    }
    return this.figures(pupil);
  }

  /** Session range [lo, hi) in which the pupil is on roll, up to the as-of date. */
  private onRoll(pupil: PupilOnRoll): [number, number] {
    const cal = this.calendar;
    let lo = 0;
    let hi = this.asOfEnd;
    const { yearStart, yearEnd } = this;
    if (pupil.admissionDate !== undefined) {
      if (!isValidDate(pupil.admissionDate)) throw new RangeError(`Pupil ${pupil.upn}: admissionDate "${pupil.admissionDate}" is not a YYYY-MM-DD date`);
      if (pupil.admissionDate > yearEnd) return [0, 0];
      if (pupil.admissionDate > yearStart) lo = cal.dayIndex(pupil.admissionDate) * 2;
    }
    if (pupil.leavingDate !== undefined) {
      if (!isValidDate(pupil.leavingDate)) throw new RangeError(`Pupil ${pupil.upn}: leavingDate "${pupil.leavingDate}" is not a YYYY-MM-DD date`);
      if (pupil.leavingDate < yearStart) return [0, 0];
      if (pupil.leavingDate < yearEnd) hi = Math.min(hi, (cal.dayIndex(pupil.leavingDate) + 1) * 2);
    }
    return [lo, Math.max(lo, hi)];
  }

  private figures(pupil: PupilOnRoll): PupilFigures {
    const cal = this.calendar;
    const counts = this.counts;
    const yearToDate = this.period(YTD, this.yearStart, this.asOf);
    // The school weeks so far, and any other week in which the pupil has a possible session (a day the
    // calendar does not know the school opened): the weeks always add up to the year to date.
    const weeks: WeekFigures[] = [];
    for (let w = 0; w <= this.asOfWeek; w++) {
      if (cal.isSchoolWeek[w] || this.weekPossible[w]) weeks.push({ monday: this.mondays[w], possible: this.weekPossible[w], attended: this.weekAttended[w] });
    }
    const codes: Record<string, number> = {};
    for (let i = 0; i < this.codeCounts.length; i++) if (this.codeCounts[i]) codes[CODES[i]] = this.codeCounts[i];
    const h = this.herringbone;
    const herringbone: HerringboneDay[] = [];
    for (let d = 0; d < 5; d++) {
      const am = d * 6;
      herringbone.push({
        weekday: d + 1,
        am: { possible: h[am], absent: h[am + 1], late: h[am + 2] },
        pm: { possible: h[am + 3], absent: h[am + 4], late: h[am + 5] },
      });
    }
    const l = this.lateCounts;
    const penaltySessions = counts[PENALTY + Category.Unauthorised] + counts[PENALTY + Category.LateAfterClose];
    const figures: PupilFigures = {
      upn: pupil.upn,
      yearGroup: pupil.yearGroup,
      academicYear: cal.academicYear,
      asOf: this.asOf,
      yearToDate,
      rollingFourWeeks: this.period(ROLLING, this.rollingFrom, this.asOf),
      persistent: isPersistentAbsence(yearToDate),
      severe: isSevereAbsence(yearToDate),
      lates: {
        beforeClose: { sessions: l[0], minutes: l[1], timed: l[2] },
        afterClose: { sessions: l[3], minutes: l[4], timed: l[5] },
      },
      codes,
      herringbone,
      weeks,
      trend: trendOf(weeks),
      unauthorisedTenWeeks: {
        from: this.penaltyFrom,
        to: this.asOf,
        sessions: penaltySessions,
        thresholdReached: penaltySessions >= PENALTY_NOTICE_SESSIONS,
      },
    };
    if (this.term) figures.term = { name: this.term.name, ...this.period(TERM, this.term.from, this.term.to) };
    const band = bandFor(this.bands, attended(yearToDate), yearToDate.possible, this.bandMinimumSessions);
    if (band) figures.band = band;
    return figures;
  }

  private period(block: number, from: string, to: string): PeriodFigures {
    const c = this.counts;
    const out: PeriodFigures = {
      from,
      to,
      possible:
        c[block + Category.Present] +
        c[block + Category.LateBeforeClose] +
        c[block + Category.ApprovedActivity] +
        c[block + Category.Authorised] +
        c[block + Category.Unauthorised] +
        c[block + Category.LateAfterClose],
      present: c[block + Category.Present] + c[block + Category.LateBeforeClose],
      approvedActivity: c[block + Category.ApprovedActivity],
      authorised: c[block + Category.Authorised],
      unauthorised: c[block + Category.Unauthorised] + c[block + Category.LateAfterClose],
    };
    const percent = attendancePercent(out);
    if (percent !== undefined) out.percent = percent;
    return out;
  }

  private unknownCode(upn: string, marks: string, s: number): RangeError {
    const where = `${this.calendar.dateOf(s >> 1)} ${s & 1 ? 'PM' : 'AM'}`;
    return new RangeError(`Pupil ${upn}: unknown attendance code "${marks.slice(s * 2, s * 2 + 2).trimEnd()}" in the stored marks for ${where}`);
  }
}
