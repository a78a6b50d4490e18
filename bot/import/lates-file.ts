/**
 * The lates register: one row per late arrival, with the minutes late and, usually, the time the pupil signed
 * in. Its mark (L, or U after the register closed) replaces the register's mark for the session: the pupil has
 * arrived. With no mark given, the arrival time against the school's register close time decides L or U.
 */
import { Columns, type ColumnSpec } from './columns';
import { CsvFile } from './csv-reader';
import type { IncomingMarks } from './incoming-marks';
import { DayCache, YIELD_EVERY_ROWS, yieldToEventLoop } from './marks-file';
import type { MarksFileContext } from './marks-file-context';
import type { FileProblems } from './problems';
import { RowFields } from './row-fields';
import { Invalid, isInvalid, parseAttendanceCode, parseSession, parseTime, parseWholeNumber } from './values';

export const LATE_COLUMNS = {
  upn: { name: 'UPN', aliases: ['Pupil UPN', 'Student UPN'], required: true },
  date: { name: 'Date', aliases: ['Session Date', 'Attendance Date'], required: true },
  session: { name: 'Session', aliases: ['AM/PM'] },
  mark: { name: 'Mark', aliases: ['Code', 'Late Code', 'Attendance Mark'] },
  arrivalTime: { name: 'Arrival Time', aliases: ['Arrived', 'Time Arrived', 'Time In', 'Signed In', 'Time'] },
  minutesLate: { name: 'Minutes Late', aliases: ['Mins Late', 'Late Minutes', 'Minutes', 'Late By'], required: true },
} satisfies Record<string, ColumnSpec>;

type Key = keyof typeof LATE_COLUMNS;

/** Registers may stay open at most 30 minutes, and a session lasts a few hours: more than this is a typo. */
const MAX_MINUTES_LATE = 300;

export async function readLatesFile(content: Buffer, problems: FileProblems, context: MarksFileContext, marks: IncomingMarks): Promise<{ rows: number }> {
  const csv = CsvFile.read(content, problems);
  const columns = csv && Columns.match(csv, LATE_COLUMNS, problems);
  if (!csv || !columns) return { rows: 0 };
  if (!columns.has('mark') && !columns.has('arrivalTime')) {
    problems.add(csv.headerLine, 'Mark', 'missing column: give "Mark" (L or U) or "Arrival Time" so each late can be marked L or U');
    return { rows: 0 };
  }
  const { school } = context;
  const days = new DayCache();
  const cells = new RowFields<Key>(columns, problems);
  const dayOf = (text: string) => days.get(text);
  const minutesOf = (text: string) => parseWholeNumber(text, 0, MAX_MINUTES_LATE);
  let rows = 0;
  for (const row of csv.rows()) {
    if (++rows % YIELD_EVERY_ROWS === 0) await yieldToEventLoop();
    const r = cells.start(row);
    const upn = context.directory.pupilOf(r, 'upn', problems);
    const day = r.required('date', dayOf);
    const session = r.optional('session', parseSession) ?? (r.text('session') === '' ? 'AM' : undefined);
    const minutes = r.required('minutesLate', minutesOf);
    const arrival = r.optional('arrivalTime', parseTime);
    let code = r.optional('mark', parseLateCode);
    if (code === undefined && r.text('mark') === '' && session) {
      if (arrival) code = arrival <= (session === 'AM' ? school.registerCloseTime : school.afternoonRegisterCloseTime) ? 'L' : 'U';
      else if (r.text('arrivalTime') === '') r.report('mark', 'give the mark (L or U) or the arrival time');
    }
    if (upn === undefined || day === undefined || session === undefined || minutes === undefined || code === undefined || r.failed) continue;
    const earlier = marks.setLate(upn, day.academicYear, day.am + (session === 'PM' ? 1 : 0), code, minutes, context.fileNo, row.line);
    if (earlier) r.report('upn', `${upn} is already late for the ${session} session of ${day.date} on ${context.where(earlier)}`);
  }
  return { rows };
}

function parseLateCode(text: string): 'L' | 'U' | Invalid {
  const code = parseAttendanceCode(text);
  if (isInvalid(code)) return code;
  if (code === 'L' || code === 'U') return code;
  return new Invalid(`"${text}" is not a late mark: the lates register takes L (before the register closed) or U (after)`);
}
