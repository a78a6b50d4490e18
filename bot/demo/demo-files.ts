/**
 * The demo school as the CSV files a school would import: staff, calendar, pupils, contacts, marks, lates
 * and absence reports, with the columns docs/import.md documents. The demo is seeded through the ordinary
 * import, so every server start on empty storage runs the import path end to end; imported, these files
 * give back exactly the records generateDemoSchool made.
 */
import type { BankHolidays } from '../domain/bank-holidays';
import type { Contact, Pupil, SenStatus } from '../domain/pupil';
import type { StaffMember } from '../domain/school';
import { marksOf, type PupilYearMarks } from '../domain/session-marks';
import type { AbsenceReport } from '../domain/absence-report';
import type { ImportFile } from '../import/import-types';
import { STAFF_ROLE_LABELS } from '../domain/school';
import type { DemoSchool } from './demo-school';

/** Every file of the demo school, one per kind. */
export function demoFiles(demo: DemoSchool, holidays: BankHolidays): ImportFile[] {
  return [
    file('staff', 'staff.csv', staffCsv(demo.school.staff)),
    file('calendar', 'calendar.csv', calendarCsv(demo, holidays)),
    file('pupils', 'pupils.csv', pupilsCsv(demo.pupils)),
    file('contacts', 'contacts.csv', contactsCsv(demo.contacts)),
    file('marks', 'marks.csv', marksCsv(demo.marks)),
    file('lates', 'lates.csv', latesCsv(demo.marks)),
    file('reports', 'reports.csv', reportsCsv(demo.reports)),
  ];
}

function file(kind: ImportFile['kind'], name: string, lines: string[]): ImportFile {
  return { kind, name, content: Buffer.from(lines.join('\r\n') + '\r\n', 'utf8') };
}

export function staffCsv(staff: StaffMember[]): string[] {
  return [
    row('Sign-in Name', 'Display Name', 'Title', 'Roles', 'Year Groups', 'Entra Object ID'),
    ...staff.map((s) => row(s.upn, s.displayName, s.title, s.roles.map((r) => STAFF_ROLE_LABELS[r]).join('; '), s.yearGroups?.join('; '), s.aadObjectId)),
  ];
}

/**
 * Terms and INSET days. Bank holidays are not listed: the import closes them from GOV.UK's list, except any
 * after the end of that list, which are listed as closures so the demo keeps its calendar in any year.
 */
export function calendarCsv(demo: DemoSchool, holidays: BankHolidays): string[] {
  const inset = new Set(demo.insetDays);
  const known = new Set(holidays.divisions['england-and-wales'].map((h) => h.date));
  const others = demo.school.closures.filter((d) => !inset.has(d) && !known.has(d));
  return [
    row('Kind', 'Name', 'Start', 'End'),
    ...demo.school.terms.map((t) => row('Term', t.name, t.start, t.end)),
    ...demo.insetDays.map((d) => row('INSET', 'Staff training day', d, '')),
    ...others.map((d) => row('Closure', 'Bank holiday', d, '')),
  ];
}

const SEN: Record<SenStatus, string> = { none: 'N', 'sen-support': 'K', ehcp: 'E' };
const yn = (value: boolean) => (value ? 'Y' : 'N');

export function pupilsCsv(pupils: Pupil[]): string[] {
  return [
    row(
      'UPN', 'Legal Surname', 'Legal Forename', 'Preferred Surname', 'Preferred Forename', 'Year Group', 'Form', 'Date of Birth', 'Admission Date', 'Leaving Date',
      'SEN', 'Child Protection Plan', 'Child in Need', 'Looked After', 'Young Carer', 'EAL', 'Home Language',
      'Social Worker', 'Social Worker Phone', 'Social Worker Email', 'Social Worker Organisation',
      'Youth Offending Worker', 'Youth Offending Worker Phone', 'Youth Offending Worker Email', 'Youth Offending Worker Organisation',
    ),
    ...pupils.map((p) =>
      row(
        p.upn, p.legalSurname, p.legalForename, p.preferredSurname, p.preferredForename, String(p.yearGroup), p.form, p.dateOfBirth, p.admissionDate, p.leavingDate,
        SEN[p.sen], yn(p.childProtectionPlan), yn(p.childInNeed), yn(p.lookedAfter), yn(p.youngCarer), yn(p.eal), p.homeLanguage,
        p.socialWorker?.name, p.socialWorker?.phone, p.socialWorker?.email, p.socialWorker?.organisation,
        p.youthOffendingWorker?.name, p.youthOffendingWorker?.phone, p.youthOffendingWorker?.email, p.youthOffendingWorker?.organisation,
      ),
    ),
  ];
}

export function contactsCsv(contacts: Contact[]): string[] {
  const phone = (c: Contact, label: string) => c.phones.find((p) => p.label === label)?.number;
  return [
    row(
      'UPN', 'Contact ID', 'Priority', 'Name', 'Relationship', 'Parental Responsibility', 'Lives With Pupil',
      'Mobile Phone', 'Home Phone', 'Work Phone', 'Other Phone', 'Email', 'Language', 'Preferred Method', 'Requires DSL Approval',
    ),
    ...contacts.map((c) =>
      row(
        c.pupilUpn, c.contactId, String(c.priority), c.name, c.relationship, yn(c.parentalResponsibility), yn(c.livesWithPupil),
        phone(c, 'mobile'), phone(c, 'home'), phone(c, 'work'), phone(c, 'other'), c.email, c.language, c.preferredMethod, yn(c.requiresDslApproval),
      ),
    ),
  ];
}

/** The register: one row per pupil per day with a mark, AM and PM (blank where the session has none yet). */
export function marksCsv(marks: PupilYearMarks[]): string[] {
  const lines = [row('UPN', 'Date', 'AM', 'PM')];
  for (const year of marks) {
    let day: { date: string; am: string; pm: string } | undefined;
    for (const mark of marksOf(year)) {
      if (day && day.date !== mark.date) {
        lines.push(row(year.upn, day.date, day.am, day.pm));
        day = undefined;
      }
      day ??= { date: mark.date, am: '', pm: '' };
      if (mark.session === 'AM') day.am = mark.code;
      else day.pm = mark.code;
    }
    if (day) lines.push(row(year.upn, day.date, day.am, day.pm));
  }
  return lines;
}

/** The lates register: every L or U with its minutes, laid over the register's mark by the import. */
export function latesCsv(marks: PupilYearMarks[]): string[] {
  const lines = [row('UPN', 'Date', 'Session', 'Mark', 'Minutes Late')];
  for (const year of marks) {
    for (const mark of marksOf(year)) {
      if (mark.minutesLate !== undefined) lines.push(row(mark.upn, mark.date, mark.session, mark.code, String(mark.minutesLate)));
    }
  }
  return lines;
}

export function reportsCsv(reports: AbsenceReport[]): string[] {
  return [
    row('Report ID', 'UPN', 'Reported By', 'Received At', 'Method', 'From Date', 'From Session', 'To Date', 'To Session', 'Reason', 'Suggested Code'),
    ...reports.map((r) => row(r.id, r.pupilUpn, r.reportedBy, r.receivedAt, r.method, r.fromDate, r.fromSession, r.toDate, r.toSession, r.reason, r.suggestedCode)),
  ];
}

/** One CSV line; a value with a comma, quote, line break or edge space is quoted, its quotes doubled. */
function row(...values: Array<string | undefined>): string {
  return values.map((v) => (v === undefined ? '' : /[",\r\n]|^\s|\s$/.test(v) ? `"${v.replace(/"/g, '""')}"` : v)).join(',');
}
