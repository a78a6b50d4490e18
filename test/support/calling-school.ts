/**
 * A small school for the calling tests: staff with every role (and twenty callers for the race), pupils
 * absent with N, with no mark, explained, late and present on a Monday in term, and contacts with phone
 * numbers (Ofcom's drama ranges) and email addresses so that the privacy checks have something to find.
 */
import { createHash } from 'node:crypto';
import type { AbsenceReport } from '../../bot/domain/absence-report';
import type { Contact, Pupil } from '../../bot/domain/pupil';
import { upnCheckLetter } from '../../bot/domain/pupil';
import type { School, StaffMember, StaffRole } from '../../bot/domain/school';
import { emptyYearMarks, withMark, type PupilYearMarks } from '../../bot/domain/session-marks';
import type { Repositories } from '../../bot/store/repositories';

export const DAY = '2026-03-02';
/** 09:30 in London on the day (GMT): the register closed at 09:10. */
export const DURING_CALLS = '2026-03-02T09:30:00Z';
export const TENANT = '6f1c1a52-0000-4000-8000-00000000aaaa';

/** A Teams user as activities carry them. */
export interface TeamsPerson {
  mri: string;
  aadObjectId: string;
  name: string;
  upn: string;
}

export interface CallingSchool {
  school: School;
  pupils: Pupil[];
  contacts: Contact[];
  /** Pupils who should be on the day's list, in list order. */
  expectedList: string[];
  lead: TeamsPerson;
  officer: TeamsPerson;
  dsl: TeamsPerson;
  /** Members of staff who can claim (twenty unless asked for more). */
  callers: TeamsPerson[];
  /** Someone in the team who is not on the staff list. */
  stranger: TeamsPerson;
}

export function upn(n: number, urn: string): string {
  const rest = `${urn.slice(0, 3)}00000${String(n).padStart(3, '0')}0`;
  return upnCheckLetter(rest) + rest;
}

function person(id: string, name: string, domain: string): TeamsPerson {
  const hex = createHash('sha256').update(id).digest('hex').slice(0, 12);
  const aadObjectId = `00000000-0000-4000-8000-${hex}`;
  return { mri: `29:${id}`, aadObjectId, name, upn: `${id}@${domain}` };
}

function staffOf(p: TeamsPerson, roles: StaffRole[], title: string): StaffMember {
  return { upn: p.upn, aadObjectId: p.aadObjectId, displayName: p.name, title, roles };
}

export interface CallingSchoolOptions {
  urn?: string;
  name?: string;
  /** How many pupils are absent with no explanation (the list). */
  absent?: number;
  reviewBeforePosting?: boolean;
  /** Members of staff who can claim (20 by default). */
  callers?: number;
}

