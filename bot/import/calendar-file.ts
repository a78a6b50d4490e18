/**
 * The calendar file: a school's terms, INSET days and other closures, one row each. For the academic years
 * its terms cover it replaces the school's terms and closures (other years are kept), and England's bank
 * holidays that fall on a weekday in term become closures without being listed.
 */
import { bankHolidaysBetween, type BankHolidays } from '../domain/bank-holidays';
import { addDays, weekdayOf } from '../domain/clock';
import type { School, Term } from '../domain/school';
import { academicYearOf } from '../domain/session-marks';
import { Columns, type ColumnSpec } from './columns';
import { CsvFile } from './csv-reader';
import type { CalendarSummary } from './import-types';
import type { FileProblems, Problems } from './problems';
import { anyText, RowFields } from './row-fields';
import { Invalid, parseDate } from './values';

export const CALENDAR_COLUMNS = {
  kind: { name: 'Kind', aliases: ['Type', 'Event Type', 'Category'], required: true },
  name: { name: 'Name', aliases: ['Description', 'Title', 'Event', 'Event Name', 'Term'] },
  start: { name: 'Start', aliases: ['Start Date', 'Date', 'From', 'From Date', 'First Day'], required: true },
  end: { name: 'End', aliases: ['End Date', 'To', 'To Date', 'Last Day'] },
} satisfies Record<string, ColumnSpec>;

type Key = keyof typeof CALENDAR_COLUMNS;

export type CalendarKind = 'term' | 'inset' | 'closure';

const KINDS: Record<string, CalendarKind> = {
  term: 'term', halfterm: 'term', schoolterm: 'term',
  inset: 'inset', insetday: 'inset', trainingday: 'inset', stafftraining: 'inset', stafftrainingday: 'inset', teachertrainingday: 'inset',
  closure: 'closure', closed: 'closure', schoolclosed: 'closure', closureday: 'closure', otherclosure: 'closure', bankholiday: 'closure',
};

const KIND_WORDS: Record<CalendarKind, string> = { term: 'term', inset: 'INSET day', closure: 'closure' };

export interface CalendarEntry {
  kind: CalendarKind;
  name: string;
  start: string;
  end: string;
  file: string;
  line: number;
  /** The Start and End columns as the file names them, for messages about the entry's dates. */
  startLabel: string;
  endLabel: string;
}

export function readCalendarFile(content: Buffer, problems: FileProblems): { entries: CalendarEntry[]; rows: number } {
  const entries: CalendarEntry[] = [];
  const csv = CsvFile.read(content, problems);
  const columns = csv && Columns.match(csv, CALENDAR_COLUMNS, problems);
  if (!csv || !columns) return { entries, rows: 0 };
  const cells = new RowFields<Key>(columns, problems);
  let rows = 0;
  for (const row of csv.rows()) {
    rows++;
    const r = cells.start(row);
    const kind = r.required('kind', parseKind);
    const name = kind === 'term' ? r.required('name', anyText, 'is empty: a term needs a name, e.g. Autumn 1') : r.text('name');
    const start = r.required('start', parseDate);
    const end = r.text('end') === '' ? start : r.optional('end', parseDate);
    if (start && end && end < start) r.report('end', `the ${kind ? KIND_WORDS[kind] : 'entry'} ends (${end}) before it starts (${start})`);
    if (kind === 'term' && start && end && academicYearOf(start) !== academicYearOf(end)) {
      r.report('end', `a term lies within one academic year (1 August to 31 July): this one runs from ${start} to ${end}`);
    }
    if (kind && kind !== 'term' && start && end && !r.failed && weekdays(start, end).length === 0) {
      const what = kind === 'inset' ? 'an INSET day' : 'a closure';
      r.report('start', start === end ? `${start} is a ${dayName(start)}: ${what} closes a school day` : `${start} to ${end} has no weekday in it: ${what} closes school days`);
    }
    if (r.failed || !kind || name === undefined || !start || !end) continue;
    entries.push({ kind, name, start, end, file: problems.file, line: row.line, startLabel: r.label('start'), endLabel: r.label('end') });
  }
  return { entries, rows };
}

export interface CalendarPlan {
  terms: Term[];
  closures: string[];
  summary: CalendarSummary;
}

