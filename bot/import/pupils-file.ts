/**
 * The pupils file: one row per pupil, as a MIS "student list" report exports it. The file is the truth for
 * the columns it has; a column it lacks leaves what is stored alone (a social worker added in the tab stays
 * when the export has no social worker columns).
 */
import type { Pupil, SenStatus } from '../domain/pupil';
import { Columns, type ColumnSpec } from './columns';
import { CsvFile } from './csv-reader';
import type { PupilDirectory } from './pupil-directory';
import type { FileProblems } from './problems';
import { anyText, RowFields } from './row-fields';
import { Invalid, parseBoolean, parseDate, parseEmail, parsePhone, parseUpn, parseYearGroup } from './values';

export const PUPIL_COLUMNS = {
  upn: { name: 'UPN', aliases: ['Unique Pupil Number'], required: true },
  legalSurname: { name: 'Legal Surname', aliases: ['Surname', 'Last Name', 'Family Name'], required: true },
  legalForename: { name: 'Legal Forename', aliases: ['Forename', 'First Name', 'Given Name'], required: true },
  preferredSurname: { name: 'Preferred Surname' },
  preferredForename: { name: 'Preferred Forename', aliases: ['Preferred Name', 'Known As'] },
  yearGroup: { name: 'Year Group', aliases: ['Year', 'NC Year', 'Year Taught In', 'Curriculum Year'], required: true },
  form: { name: 'Form', aliases: ['Reg Group', 'Registration Group', 'Tutor Group', 'Reg Form', 'Registration Form', 'Form Group'], required: true },
  dateOfBirth: { name: 'Date of Birth', aliases: ['DOB', 'Birth Date'] },
  admissionDate: { name: 'Admission Date', aliases: ['Date of Admission', 'Start Date', 'Entry Date'] },
  leavingDate: { name: 'Leaving Date', aliases: ['Date of Leaving', 'Leave Date'] },
  sen: { name: 'SEN', aliases: ['SEN Status', 'SEN Provision', 'SEND Status', 'SEND'] },
  childProtectionPlan: { name: 'Child Protection Plan', aliases: ['CP Plan', 'CPP', 'Child Protection'] },
  childInNeed: { name: 'Child in Need', aliases: ['CIN'] },
  lookedAfter: { name: 'Looked After', aliases: ['Looked After Child', 'CLA', 'LAC', 'In Care'] },
  youngCarer: { name: 'Young Carer' },
  eal: { name: 'EAL', aliases: ['English as an Additional Language'] },
  homeLanguage: { name: 'Home Language', aliases: ['First Language'] },
  socialWorker: { name: 'Social Worker', aliases: ['Social Worker Name'] },
  socialWorkerPhone: { name: 'Social Worker Phone', aliases: ['Social Worker Telephone'] },
  socialWorkerEmail: { name: 'Social Worker Email' },
  socialWorkerOrganisation: { name: 'Social Worker Organisation', aliases: ['Social Worker Team', 'Social Worker Agency'] },
  youthOffendingWorker: { name: 'Youth Offending Worker', aliases: ['YOT Worker', 'YOS Worker', 'Youth Offending Worker Name'] },
  youthOffendingWorkerPhone: { name: 'Youth Offending Worker Phone', aliases: ['YOT Worker Phone', 'YOS Worker Phone'] },
  youthOffendingWorkerEmail: { name: 'Youth Offending Worker Email', aliases: ['YOT Worker Email', 'YOS Worker Email'] },
  youthOffendingWorkerOrganisation: { name: 'Youth Offending Worker Organisation', aliases: ['YOT Worker Organisation', 'YOS Worker Organisation', 'Youth Offending Team', 'Youth Justice Service'] },
} satisfies Record<string, ColumnSpec>;

type Key = keyof typeof PUPIL_COLUMNS;

/** A pupil as the file has them: the fields its columns give, and the optional fields its columns clear. */
export interface PupilUpdate {
  upn: string;
  line: number;
  file: string;
  values: Partial<Pupil>;
  cleared: Array<keyof Pupil>;
}

/** The pupil after the update: a new pupil gets the defaults for what the file does not say. */
export function applyPupilUpdate(update: PupilUpdate, stored: Pupil | undefined): Pupil {
  const base: Pupil = stored ?? {
    upn: update.upn,
    legalForename: '',
    legalSurname: '',
    yearGroup: 0,
    form: '',
    sen: 'none',
    childProtectionPlan: false,
    childInNeed: false,
    lookedAfter: false,
    youngCarer: false,
    eal: false,
  };
  const next: Pupil = { ...base, ...update.values };
  for (const key of update.cleared) delete next[key];
  return next;
}

/** Where each UPN was first seen across the import's pupils files, to report duplicates. */
export type FirstSeen = Map<string, { file: string; line: number }>;