export function callingSchool(options: CallingSchoolOptions = {}): CallingSchool {
  const urn = options.urn ?? '100001';
  const domain = `school${urn}.example`;
  const lead = person(`lead${urn}`, 'Helen Ashworth', domain);
  const officer = person(`officer${urn}`, 'Priya Sharma', domain);
  const dsl = person(`dsl${urn}`, 'Daniel Okafor', domain);
  const callers = Array.from({ length: options.callers ?? 20 }, (_, i) => person(`caller${i}x${urn}`, `Caller ${i + 1}`, domain));
  const stranger = person(`visitor${urn}`, 'Visiting Supply', domain);
  const school: School = {
    urn,
    name: options.name ?? 'Oakfield Park Academy',
    timeZone: 'Europe/London',
    registerCloseTime: '09:10',
    afternoonRegisterCloseTime: '13:50',
    notifyByTime: '08:30',
    staff: [
      staffOf(lead, ['attendance-lead'], 'Mrs Ashworth'),
      staffOf(officer, ['attendance-officer'], 'Mrs Sharma'),
      staffOf(dsl, ['dsl'], 'Mr Okafor'),
      ...callers.map((c, i) => staffOf(c, ['staff'], `Mx Caller${i + 1}`)),
    ],
    roleGroups: {},
    bands: [],
    // The summer term too: a calendar in order, so the lead is not told it is running out (test/bot/calendar-notices).
    terms: [
      { name: 'Spring', start: '2026-01-05', end: '2026-03-27' },
      { name: 'Summer', start: '2026-04-20', end: '2026-07-22' },
    ],
    closures: [],
    reviewBeforePosting: options.reviewBeforePosting ?? false,
    concernAcknowledgeMinutes: 15,
  };

  const absent = options.absent ?? 6;
  const pupils: Pupil[] = [];
  const contacts: Contact[] = [];
  const total = absent + 4;
  for (let i = 0; i < total; i++) {
    const p: Pupil = {
      upn: upn(i + 1, urn),
      legalForename: ['Amy', 'Ben', 'Chloe', 'Dev', 'Ella', 'Finn', 'Grace', 'Hari', 'Isla', 'Jack'][i % 10],
      legalSurname: `Surname${String(i + 1).padStart(3, '0')}`,
      yearGroup: 7 + (i % 5),
      form: `${7 + (i % 5)}${'ABC'[i % 3]}`,
      sen: 'none',
      childProtectionPlan: false,
      childInNeed: false,
      lookedAfter: i === 1,
      youngCarer: false,
      eal: false,
    };
    pupils.push(p);
    const n = String(100 + i).padStart(3, '0');
    contacts.push(
      {
        pupilUpn: p.upn,
        contactId: `m${i}`,
        priority: 1,
        name: `Mrs ${p.legalSurname}`,
        relationship: 'Mother',
        parentalResponsibility: true,
        livesWithPupil: true,
        phones: [{ label: 'mobile', number: `07700 900${n}` }],
        email: `parent${i}@family.example`,
        requiresDslApproval: false,
      },
      {
        pupilUpn: p.upn,
        contactId: `d${i}`,
        priority: 2,
        name: `Mr ${p.legalSurname}`,
        relationship: 'Father',
        parentalResponsibility: true,
        livesWithPupil: true,
        phones: [
          { label: 'mobile', number: `07700 901${n}` },
          { label: 'work', number: `0118 496 0${n}` },
        ],
        requiresDslApproval: false,
      },
    );
  }
  return { school, pupils, contacts, expectedList: [], lead, officer, dsl, callers, stranger };
}

/**
 * Stores the school with marks for the day: the first `absent` pupils unexplained (alternately N and no mark);
 * of the other four, one explained by a report, one late, one present, one authorised.
 */
export async function seedCallingSchool(repos: Repositories, s: CallingSchool, absent = s.pupils.length - 4): Promise<CallingSchool> {
  const { school } = s;
  await repos.schools.insert(school);
  await repos.pupils.upsertMany(school.urn, s.pupils);
  await repos.contacts.upsertMany(school.urn, s.contacts);
  const marks: PupilYearMarks[] = [];
  const reports: AbsenceReport[] = [];
  s.pupils.forEach((p, i) => {
    let code: string | undefined;
    if (i < absent) code = i % 2 === 0 ? 'N' : undefined;
    else if (i === absent) {
      code = 'N';
      reports.push({ id: `r${i}`, pupilUpn: p.upn, reportedBy: 'Mother', receivedAt: '2026-03-02T08:05:00Z', method: 'phone', fromDate: DAY, fromSession: 'AM', toDate: DAY, toSession: 'PM', reason: 'Sick' });
    } else code = ['L', '/', 'I'][i - absent - 1];
    const year = emptyYearMarks(p.upn, 2025);
    marks.push(code ? withMark(year, { upn: p.upn, date: DAY, session: 'AM', code }) : year);
  });
  await repos.marks.upsertMany(school.urn, marks);
  await repos.absenceReports.upsertMany(school.urn, reports);
  const listed = s.pupils.slice(0, absent);
  listed.sort((a, b) => a.yearGroup - b.yearGroup || a.form.localeCompare(b.form) || a.legalSurname.localeCompare(b.legalSurname));
  s.expectedList = listed.map((p) => p.upn);
  return s;
}

/** Marks a pupil absent with N on the day (e.g. a correction after the first run). */
export async function markAbsent(repos: Repositories, urn: string, pupilUpn: string): Promise<void> {
  const year = (await repos.marks.get(urn, 2025, pupilUpn))?.value ?? emptyYearMarks(pupilUpn, 2025);
  await repos.marks.upsertMany(urn, [withMark(year, { upn: pupilUpn, date: DAY, session: 'AM', code: 'N' })]);
}