/**
 * The school's terms and closures once the calendar files' entries replace those of the academic years
 * they cover; every problem across the files (overlapping terms, a closure outside every term) is reported
 * where the entry is. Undefined when there are problems.
 */
export function planCalendar(entries: CalendarEntry[], files: string[], school: Pick<School, 'terms' | 'closures'>, holidays: BankHolidays, problems: Problems): CalendarPlan | undefined {
  const before = problems.count;
  const at = (e: CalendarEntry) => problems.forFile(e.file);
  const where = (e: CalendarEntry, other: CalendarEntry) => `${other.file === e.file ? '' : `${other.file} `}line ${other.line}`;
  const terms = entries.filter((e) => e.kind === 'term');
  if (terms.length === 0) {
    problems.forFile(files[0]).whole('the calendar has no terms: give each term as a row of kind "term", with its INSET days and closures inside them');
    return undefined;
  }
  const byLine = [...terms].sort((a, b) => (a.file === b.file ? a.line - b.line : files.indexOf(a.file) - files.indexOf(b.file)));
  byLine.forEach((term, i) => {
    const earlier = byLine.slice(0, i).find((t) => t.start <= term.end && term.start <= t.end);
    if (earlier) {
      at(term).add(term.line, term.startLabel, `term "${term.name}" (${term.start} to ${term.end}) overlaps term "${earlier.name}" (${earlier.start} to ${earlier.end}) on ${where(term, earlier)}`);
    }
  });
  const inTerm = (date: string) => terms.some((t) => t.start <= date && date <= t.end);
  const closures = new Set<string>();
  let insetDays = 0;
  let otherClosures = 0;
  for (const e of entries) {
    if (e.kind === 'term') continue;
    const days = weekdays(e.start, e.end);
    const outside = days.find((d) => !inTerm(d));
    if (outside) {
      const what = e.kind === 'inset' ? 'the INSET day' : 'the closure';
      at(e).add(e.line, e.startLabel, `${what}${e.name ? ` "${e.name}"` : ''} on ${outside} is not inside any term in the calendar: closures are school days in term`);
      continue;
    }
    for (const d of days) closures.add(d);
    if (e.kind === 'inset') insetDays += days.length;
    else otherClosures += days.length;
  }
  if (problems.count > before) return undefined;

  const academicYears = [...new Set(terms.map((t) => academicYearOf(t.start)))].sort();
  const covered = (date: string) => academicYears.includes(academicYearOf(date));
  const bankHolidays = terms.flatMap((t) => bankHolidaysBetween(holidays, t.start, t.end)).filter((h) => weekdayOf(h.date) <= 5);
  for (const h of bankHolidays) closures.add(h.date);
  const lastDay = terms.reduce((last, t) => (t.end > last ? t.end : last), '');
  const newTerms: Term[] = [...school.terms.filter((t) => !covered(t.start)), ...terms.map((t) => ({ name: t.name, start: t.start, end: t.end }))].sort((a, b) =>
    a.start < b.start ? -1 : a.start > b.start ? 1 : 0,
  );
  const newClosures = [...new Set([...school.closures.filter((d) => !covered(d)), ...closures])].sort();
  return {
    terms: newTerms,
    closures: newClosures,
    summary: {
      academicYears,
      terms: terms.length,
      insetDays,
      closures: otherClosures,
      bankHolidays: bankHolidays.map((h) => ({ date: h.date, title: h.title })).sort((a, b) => (a.date < b.date ? -1 : 1)),
      ...(lastDay > holidays.knownTo ? { bankHolidaysKnownTo: holidays.knownTo } : {}),
    },
  };
}

function parseKind(text: string): CalendarKind | Invalid {
  return KINDS[text.toLowerCase().replace(/[^a-z]/g, '')] ?? new Invalid(`"${text}" is not a kind of calendar entry: write term, INSET or closure`);
}

/** The weekdays from start to end inclusive. */
function weekdays(start: string, end: string): string[] {
  const out: string[] = [];
  for (let d = start; d <= end; d = addDays(d, 1)) if (weekdayOf(d) <= 5) out.push(d);
  return out;
}

function dayName(date: string): string {
  return ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'][weekdayOf(date) - 1];
}
