/**
 * The contacts file: one row per pupil per contact, in the MIS's priority order. For every pupil in the file
 * it is the whole contact list: a contact the MIS no longer lists for that pupil is removed, so nobody rings
 * a person the school has been told not to. Pupils not in the file keep their contacts.
 */
import type { Contact, ContactMethod, PhoneNumber } from '../domain/pupil';
import { Columns, type ColumnSpec } from './columns';
import { CsvFile } from './csv-reader';
import type { PupilDirectory } from './pupil-directory';
import type { FileProblems } from './problems';
import { anyText, RowFields } from './row-fields';
import { checkKeyPart, Invalid, parseBoolean, parseEmail, parsePhone, parseWholeNumber } from './values';

export const CONTACT_COLUMNS = {
  upn: { name: 'UPN', aliases: ['Pupil UPN', 'Student UPN'], required: true },
  contactId: { name: 'Contact ID', aliases: ['Contact Person ID', 'Person ID', 'Contact Reference'], required: true },
  priority: { name: 'Priority', aliases: ['Contact Priority', 'Priority Order', 'Order'], required: true },
  name: { name: 'Name', aliases: ['Contact Name', 'Full Name'] },
  title: { name: 'Title' },
  forename: { name: 'Forename', aliases: ['First Name', 'Contact Forename'] },
  surname: { name: 'Surname', aliases: ['Last Name', 'Contact Surname'] },
  relationship: { name: 'Relationship', aliases: ['Relation', 'Relationship to Pupil', 'Relationship to Student'], required: true },
  parentalResponsibility: { name: 'Parental Responsibility', aliases: ['PR', 'Has Parental Responsibility'] },
  livesWithPupil: { name: 'Lives With Pupil', aliases: ['Lives With Student', 'Lives With', 'Resides With Pupil', 'Same Address'] },
  mobilePhone: { name: 'Mobile Phone', aliases: ['Mobile', 'Mobile Telephone', 'Mobile Number'] },
  homePhone: { name: 'Home Phone', aliases: ['Home Telephone', 'Home Number'] },
  workPhone: { name: 'Work Phone', aliases: ['Work Telephone', 'Work Number'] },
  otherPhone: { name: 'Other Phone', aliases: ['Telephone', 'Phone', 'Phone Number'] },
  email: { name: 'Email', aliases: ['Email Address', 'E-mail'] },
  language: { name: 'Language', aliases: ['Home Language', 'First Language', 'Preferred Language'] },
  preferredMethod: { name: 'Preferred Method', aliases: ['Preferred Contact Method', 'Contact Method'] },
  requiresDslApproval: { name: 'Requires DSL Approval', aliases: ['DSL Approval', 'DSL Approval Required'] },
} satisfies Record<string, ColumnSpec>;

type Key = keyof typeof CONTACT_COLUMNS;

export interface ContactsRead {
  contacts: Contact[];
  /** Pupils whose contact list the file gives. */
  pupils: Set<string>;
  rows: number;
}

/** Where each pupil's contact was first seen across the import's contacts files, to report duplicates. */
export type ContactsSeen = Map<string, { file: string; line: number }>;

export function readContactsFile(content: Buffer, problems: FileProblems, directory: PupilDirectory, seen: ContactsSeen): ContactsRead {
  const out: ContactsRead = { contacts: [], pupils: new Set(), rows: 0 };
  const csv = CsvFile.read(content, problems);
  const columns = csv && Columns.match(csv, CONTACT_COLUMNS, problems);
  if (!csv || !columns) return out;
  if (!columns.has('name') && !columns.has('surname')) {
    problems.add(csv.headerLine, 'Name', 'missing column "Name" (or "Forename" and "Surname")');
    return out;
  }
  const cells = new RowFields<Key>(columns, problems);
  for (const row of csv.rows()) {
    out.rows++;
    const r = cells.start(row);
    const upn = directory.pupilOf(r, 'upn', problems);
    const contactId = r.required('contactId', (t) => checkKeyPart(t, 'contact ID') ?? t);
    if (upn !== undefined && contactId !== undefined) {
      const key = `${upn}|${contactId}`;
      const first = seen.get(key);
      if (first) r.report('contactId', `contact ${contactId} is listed twice for pupil ${upn}: also on ${first.file === problems.file ? '' : `${first.file} `}line ${first.line}`);
      else seen.set(key, { file: problems.file, line: row.line });
    }
    const priority = r.required('priority', (t) => parseWholeNumber(t, 1, 99));
    const name = contactName(r);
    const relationship = r.required('relationship', anyText);
    const phones: PhoneNumber[] = [];
    const phone = (key: Key, label: PhoneNumber['label']) => {
      const number = r.optional(key, parsePhone);
      if (number) phones.push({ label, number });
    };
    phone('mobilePhone', 'mobile');
    phone('homePhone', 'home');
    phone('workPhone', 'work');
    phone('otherPhone', 'other');
    const email = r.optional('email', parseEmail);
    const language = r.text('language');
    const preferredMethod = r.optional('preferredMethod', parseMethod);
    const contact: Contact = {
      pupilUpn: upn ?? '',
      contactId: contactId ?? '',
      priority: priority ?? 0,
      name: name ?? '',
      relationship: relationship ?? '',
      parentalResponsibility: r.optional('parentalResponsibility', parseBoolean) ?? false,
      livesWithPupil: r.optional('livesWithPupil', parseBoolean) ?? false,
      phones,
      ...(email ? { email } : {}),
      ...(language ? { language } : {}),
      ...(preferredMethod ? { preferredMethod } : {}),
      requiresDslApproval: r.optional('requiresDslApproval', parseBoolean) ?? false,
    };
    if (r.failed || upn === undefined) continue;
    out.contacts.push(contact);
    out.pupils.add(upn);
  }
  return out;
}

/** The Name column, or Title, Forename and Surname put together. */
function contactName(r: RowFields<Key>): string | undefined {
  if (r.has('name')) return r.required('name', anyText);
  const parts = [r.text('title'), r.text('forename'), r.text('surname')].filter(Boolean);
  if (r.text('surname') === '') {
    r.report('surname', `"Surname" is empty`);
    return undefined;
  }
  return parts.join(' ');
}

const METHODS: Record<string, ContactMethod> = {
  phone: 'phone', call: 'phone', telephone: 'phone', phonecall: 'phone',
  text: 'text', sms: 'text', textmessage: 'text',
  email: 'email', emailaddress: 'email',
  app: 'app', schoolapp: 'app', parentapp: 'app',
  letter: 'letter', post: 'letter',
};

function parseMethod(text: string): ContactMethod | Invalid {
  return METHODS[text.toLowerCase().replace(/[^a-z]/g, '')] ?? new Invalid(`"${text}" is not a contact method: write phone, text, email, app or letter`);
}