export function readPupilsFile(content: Buffer, problems: FileProblems, directory: PupilDirectory, seen: FirstSeen): { updates: PupilUpdate[]; rows: number } {
  const updates: PupilUpdate[] = [];
  const csv = CsvFile.read(content, problems);
  const columns = csv && Columns.match(csv, PUPIL_COLUMNS, problems);
  if (!csv || !columns) return { updates, rows: 0 };
  checkProfessionalColumns(columns, csv.headerLine, problems);
  const cells = new RowFields<Key>(columns, problems);
  let rows = 0;
  for (const row of csv.rows()) {
    rows++;
    const r = cells.start(row);
    const upn = r.required('upn', parseUpn);
    if (upn !== undefined) {
      const first = seen.get(upn);
      if (first) {
        r.report('upn', `duplicate UPN ${upn}: it is also on ${first.file === problems.file ? '' : `${first.file} `}line ${first.line}`);
      } else {
        seen.set(upn, { file: problems.file, line: row.line });
        // Known from here on even if another cell is bad, so other files do not also report the pupil as unknown.
        directory.add(upn);
      }
    }
    const values: Partial<Pupil> = {};
    const cleared: Array<keyof Pupil> = [];
    const text = (key: Key & keyof Pupil) => {
      if (!r.has(key)) return;
      const v = r.text(key);
      if (v) (values as Record<string, unknown>)[key] = v;
      else cleared.push(key);
    };
    const date = (key: 'dateOfBirth' | 'admissionDate' | 'leavingDate') => {
      if (!r.has(key)) return;
      const v = r.optional(key, parseDate);
      if (v) values[key] = v;
      else if (r.text(key) === '') cleared.push(key);
    };
    const flag = (key: 'childProtectionPlan' | 'childInNeed' | 'lookedAfter' | 'youngCarer' | 'eal') => {
      if (!r.has(key)) return;
      const v = r.optional(key, parseBoolean);
      values[key] = v ?? false;
    };
    values.legalSurname = r.required('legalSurname', anyText);
    values.legalForename = r.required('legalForename', anyText);
    values.yearGroup = r.required('yearGroup', parseYearGroup);
    values.form = r.required('form', anyText);
    text('preferredSurname');
    text('preferredForename');
    text('homeLanguage');
    date('dateOfBirth');
    date('admissionDate');
    date('leavingDate');
    if (values.admissionDate && values.leavingDate && values.leavingDate < values.admissionDate) {
      r.report('leavingDate', `the leaving date ${values.leavingDate} is before the admission date ${values.admissionDate}`);
    }
    if (r.has('sen')) values.sen = r.optional('sen', parseSen) ?? 'none';
    flag('childProtectionPlan');
    flag('childInNeed');
    flag('lookedAfter');
    flag('youngCarer');
    flag('eal');
    professional(r, values, cleared, 'socialWorker', 'Social worker', 'socialWorkerPhone', 'socialWorkerEmail', 'socialWorkerOrganisation');
    professional(r, values, cleared, 'youthOffendingWorker', 'Youth offending worker', 'youthOffendingWorkerPhone', 'youthOffendingWorkerEmail', 'youthOffendingWorkerOrganisation');
    if (!r.failed && upn !== undefined) updates.push({ upn, line: row.line, file: problems.file, values: { ...values, upn }, cleared });
  }
  return { updates, rows };
}

function professional(
  r: RowFields<Key>,
  values: Partial<Pupil>,
  cleared: Array<keyof Pupil>,
  key: 'socialWorker' | 'youthOffendingWorker',
  role: string,
  phoneKey: Key,
  emailKey: Key,
  organisationKey?: Key,
): void {
  if (!r.has(key)) return;
  const name = r.text(key);
  const phone = r.optional(phoneKey, parsePhone);
  const email = r.optional(emailKey, parseEmail);
  const organisation = organisationKey ? r.text(organisationKey) : '';
  if (!name) {
    if (phone || email || organisation) r.report(key, `a ${role.toLowerCase()}'s details are given but not their name`);
    cleared.push(key);
    return;
  }
  values[key] = {
    name,
    role,
    ...(organisation ? { organisation } : {}),
    ...(phone ? { phone } : {}),
    ...(email ? { email } : {}),
  };
}

/** A professional's phone or email column without the name column cannot be stored: say so at the header. */
function checkProfessionalColumns(columns: Columns<Key>, headerLine: number, problems: FileProblems): void {
  const groups: Array<[Key, Key[]]> = [
    ['socialWorker', ['socialWorkerPhone', 'socialWorkerEmail', 'socialWorkerOrganisation']],
    ['youthOffendingWorker', ['youthOffendingWorkerPhone', 'youthOffendingWorkerEmail', 'youthOffendingWorkerOrganisation']],
  ];
  for (const [name, details] of groups) {
    for (const detail of details) {
      if (columns.has(detail) && !columns.has(name)) {
        problems.add(headerLine, columns.label(detail), `the column needs a "${PUPIL_COLUMNS[name].name}" column with the name beside it`);
      }
    }
  }
}

const SEN: Record<string, SenStatus> = {
  n: 'none', none: 'none', no: 'none', nosen: 'none',
  k: 'sen-support', sensupport: 'sen-support', support: 'sen-support', senk: 'sen-support',
  e: 'ehcp', ehcp: 'ehcp', ehc: 'ehcp', ehcplan: 'ehcp', statement: 'ehcp', s: 'ehcp',
};

/** SEN status as the census codes it (N, K, E) or in words. */
export function parseSen(text: string): SenStatus | Invalid {
  return SEN[text.toLowerCase().replace(/[^a-z]/g, '')] ?? new Invalid(`"${text}" is not an SEN status: write N (none), K (SEN support) or E (EHC plan)`);
}
