/**
 * What a school's calendar should tell its attendance lead (issue 10 item 3). Firstday only runs a school's day
 * inside one of its terms, so a calendar that has run out stops first-day calling without anyone noticing. The
 * lead is told ahead of the end of the last term Firstday knows, and on a weekday that no term covers once the
 * calendar has run out (or there is none). Holidays between two known terms are normal and say nothing.
 *
 * Pure: the daily 'calendar-check' job sends these to the lead; the Settings page shows the same.
 */
import { addDays, weekdayOf } from './clock';
import type { School } from './school';

/** How far ahead of the last known term's end the lead is told. */
export const TERM_END_NOTICE_DAYS = 28;

export type CalendarNotice =
  /** The school has no terms at all: no day is a school day, so nothing runs. */
  | { kind: 'no-terms' }
  /** No term covers `date` and no later term is known: the calendar has run out (`lastDay` is its last day). */
  | { kind: 'no-term-today'; date: string; lastDay: string }
  /** The last term Firstday knows ends within four weeks (today included). */
  | { kind: 'last-term-ends-soon'; lastDay: string; termName: string; daysLeft: number };

/** The notices for a school on its local date `today` (YYYY-MM-DD); empty when the calendar is in order. */
export function calendarNotices(school: Pick<School, 'terms'>, today: string): CalendarNotice[] {
  if (school.terms.length === 0) return [{ kind: 'no-terms' }];
  const last = school.terms.reduce((a, b) => (b.end > a.end ? b : a));
  const covered = school.terms.some((t) => t.start <= today && today <= t.end);
  if (!covered && last.end < today) return [{ kind: 'no-term-today', date: today, lastDay: last.end }];
  const daysLeft = daysBetween(today, last.end);
  if (daysLeft >= 0 && daysLeft <= TERM_END_NOTICE_DAYS) return [{ kind: 'last-term-ends-soon', lastDay: last.end, termName: last.name, daysLeft }];
  return [];
}

/** Is the date Monday to Friday: the days a missing calendar costs a list. */
export function isWeekday(date: string): boolean {
  return weekdayOf(date) <= 5;
}

/** The Monday of the date's week: a missing calendar is mentioned at most once a week. */
export function weekOf(date: string): string {
  return addDays(date, 1 - weekdayOf(date));
}

/** What the attendance lead reads, in the school's words. */
export function calendarNoticeText(notice: CalendarNotice, schoolName: string): string {
  switch (notice.kind) {
    case 'no-terms':
      return `No list was made today: Firstday has no term dates for ${schoolName}, so it does not know which days are school days. Import this year's calendar (terms and closures).`;
    case 'no-term-today':
      return `No list was made today: Firstday has no term covering ${dayName(notice.date)}. The last term it knows for ${schoolName} ended on ${dayName(notice.lastDay)}. Import this year's calendar.`;
    case 'last-term-ends-soon':
      return `The last term Firstday knows for ${schoolName} (${notice.termName}) ends on ${dayName(notice.lastDay)}. Import next year's calendar before then: without it, no list is made after that day.`;
  }
}

/** The key under which a notice is recorded as said: the same notice is not said twice. */
export function calendarNoticeKey(notice: CalendarNotice, today: string): string {
  switch (notice.kind) {
    case 'no-terms':
      return `calendar|no-terms|${weekOf(today)}`;
    case 'no-term-today':
      return `calendar|no-term|${notice.lastDay}|${weekOf(today)}`;
    case 'last-term-ends-soon':
      return `calendar|term-ends|${notice.lastDay}`;
  }
}

function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

function dayName(date: string): string {
  return new Intl.DateTimeFormat('en-GB', { weekday: 'long', day: 'numeric', month: 'long', timeZone: 'UTC' }).format(new Date(`${date}T12:00:00Z`));
}
