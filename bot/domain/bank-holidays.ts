/**
 * Bank holidays as GOV.UK publishes them (https://www.gov.uk/bank-holidays.json): one list per division,
 * each event with its title, date, notes ("Substitute day") and bunting. Firstday keeps a copy in
 * bot/data/bank-holidays.json and closes a school on those that fall on its term days. Pure: the caller
 * hands in the parsed JSON; every problem names where in the document it is.
 */
import { isValidDate } from './clock';

export const BANK_HOLIDAY_DIVISIONS = ['england-and-wales', 'scotland', 'northern-ireland'] as const;
export type BankHolidayDivision = (typeof BANK_HOLIDAY_DIVISIONS)[number];

export interface BankHoliday {
  title: string;
  /** YYYY-MM-DD. */
  date: string;
  notes: string;
  bunting: boolean;
}

export interface BankHolidays {
  /** Sorted by date. Scotland and Northern Ireland may be empty: Firstday serves schools in England. */
  divisions: Record<BankHolidayDivision, BankHoliday[]>;
  /** The last day the England and Wales list is known to cover: 31 December of its last year. */
  knownTo: string;
}

export class BankHolidaysError extends Error {
  constructor(where: string, message: string) {
    super(`bank holidays ${where}: ${message}`);
    this.name = 'BankHolidaysError';
  }
}

/**
 * Checks the document and returns it sorted. England and Wales must be there with at least one event;
 * Scotland and Northern Ireland may be missing (read as no events). Throws BankHolidaysError at the first problem.
 */
export function loadBankHolidays(json: unknown): BankHolidays {
  if (!isObject(json)) throw new BankHolidaysError('(document)', 'is not a JSON object like https://www.gov.uk/bank-holidays.json');
  const divisions = {} as Record<BankHolidayDivision, BankHoliday[]>;
  for (const name of BANK_HOLIDAY_DIVISIONS) {
    const division = json[name];
    if (division === undefined && name !== 'england-and-wales') {
      divisions[name] = [];
      continue;
    }
    if (!isObject(division)) throw new BankHolidaysError(name, 'is missing or not an object with "division" and "events"');
    if (division.division !== name) throw new BankHolidaysError(`${name}.division`, `should be "${name}", not ${JSON.stringify(division.division)}`);
    if (!Array.isArray(division.events)) throw new BankHolidaysError(`${name}.events`, 'is not a list');
    const seen = new Set<string>();
    divisions[name] = division.events
      .map((event: unknown, i: number) => {
        const where = `${name}.events[${i}]`;
        const e = readEvent(event, where);
        if (seen.has(e.date)) throw new BankHolidaysError(`${where}.date`, `${e.date} is listed twice`);
        seen.add(e.date);
        return e;
      })
      .sort((a: BankHoliday, b: BankHoliday) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  }
  const england = divisions['england-and-wales'];
  if (england.length === 0) throw new BankHolidaysError('england-and-wales.events', 'is empty');
  return { divisions, knownTo: `${england[england.length - 1].date.slice(0, 4)}-12-31` };
}

function readEvent(event: unknown, where: string): BankHoliday {
  if (!isObject(event)) throw new BankHolidaysError(where, 'is not an object with "title", "date", "notes" and "bunting"');
  const { title, date, notes, bunting } = event;
  if (typeof title !== 'string' || !title.trim()) throw new BankHolidaysError(`${where}.title`, 'is missing');
  if (typeof date !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(date) || !isValidDate(date)) {
    throw new BankHolidaysError(`${where}.date`, `${JSON.stringify(date)} is not a real date as YYYY-MM-DD`);
  }
  if (notes !== undefined && typeof notes !== 'string') throw new BankHolidaysError(`${where}.notes`, 'is not text');
  if (bunting !== undefined && typeof bunting !== 'boolean') throw new BankHolidaysError(`${where}.bunting`, 'is not true or false');
  return { title, date, notes: notes ?? '', bunting: bunting ?? false };
}

/** The division's bank holidays from start to end inclusive (YYYY-MM-DD). */
export function bankHolidaysBetween(holidays: BankHolidays, start: string, end: string, division: BankHolidayDivision = 'england-and-wales'): BankHoliday[] {
  return holidays.divisions[division].filter((h) => start <= h.date && h.date <= end);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
