/**
 * A believable English secondary school year: six half-terms, five INSET days, and the bank holidays
 * that fall on term days as closures. The dates follow the common local-authority pattern (autumn
 * half-term in the last week of October, spring half-term in mid-February, two weeks round Easter,
 * summer half-term on the late May bank holiday week); they are a demo's calendar, not any council's.
 */
import { addDays, weekdayOf } from '../domain/clock';
import type { Term } from '../domain/school';
import { isSchoolDay } from '../domain/school';

export interface SchoolYearCalendar {
  /** The calendar year in which the academic year starts. */
  academicYear: number;
  terms: Term[];
  /** INSET days and bank holidays on term weekdays, sorted. */
  closures: string[];
  /** The INSET days alone, sorted. */
  insetDays: string[];
}

export function academicYearCalendar(academicYear: number): SchoolYearCalendar {
  const a = academicYear;
  const b = academicYear + 1;
  const autumnStart = nextWeekday(`${a}-09-01`);
  const octoberHalfTerm = lastMondayOf(a, 10);
  const christmasBreakUp = fridayBetween(`${a}-12-16`, `${a}-12-22`);
  const springStart = mondayOnOrAfter(`${b}-01-03`);
  const februaryHalfTerm = mondayOnOrAfter(`${b}-02-12`);
  const easter = easterSunday(b);
  const lateMayBankHoliday = lastMondayOf(b, 5);
  const summerEnd = weekdayOnOrBefore(`${b}-07-22`);

  const terms: Term[] = [
    { name: 'Autumn 1', start: autumnStart, end: addDays(octoberHalfTerm, -3) },
    { name: 'Autumn 2', start: addDays(octoberHalfTerm, 7), end: christmasBreakUp },
    { name: 'Spring 1', start: springStart, end: addDays(februaryHalfTerm, -3) },
    // Two weeks round Easter: Holy Week and the week after Easter Monday.
    { name: 'Spring 2', start: addDays(februaryHalfTerm, 7), end: addDays(easter, -9) },
    { name: 'Summer 1', start: addDays(easter, 8), end: addDays(lateMayBankHoliday, -3) },
    { name: 'Summer 2', start: addDays(lateMayBankHoliday, 7), end: summerEnd },
  ];
  const insetDays = [autumnStart, nextWeekday(addDays(autumnStart, 1)), terms[0].end, springStart, summerEnd].sort();
  const bankHolidays = [...englandBankHolidays(a), ...englandBankHolidays(b)];
  const inTerm = (d: string) => weekdayOf(d) <= 5 && terms.some((t) => t.start <= d && d <= t.end);
  const closures = [...new Set([...insetDays, ...bankHolidays.filter(inTerm)])].sort();
  return { academicYear, terms, closures, insetDays };
}

/** Bank holidays in England in a calendar year, with the substitute days when one falls at a weekend. */
export function englandBankHolidays(year: number): string[] {
  const easter = easterSunday(year);
  const days = [
    substitute(`${year}-01-01`),
    addDays(easter, -2),
    addDays(easter, 1),
    mondayOnOrAfter(`${year}-05-01`),
    lastMondayOf(year, 5),
    lastMondayOf(year, 8),
  ];
  // Christmas and Boxing Day: a weekend day moves to the next weekday not already taken.
  const christmas = `${year}-12-25`;
  const boxing = `${year}-12-26`;
  const c = weekdayOf(christmas);
  if (c <= 4) days.push(christmas, boxing); // Mon-Thu
  else if (c === 5) days.push(christmas, addDays(christmas, 3)); // Fri: Boxing Day on Monday
  else if (c === 6) days.push(addDays(christmas, 2), addDays(christmas, 3)); // Sat: Mon and Tue
  else days.push(addDays(christmas, 1), addDays(christmas, 2)); // Sun: Boxing Day Mon, Christmas Tue
  return days.sort();
}

/** Easter Sunday (Gregorian), by the anonymous Gregorian algorithm (Meeus/Jones/Butcher). */
export function easterSunday(year: number): string {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** The most recent school day on or before the date, looking back at most `days` days. */
export function schoolDayOnOrBefore(calendar: { terms: Term[]; closures: string[] }, date: string, days = 400): string | undefined {
  for (let i = 0; i <= days; i++) {
    const d = addDays(date, -i);
    if (isSchoolDay(calendar, d)) return d;
  }
  return undefined;
}

/** Every date from start to end inclusive. */
export function datesBetween(start: string, end: string): string[] {
  const out: string[] = [];
  for (let d = start; d <= end; d = addDays(d, 1)) out.push(d);
  return out;
}

function nextWeekday(date: string): string {
  let d = date;
  while (weekdayOf(d) > 5) d = addDays(d, 1);
  return d;
}

function weekdayOnOrBefore(date: string): string {
  let d = date;
  while (weekdayOf(d) > 5) d = addDays(d, -1);
  return d;
}

function mondayOnOrAfter(date: string): string {
  return addDays(date, (8 - weekdayOf(date)) % 7);
}

function lastMondayOf(year: number, month: number): string {
  const last = addDays(`${month === 12 ? year + 1 : year}-${String((month % 12) + 1).padStart(2, '0')}-01`, -1);
  return addDays(last, -((weekdayOf(last) + 6) % 7));
}

function fridayBetween(from: string, to: string): string {
  for (let d = from; d <= to; d = addDays(d, 1)) if (weekdayOf(d) === 5) return d;
  throw new RangeError(`No Friday between ${from} and ${to}`);
}

function substitute(date: string): string {
  const w = weekdayOf(date);
  return w === 6 ? addDays(date, 2) : w === 7 ? addDays(date, 1) : date;
}
