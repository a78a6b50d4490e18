/**
 * The register marks file, in either of the layouts MIS exports use: one row per pupil per day with AM and PM
 * columns (either may be absent, e.g. a morning-only export), or one row per session with Session and Mark
 * columns. A blank mark, or "-", says nothing and leaves any stored mark alone.
 */
import { academicYearOf, sessionIndex, type Session } from '../domain/session-marks';
import { Columns, type ColumnSpec } from './columns';
import { CsvFile } from './csv-reader';
import type { IncomingMarks } from './incoming-marks';
import type { MarksFileContext } from './marks-file-context';
import type { FileProblems } from './problems';
import { RowFields } from './row-fields';
import { Invalid, isInvalid, parseAttendanceCode, parseDate, parseSession } from './values';

export const MARK_COLUMNS = {
  upn: { name: 'UPN', aliases: ['Pupil UPN', 'Student UPN'], required: true },
  date: { name: 'Date', aliases: ['Session Date', 'Attendance Date', 'Register Date'], required: true },
  am: { name: 'AM', aliases: ['AM Mark', 'AM Code', 'Morning'] },
  pm: { name: 'PM', aliases: ['PM Mark', 'PM Code', 'Afternoon'] },
  session: { name: 'Session', aliases: ['AM/PM', 'Session Type'] },
  mark: { name: 'Mark', aliases: ['Code', 'Attendance Mark', 'Attendance Code', 'Mark Code'] },
} satisfies Record<string, ColumnSpec>;

type Key = keyof typeof MARK_COLUMNS;

/** A year of marks is hundreds of thousands of rows: let the server answer other requests while they are read. */
export const YIELD_EVERY_ROWS = 16_384;

export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

export interface SchoolDay {
  date: string;
  academicYear: number;
  /** Session index of the morning; the afternoon is the next. */
  am: number;
}

/** Dates repeat on every row of a register export: each distinct text is parsed once. */
export class DayCache {
  private readonly days = new Map<string, SchoolDay | Invalid>();

  get(text: string): SchoolDay | Invalid {
    let day = this.days.get(text);
    if (!day) {
      const date = parseDate(text);
      day = isInvalid(date) ? date : { date, academicYear: academicYearOf(date), am: sessionIndex(date, 'AM') };
      this.days.set(text, day);
    }
    return day;
  }
}

export async function readMarksFile(content: Buffer, problems: FileProblems, context: MarksFileContext, marks: IncomingMarks): Promise<{ rows: number }> {
  const csv = CsvFile.read(content, problems);
  const columns = csv && Columns.match(csv, MARK_COLUMNS, problems);
  if (!csv || !columns) return { rows: 0 };
  const perSession = columns.has('session') || columns.has('mark');
  const daily = columns.has('am') || columns.has('pm');
  if (perSession && daily) {
    problems.add(csv.headerLine, undefined, 'the file has both AM/PM columns and Session/Mark columns: export one layout or the other');
    return { rows: 0 };
  }
  if (!perSession && !daily) {
    problems.add(csv.headerLine, 'AM', 'missing columns: give "AM" and "PM" marks per day, or "Session" and "Mark" per session');
    return { rows: 0 };
  }
  if (perSession) {
    for (const key of ['session', 'mark'] as const) {
      if (!columns.has(key)) problems.add(csv.headerLine, MARK_COLUMNS[key].name, `missing column "${MARK_COLUMNS[key].name}": a file with one row per session needs both "Session" and "Mark"`);
    }
    if (!columns.has('session') || !columns.has('mark')) return { rows: 0 };
  }
  const days = new DayCache();
  const codes = new Map<string, string | Invalid>();
  const cells = new RowFields<Key>(columns, problems);
  const put = (upn: string, day: SchoolDay, session: Session, key: Key) => {
    const text = cells.text(key);
    if (text === '' || text === '-') return;
    let code = codes.get(text);
    if (code === undefined) {
      code = parseAttendanceCode(text);
      codes.set(text, code);
    }
    if (isInvalid(code)) {
      cells.report(key, code.message);
      return;
    }
    const earlier = marks.setMark(upn, day.academicYear, day.am + (session === 'PM' ? 1 : 0), code, context.fileNo, cells.line);
    if (earlier) cells.report(key, `a second ${session} mark for ${upn} on ${day.date}: the first is on ${context.where(earlier)}`);
  };
  const dayOf = (text: string) => days.get(text);
  let rows = 0;
  for (const row of csv.rows()) {
    if (++rows % YIELD_EVERY_ROWS === 0) await yieldToEventLoop();
    const r = cells.start(row);
    const upn = context.directory.pupilOf(r, 'upn', problems);
    const day = r.required('date', dayOf);
    if (upn === undefined || day === undefined) continue;
    if (daily) {
      put(upn, day, 'AM', 'am');
      put(upn, day, 'PM', 'pm');
    } else {
      const session = r.required('session', parseSession);
      if (session) put(upn, day, session, 'mark');
    }
  }
  return { rows };
}
