/**
 * The kinds of file the import takes, as a school names them, and a guess at each file's kind from its
 * header (the columns say more than a name like "Export (3).csv") or, failing that, its name. The guess only
 * fills in the choice; the person importing can change it, and the server checks the file against it.
 */
import type { ImportFileKind } from '../../../bot/import/import-types';

export const KIND_LABELS: Record<string, string> = {
  staff: 'Staff list',
  calendar: 'Calendar (terms and closures)',
  pupils: 'Pupils',
  contacts: 'Contacts',
  marks: 'Register marks',
  lates: 'Lates register',
  reports: 'Absence reports',
};

export function kindLabel(kind: string): string {
  return KIND_LABELS[kind] ?? kind;
}

/** Header names as the import matches them: lower case, letters and digits only. */
function normalise(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]/g, '');
}

/** The columns of the first non-blank line, split on any of the separators an export might use. */
export function headerColumns(text: string): Set<string> {
  const line = text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/).find((l) => l.replace(/[,;\t|\s"]/g, '') !== '') ?? '';
  return new Set(line.split(/[,;\t|]/).map(normalise).filter(Boolean));
}

const has = (columns: Set<string>, ...names: string[]) => names.some((n) => columns.has(n));

function fromHeader(c: Set<string>): ImportFileKind | undefined {
  if (has(c, 'roles', 'role', 'firstdayroles', 'firstdayrole') && has(c, 'signinname', 'upn', 'userprincipalname', 'email', 'username', 'login', 'displayname')) return 'staff';
  if (has(c, 'kind', 'type', 'eventtype', 'category') && has(c, 'start', 'startdate', 'date', 'from', 'fromdate', 'firstday') && !has(c, 'upn')) return 'calendar';
  if (has(c, 'contactid', 'contactpersonid', 'personid', 'contactreference') || (has(c, 'priority', 'contactpriority') && has(c, 'relationship', 'relation'))) return 'contacts';
  if (has(c, 'reportedby', 'reporter', 'receivedat', 'datereceived', 'receiveddatetime')) return 'reports';
  if (has(c, 'minuteslate', 'minslate', 'lateminutes', 'lateby', 'arrivaltime', 'timearrived', 'signedin')) return 'lates';
  if (has(c, 'date', 'sessiondate', 'attendancedate', 'registerdate') && has(c, 'am', 'pm', 'ammark', 'pmmark', 'amcode', 'pmcode', 'mark', 'code', 'attendancemark', 'attendancecode', 'session')) return 'marks';
  if (has(c, 'legalsurname', 'surname', 'lastname', 'familyname') && has(c, 'yeargroup', 'year', 'ncyear', 'form', 'reggroup', 'registrationgroup', 'tutorgroup')) return 'pupils';
  return undefined;
}

function fromName(name: string): ImportFileKind | undefined {
  const n = name.toLowerCase();
  const rules: [RegExp, ImportFileKind][] = [
    [/staff|roles/, 'staff'],
    [/calendar|term.?dates|terms|closures/, 'calendar'],
    [/contact/, 'contacts'],
    [/late/, 'lates'],
    [/report|absence|message/, 'reports'],
    [/mark|register|attendance|session/, 'marks'],
    [/pupil|student|roll/, 'pupils'],
  ];
  return rules.find(([re]) => re.test(n))?.[1];
}

/** The kind this file most likely is, among those the server takes; undefined when neither header nor name says. */
export function guessKind(name: string, headerText: string, kinds: readonly string[]): ImportFileKind | undefined {
  const guess = fromHeader(headerColumns(headerText)) ?? fromName(name);
  return guess && kinds.includes(guess) ? guess : undefined;
}
