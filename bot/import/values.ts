/**
 * Cell values as MIS exports write them, turned into the domain's forms, or a message saying what is wrong.
 * Each parser returns the value or an Invalid; callers add the file, line and field.
 */
import { isAttendanceCode } from '../domain/attendance-codes';
import { fromLocal, isValidDate, toLocal } from '../domain/clock';
import { isValidUpn, upnCheckLetter } from '../domain/pupil';
import type { Session } from '../domain/session-marks';

export class Invalid {
  constructor(readonly message: string) {}
}

export function isInvalid(value: unknown): value is Invalid {
  return value instanceof Invalid;
}

export function parseUpn(text: string): string | Invalid {
  const upn = text.toUpperCase().replace(/\s+/g, '');
  if (upn === '') return new Invalid('the UPN is missing');
  if (isValidUpn(upn)) return upn;
  if (!/^[A-Z][0-9]{11}[0-9A-Z]$/.test(upn)) {
    return new Invalid(`"${text}" is not a UPN: a UPN is 13 characters, a check letter, 11 digits, then a digit or letter`);
  }
  if (/[IOS]/.test(upn.slice(12))) return new Invalid(`"${text}" is not a UPN: its last character cannot be I, O or S`);
  return new Invalid(`bad UPN check letter in "${upn}": for these digits it should be ${upnCheckLetter(upn.slice(1))}, not ${upn[0]}`);
}

const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];

/** 1 to 12 for a month's name or its abbreviation ("Sep", "Sept", "September"), else 0. */
function monthNumber(name: string): number {
  const n = name.toLowerCase();
  return n.length >= 3 ? MONTHS.findIndex((m) => m.startsWith(n)) + 1 : 0;
}

/** A date as YYYY-MM-DD, from YYYY-MM-DD, DD/MM/YYYY (UK order, also with - or .) or "3 Sep 2025". */
export function parseDate(text: string): string | Invalid {
  const t = text.trim();
  let y: number;
  let m: number;
  let d: number;
  let match: RegExpExecArray | null;
  if ((match = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ]00:00(?::00(?:\.0+)?)?Z?)?$/.exec(t))) {
    [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  } else if ((match = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?: 00:00(?::00)?)?$/.exec(t))) {
    [d, m, y] = [Number(match[1]), Number(match[2]), Number(match[3])];
  } else if ((match = /^(\d{1,2})[ -]([A-Za-z]{3,9})[ -](\d{4})$/.exec(t)) && monthNumber(match[2])) {
    [d, m, y] = [Number(match[1]), monthNumber(match[2]), Number(match[3])];
  } else if (/^\d{1,2}[/.-]\d{1,2}[/.-]\d{2}$/.test(t)) {
    return new Invalid(`"${t}" has a two-digit year: write dates as DD/MM/YYYY or YYYY-MM-DD`);
  } else {
    return new Invalid(`"${t}" is not a date: write dates as DD/MM/YYYY or YYYY-MM-DD`);
  }
  const iso = `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
  if (!isValidDate(iso)) {
    const hint = m > 12 && d <= 12 ? ': dates are day first (DD/MM/YYYY)' : '';
    return new Invalid(`"${t}" is not a real date${hint}`);
  }
  if (y < 1990 || y > 2100) return new Invalid(`"${t}" is not a plausible date (year ${y})`);
  return iso;
}

/** A time of day as HH:MM, from H:MM, HH:MM or HH:MM:SS (24-hour). */
export function parseTime(text: string): string | Invalid {
  const match = /^(\d{1,2})[:.](\d{2})(?::\d{2})?$/.exec(text.trim());
  if (match) {
    const h = Number(match[1]);
    const m = Number(match[2]);
    if (h < 24 && m < 60) return `${String(h).padStart(2, '0')}:${match[2]}`;
  }
  return new Invalid(`"${text}" is not a time: write times as HH:MM (24-hour), e.g. 09:25`);
}

/**
 * A moment as ISO 8601 with the school's offset, e.g. 2025-09-03T08:15:00+01:00. Takes a local date and time
 * ("03/09/2025 08:15", "2025-09-03 08:15") read in the school's time zone, or an ISO instant with Z or an offset.
 */
export function parseDateTime(text: string, timeZone: string): string | Invalid {
  const t = text.trim();
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/.test(t)) {
    const instant = new Date(t);
    if (!Number.isNaN(instant.getTime())) return isoWithOffset(instant, timeZone);
  }
  const match = /^(.+?)[T ]+(\d{1,2}[:.]\d{2}(?::\d{2})?)$/.exec(t);
  if (!match) return new Invalid(`"${t}" is not a date and time: write it as DD/MM/YYYY HH:MM, e.g. 03/09/2025 08:15`);
  const date = parseDate(match[1]);
  if (isInvalid(date)) return date;
  const time = parseTime(match[2]);
  if (isInvalid(time)) return time;
  return isoWithOffset(fromLocal(date, time, timeZone), timeZone);
}

/** The instant written in the zone's local time with its offset, to the second. */
export function isoWithOffset(instant: Date, timeZone: string): string {
  const local = toLocal(instant, timeZone);
  const [y, mo, d] = local.date.split('-').map(Number);
  const [h, mi] = local.time.split(':').map(Number);
  const minuteStart = Math.floor(instant.getTime() / 60_000) * 60_000;
  const offset = Math.round((Date.UTC(y, mo - 1, d, h, mi) - minuteStart) / 60_000);
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset);
  const seconds = String(instant.getUTCSeconds()).padStart(2, '0');
  return `${local.date}T${local.time}:${seconds}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

