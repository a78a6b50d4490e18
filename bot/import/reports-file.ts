/**
 * Absence reports: each message that explains an absence (a call, an email, the school app, a note) with who
 * sent it, when and how, the sessions it covers and the reason given. A report keeps its MIS id, so the same
 * report imported twice is one report; without an ID column, the id is made from what the report says.
 */
import { createHash } from 'node:crypto';
import type { AbsenceReport, ReportMethod } from '../domain/absence-report';
import type { Session } from '../domain/session-marks';
import type { School } from '../domain/school';
import { Columns, type ColumnSpec } from './columns';
import { CsvFile } from './csv-reader';
import type { PupilDirectory } from './pupil-directory';
import type { FileProblems } from './problems';
import { anyText, RowFields } from './row-fields';
import { checkKeyPart, Invalid, parseAttendanceCode, parseDate, parseDateTime, parseSession } from './values';

export const REPORT_COLUMNS = {
  id: { name: 'Report ID', aliases: ['ID', 'Reference', 'Message ID'] },
  upn: { name: 'UPN', aliases: ['Pupil UPN', 'Student UPN'], required: true },
  reportedBy: { name: 'Reported By', aliases: ['Reporter', 'From', 'Who', 'Caller'], required: true },
  receivedAt: { name: 'Received At', aliases: ['Received', 'Date Received', 'Received Date Time', 'When'], required: true },
  method: { name: 'Method', aliases: ['How', 'Received Via', 'Channel', 'Report Method'], required: true },
  fromDate: { name: 'From Date', aliases: ['Start Date', 'Absence Start'], required: true },
  fromSession: { name: 'From Session', aliases: ['Start Session'] },
  toDate: { name: 'To Date', aliases: ['End Date', 'Absence End'] },
  toSession: { name: 'To Session', aliases: ['End Session'] },
  reason: { name: 'Reason', aliases: ['Details', 'Message', 'Reason Given'], required: true },
  suggestedCode: { name: 'Suggested Code', aliases: ['Code', 'Mark', 'Expected Code'] },
} satisfies Record<string, ColumnSpec>;

type Key = keyof typeof REPORT_COLUMNS;

export type ReportsSeen = Map<string, { file: string; line: number }>;

export function readReportsFile(
  content: Buffer,
  problems: FileProblems,
  school: School,
  directory: PupilDirectory,
  seen: ReportsSeen,
): { reports: AbsenceReport[]; rows: number } {
  const reports: AbsenceReport[] = [];
  const csv = CsvFile.read(content, problems);
  const columns = csv && Columns.match(csv, REPORT_COLUMNS, problems);
  if (!csv || !columns) return { reports, rows: 0 };
  const cells = new RowFields<Key>(columns, problems);
  let rows = 0;
  for (const row of csv.rows()) {
    rows++;
    const r = cells.start(row);
    const upn = directory.pupilOf(r, 'upn', problems);
    const reportedBy = r.required('reportedBy', anyText);
    const receivedAt = r.required('receivedAt', (t) => parseDateTime(t, school.timeZone));
    const method = r.required('method', parseMethod);
    const fromDate = r.required('fromDate', parseDate);
    const fromSession: Session | undefined = r.text('fromSession') === '' ? 'AM' : r.optional('fromSession', parseSession);
    const toDate = r.text('toDate') === '' ? fromDate : r.optional('toDate', parseDate);
    const toSession: Session | undefined = r.text('toSession') === '' ? 'PM' : r.optional('toSession', parseSession);
    const reason = r.required('reason', anyText);
    const suggestedCode = r.optional('suggestedCode', parseAttendanceCode);
    if (fromDate && toDate && fromSession && toSession && `${toDate}${toSession}` < `${fromDate}${fromSession}`) {
      r.report('toDate', `the report ends (${toDate} ${toSession}) before it starts (${fromDate} ${fromSession})`);
    }
    const givenId = r.optional('id', (t) => checkKeyPart(t, 'report ID') ?? t);
    if (r.failed || !upn || !reportedBy || !receivedAt || !method || !fromDate || !fromSession || !toDate || !toSession || !reason) continue;
    const id = givenId ?? derivedId([upn, receivedAt, reportedBy, fromDate, fromSession, toDate, toSession]);
    const first = seen.get(id);
    if (first) {
      const where = `${first.file === problems.file ? '' : `${first.file} `}line ${first.line}`;
      r.report(givenId ? 'id' : undefined, givenId ? `report ID ${id} is also on ${where}` : `the same report is also on ${where}`);
      continue;
    }
    seen.set(id, { file: problems.file, line: row.line });
    reports.push({
      id,
      pupilUpn: upn,
      reportedBy,
      receivedAt,
      method,
      fromDate,
      fromSession,
      toDate,
      toSession,
      reason,
      ...(suggestedCode ? { suggestedCode } : {}),
    });
  }
  return { reports, rows };
}

function derivedId(parts: string[]): string {
  return `r-${createHash('sha256').update(parts.join('\u0000')).digest('hex').slice(0, 20)}`;
}

const METHODS: Record<string, ReportMethod> = {
  phone: 'phone', call: 'phone', phonecall: 'phone', telephone: 'phone', voicemail: 'phone', answerphone: 'phone',
  email: 'email',
  app: 'app', schoolapp: 'app', parentapp: 'app',
  text: 'text', sms: 'text', textmessage: 'text',
  inperson: 'in-person', facetoface: 'in-person', verbal: 'in-person', reception: 'in-person',
  letter: 'letter', note: 'letter', writtennote: 'letter',
};

function parseMethod(text: string): ReportMethod | Invalid {
  return (
    METHODS[text.toLowerCase().replace(/[^a-z]/g, '')] ??
    new Invalid(`"${text}" is not a way of reporting: write phone, email, app, text, in person or letter`)
  );
}
