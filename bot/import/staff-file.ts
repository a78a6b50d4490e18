/**
 * The staff file: who works at the school, what Firstday lets each of them do, and the year groups a head of
 * year looks after. The file is the whole list: someone not in it has left and loses access when it is
 * imported. An Entra object id the file leaves blank is kept from the stored list (matched by sign-in name),
 * so a list exported without ids does not undo what Teams has told Firstday.
 */
import { STAFF_ROLE_LABELS, type School, type StaffMember, type StaffRole } from '../domain/school';
import { Columns, type ColumnSpec } from './columns';
import { CsvFile } from './csv-reader';
import type { FileProblems } from './problems';
import { anyText, RowFields } from './row-fields';
import { Invalid, isInvalid, parseYearGroup } from './values';

export const STAFF_COLUMNS = {
  upn: { name: 'Sign-in Name', aliases: ['UPN', 'User Principal Name', 'Sign In', 'Login', 'Username', 'Email', 'Email Address', 'Work Email'], required: true },
  displayName: { name: 'Display Name', aliases: ['Name', 'Full Name', 'Staff Name'], required: true },
  title: { name: 'Title', aliases: ['Addressed As', 'Card Name', 'Salutation'] },
  roles: { name: 'Roles', aliases: ['Role', 'Firstday Roles', 'Firstday Role'], required: true },
  yearGroups: { name: 'Year Groups', aliases: ['Year Group', 'Years', 'Head of Year For'] },
  aadObjectId: { name: 'Entra Object ID', aliases: ['Object ID', 'Entra ID', 'AAD Object ID', 'Azure AD Object ID', 'User ID'] },
} satisfies Record<string, ColumnSpec>;

type Key = keyof typeof STAFF_COLUMNS;

/** The names a school may write for each role, as normalised (lower case, letters and digits only). */
const ROLE_NAMES: Record<StaffRole, string[]> = {
  'attendance-lead': ['attendancelead', 'leadforattendance', 'seniorattendancelead'],
  'attendance-officer': ['attendanceofficer'],
  dsl: ['dsl', 'designatedsafeguardinglead'],
  'deputy-dsl': ['deputydsl', 'ddsl', 'deputydesignatedsafeguardinglead'],
  'head-of-year': ['headofyear', 'hoy'],
  staff: ['staff', 'memberofstaff', 'formtutor', 'tutor'],
};

const ROLE_BY_NAME = new Map<string, StaffRole>(
  (Object.entries(ROLE_NAMES) as [StaffRole, string[]][]).flatMap(([role, names]) => [[role.replace(/[^a-z]/g, ''), role] as const, ...names.map((n) => [n, role] as const)]),
);

/** Reception to Year 13: the year groups a head of year may look after. */
const YEAR_GROUP_MIN = 0;
const YEAR_GROUP_MAX = 13;

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface StaffRow {
  member: StaffMember;
  file: string;
  line: number;
}

/** Where each sign-in name and Entra id was first seen across the import's staff files, to report duplicates. */
export interface StaffSeen {
  upns: Map<string, { file: string; line: number }>;
  ids: Map<string, { file: string; line: number }>;
}

export function newStaffSeen(): StaffSeen {
  return { upns: new Map(), ids: new Map() };
}

export function readStaffFile(content: Buffer, problems: FileProblems, seen: StaffSeen): { staff: StaffRow[]; rows: number } {
  const staff: StaffRow[] = [];
  const csv = CsvFile.read(content, problems);
  const columns = csv && Columns.match(csv, STAFF_COLUMNS, problems);
  if (!csv || !columns) return { staff, rows: 0 };
  const cells = new RowFields<Key>(columns, problems);
  const where = (first: { file: string; line: number }) => `${first.file === problems.file ? '' : `${first.file} `}line ${first.line}`;
  let rows = 0;
  for (const row of csv.rows()) {
    rows++;
    const r = cells.start(row);
    const upn = r.required('upn', parseSignInName);
    if (upn !== undefined) {
      const first = seen.upns.get(upn.toLowerCase());
      if (first) r.report('upn', `${upn} is listed twice: it was first on ${where(first)}`);
      else seen.upns.set(upn.toLowerCase(), { file: problems.file, line: row.line });
    }
    const displayName = r.required('displayName', anyText);
    const title = r.text('title');
    const roles = r.required('roles', parseRoles, 'is empty: give at least one role, e.g. Staff');
    const yearGroups = r.optional('yearGroups', parseYearGroups);
    if (roles?.includes('head-of-year') && yearGroups === undefined && r.text('yearGroups') === '') {
      r.report(r.has('yearGroups') ? 'yearGroups' : 'roles', `a head of year needs the year groups they look after in "${r.label('yearGroups')}", e.g. 7 or 10; 11`);
    }
    if (roles && !roles.includes('head-of-year') && yearGroups !== undefined) {
      r.report('yearGroups', `year groups are for heads of year: add "Head of year" to their roles, or leave "${r.label('yearGroups')}" blank`);
    }
    const aadObjectId = r.optional('aadObjectId', parseObjectId);
    if (aadObjectId !== undefined) {
      const first = seen.ids.get(aadObjectId);
      if (first) r.report('aadObjectId', `Entra object id ${aadObjectId} is also given on ${where(first)}: each person has their own`);
      else seen.ids.set(aadObjectId, { file: problems.file, line: row.line });
    }
    if (r.failed || upn === undefined || displayName === undefined || roles === undefined) continue;
    const member: StaffMember = {
      upn,
      ...(aadObjectId ? { aadObjectId } : {}),
      displayName,
      ...(title ? { title } : {}),
      roles,
      ...(yearGroups ? { yearGroups } : {}),
    };
    staff.push({ member, file: problems.file, line: row.line });
  }
  return { staff, rows };
}