const YES = new Set(['y', 'yes', 'true', '1', 't']);
const NO = new Set(['', 'n', 'no', 'false', '0', 'f']);

/** Y/N, Yes/No, True/False, 1/0; blank is no. */
export function parseBoolean(text: string): boolean | Invalid {
  const t = text.trim().toLowerCase();
  if (YES.has(t)) return true;
  if (NO.has(t)) return false;
  return new Invalid(`"${text}" is not yes or no: write Y or N`);
}

/** National curriculum year: "7", "Year 7", "Y7", "R"/"Reception" (0), "N1"/"N2"/"Nursery" (-1). */
export function parseYearGroup(text: string): number | Invalid {
  const t = text.trim().toLowerCase().replace(/\s+/g, ' ');
  if (/^(r|rec|reception|yr ?r|year r)$/.test(t)) return 0;
  if (/^(n|n1|n2|nur|nursery)$/.test(t)) return -1;
  const match = /^(?:year |yr ?|y|nc ?)?(\d{1,2})$/.exec(t);
  if (match && Number(match[1]) >= 1 && Number(match[1]) <= 14) return Number(match[1]);
  return new Invalid(`"${text}" is not a year group: write 7, Year 7, R (reception) or N (nursery)`);
}

export function parseSession(text: string): Session | Invalid {
  const t = text.trim().toLowerCase();
  if (t === 'am' || t === 'morning' || t === 'a') return 'AM';
  if (t === 'pm' || t === 'afternoon' || t === 'p') return 'PM';
  return new Invalid(`"${text}" is not a session: write AM or PM`);
}

export function parseWholeNumber(text: string, min: number, max: number): number | Invalid {
  const t = text.trim();
  if (!/^\d+$/.test(t) || Number(t) < min || Number(t) > max) return new Invalid(`"${text}" is not a whole number from ${min} to ${max}`);
  return Number(t);
}

/** A phone number as written (spacing tidied), if it has the digits of a real one. */
export function parsePhone(text: string): string | Invalid {
  const written = text.trim().replace(/\s+/g, ' ');
  const digits = written.replace(/[\s().-]/g, '');
  if (/^\d{10}$/.test(digits) && digits[0] !== '0') {
    return new Invalid(`"${written}" looks like a UK number that lost its leading 0 (Excel drops it): write it as 0${digits}`);
  }
  if (!/^(\+|00)?\d{7,15}$/.test(digits)) return new Invalid(`"${written}" is not a phone number`);
  return written;
}

export function parseEmail(text: string): string | Invalid {
  const t = text.trim();
  if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(t)) return new Invalid(`"${t}" is not an email address`);
  return t;
}

const WITHDRAWN_CODES: Record<string, string> = {
  H: 'H (agreed holiday) was withdrawn in August 2024: use C for leave in exceptional circumstances or G for a holiday not granted',
  J: 'J was replaced by J1 (interview) in August 2024',
  Y: 'Y was replaced by Y1 to Y7 in August 2024',
};

/** A DfE attendance code, upper-cased. */
export function parseAttendanceCode(text: string): string | Invalid {
  const code = text.trim().toUpperCase();
  if (isAttendanceCode(code)) return code;
  const withdrawn = WITHDRAWN_CODES[code];
  return new Invalid(`unknown attendance code "${text.trim()}"${withdrawn ? `: ${withdrawn}` : ': use a DfE code in force from August 2024 (see docs/import.md)'}`);
}

/** Table Storage keys may not hold / \ # ? or control characters; ids from the MIS become part of a key. */
export function checkKeyPart(text: string, what: string): Invalid | undefined {
  if (text.length > 200) return new Invalid(`the ${what} is longer than 200 characters`);
  // eslint-disable-next-line no-control-regex
  if (/[/\\#?|\u0000-\u001f\u007f-\u009f]/.test(text)) return new Invalid(`the ${what} "${text}" may not contain / \\ # ? or |`);
  return undefined;
}
