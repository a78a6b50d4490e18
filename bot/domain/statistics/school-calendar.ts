/**
 * A school's academic year laid out by day (1 August to 31 July): weekday, school day or not, the
 * Monday-based week each day falls in, and the terms. Built once per school and year so the
 * statistics never parse a date inside their loop over sessions.
 */
import { addDays, isValidDate, weekdayOf } from '../clock';
import type { School } from '../school';
import { academicYearOf } from '../session-marks';

export interface CalendarTerm {
  name: string;
  start: string;
  end: string;
  /** Day indexes inside the academic year, clipped to it. */
  firstDay: number;
  lastDay: number;
}

const DAY_MS = 86_400_000;

export class SchoolCalendar {
  /** 365, or 366 when the year holds 29 February. */
  readonly days: number;
  /** Per day: 1 = Monday ... 7 = Sunday. */
  readonly weekday: Uint8Array;
  /** Per day: 1 on a school day (in a term, a weekday, not a closure). */
  readonly schoolDay: Uint8Array;
  /** Per day: the index of its Monday-based week; week 0 holds 1 August. */
  readonly weekOf: Uint8Array;
  readonly weekCount: number;
  /** Weeks holding at least one school day, in order. */
  readonly schoolWeeks: readonly number[];
  /** Per week: 1 if it holds a school day. */
  readonly isSchoolWeek: Uint8Array;
  /** Terms that overlap the year, in date order. */
  readonly terms: readonly CalendarTerm[];
  private readonly start: number;
  private readonly firstWeekday: number;

  constructor(school: Pick<School, 'terms' | 'closures'>, readonly academicYear: number) {
    school.terms.forEach((t, i) => {
      for (const field of ['start', 'end'] as const) {
        if (!isValidDate(t[field])) throw new RangeError(`School term ${i + 1} ("${t.name}"): ${field} "${t[field]}" is not a YYYY-MM-DD date`);
      }
      if (t.end < t.start) throw new RangeError(`School term ${i + 1} ("${t.name}") ends (${t.end}) before it starts (${t.start})`);
    });
    school.closures.forEach((c, i) => {
      if (!isValidDate(c)) throw new RangeError(`School closure ${i + 1}: "${c}" is not a YYYY-MM-DD date`);
    });
    this.start = Date.UTC(academicYear, 7, 1);
    this.days = Math.round((Date.UTC(academicYear + 1, 7, 1) - this.start) / DAY_MS);
    this.firstWeekday = weekdayOf(`${academicYear}-08-01`);
    this.weekday = new Uint8Array(this.days);
    this.schoolDay = new Uint8Array(this.days);
    this.weekOf = new Uint8Array(this.days);
    const closures = new Set(school.closures);
    const yearStart = this.dateOf(0);
    const yearEnd = this.dateOf(this.days - 1);
    this.terms = school.terms
      .filter((t) => t.end >= yearStart && t.start <= yearEnd)
      .map((t) => ({
        name: t.name,
        start: t.start,
        end: t.end,
        firstDay: t.start < yearStart ? 0 : this.dayIndex(t.start),
        lastDay: t.end > yearEnd ? this.days - 1 : this.dayIndex(t.end),
      }))
      .sort((a, b) => a.firstDay - b.firstDay);
    for (let d = 0; d < this.days; d++) {
      const wd = ((this.firstWeekday - 1 + d) % 7) + 1;
      this.weekday[d] = wd;
      this.weekOf[d] = Math.floor((d + this.firstWeekday - 1) / 7);
    }
    for (const t of this.terms) {
      for (let d = t.firstDay; d <= t.lastDay; d++) {
        if (this.weekday[d] <= 5 && !closures.has(this.dateOf(d))) this.schoolDay[d] = 1;
      }
    }
    this.weekCount = this.weekOf[this.days - 1] + 1;
    const weeks: number[] = [];
    for (let d = 0; d < this.days; d++) {
      if (this.schoolDay[d] && weeks[weeks.length - 1] !== this.weekOf[d]) weeks.push(this.weekOf[d]);
    }
    this.schoolWeeks = weeks;
    this.isSchoolWeek = new Uint8Array(this.weekCount);
    for (const w of weeks) this.isSchoolWeek[w] = 1;
  }

  /** The day index of a date in this academic year; a clear error for a date outside it. */
  dayIndex(date: string): number {
    if (!isValidDate(date)) throw new RangeError(`"${date}" is not a YYYY-MM-DD date`);
    if (academicYearOf(date) !== this.academicYear) {
      throw new RangeError(`${date} is not in academic year ${this.academicYear}/${String((this.academicYear + 1) % 100).padStart(2, '0')}`);
    }
    const [y, m, d] = date.split('-').map(Number);
    return Math.round((Date.UTC(y, m - 1, d) - this.start) / DAY_MS);
  }

  dateOf(day: number): string {
    return new Date(this.start + day * DAY_MS).toISOString().slice(0, 10);
  }

  /** The Monday that starts a week (it may fall in July, before the year). */
  mondayOf(week: number): string {
    return addDays(this.dateOf(0), week * 7 - (this.firstWeekday - 1));
  }

  /** The first day index of a week inside the year. */
  firstDayOf(week: number): number {
    return Math.max(0, week * 7 - (this.firstWeekday - 1));
  }

  /** School weeks that have started by the day, oldest first. */
  schoolWeeksTo(day: number): number[] {
    const week = this.weekOf[day];
    return this.schoolWeeks.filter((w) => w <= week);
  }

  /** The term the day is in or, in a holiday, the last term that started before it. */
  termAt(day: number): CalendarTerm | undefined {
    let found: CalendarTerm | undefined;
    for (const t of this.terms) if (t.firstDay <= day) found = t;
    return found;
  }
}