/**
 * The staff list a set of staff files makes: in file order, each member keeping the Entra object id already
 * known for their sign-in name when the file gives none.
 */
export function staffListFrom(rows: StaffRow[], stored: StaffMember[]): StaffMember[] {
  const known = new Map(stored.map((s) => [s.upn.toLowerCase(), s]));
  return rows.map(({ member }) => {
    const before = known.get(member.upn.toLowerCase());
    return !member.aadObjectId && before?.aadObjectId ? { ...member, aadObjectId: before.aadObjectId } : member;
  });
}

/**
 * A school must keep someone who can run its imports and its daily list: at least one attendance lead or
 * attendance officer, in the file or through an Entra group the school maps to one of those roles.
 */
export function checkStaffList(rows: StaffRow[], school: School, problems: FileProblems): void {
  const keeps = (role: StaffRole) => rows.some((r) => r.member.roles.includes(role)) || Boolean(school.roleGroups[role]);
  if (!keeps('attendance-lead') && !keeps('attendance-officer')) {
    problems.whole(
      'the staff list has no attendance lead or attendance officer: a school must keep at least one, to import its data and run its morning list. Give someone the role "Attendance lead" or "Attendance officer"',
    );
  }
}

/** An Entra sign-in name: name@domain, the domain with at least one dot. */
export function parseSignInName(text: string): string | Invalid {
  const t = text.trim();
  if (!/^[^@\s]+@[^@\s.]+(\.[^@\s.]+)+$/.test(t)) return new Invalid(`"${t}" is not a sign-in name: write it as name@domain, e.g. h.ashworth@school.example`);
  return t;
}

/** Roles by their readable names or Firstday's ids, separated by ; or | (or commas in a quoted cell). */
export function parseRoles(text: string): StaffRole[] | Invalid {
  const roles: StaffRole[] = [];
  for (const part of text.split(/[;|,]/)) {
    const name = part.trim();
    if (!name) continue;
    const role = ROLE_BY_NAME.get(name.toLowerCase().replace(/[^a-z0-9]/g, ''));
    if (!role) {
      return new Invalid(`"${name}" is not a role Firstday knows: use ${Object.values(STAFF_ROLE_LABELS).join(', ')}, separated by ; or |`);
    }
    if (!roles.includes(role)) roles.push(role);
  }
  if (roles.length === 0) return new Invalid('no role is given: give at least one role, e.g. Staff');
  return roles;
}

/** Year groups separated by ; or | (or commas in a quoted cell): "7", "10; 11", "Year 7|Year 8", "R". */
export function parseYearGroups(text: string): number[] | Invalid {
  const groups: number[] = [];
  for (const part of text.split(/[;|,]/)) {
    const name = part.trim();
    if (!name) continue;
    const year = parseYearGroup(name);
    if (isInvalid(year)) return new Invalid(`"${name}" is not a year group: write 7, Year 7 or R (reception), separated by ; or |`);
    if (year < YEAR_GROUP_MIN || year > YEAR_GROUP_MAX) {
      return new Invalid(`"${name}" is out of range: a head of year looks after Reception (R) to Year 13`);
    }
    if (!groups.includes(year)) groups.push(year);
  }
  return groups.length ? groups.sort((a, b) => a - b) : new Invalid('no year group is given');
}

function parseObjectId(text: string): string | Invalid {
  const t = text.trim();
  if (!GUID.test(t)) return new Invalid(`"${t}" is not an Entra object id: it looks like 0f8fad5b-d9cb-469f-a165-70867728950e (leave it blank if you do not know it)`);
  return t.toLowerCase();
}
