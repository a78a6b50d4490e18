/**
 * A small school for the casework tests: six staff with each role, pupils in years 7 and 9 (two of them
 * siblings sharing a mother), and a term of marks in which one pupil misses Mondays and is late on
 * Wednesdays, with the figures the attendance statistics keep. Dates are fixed so the figures are known:
 * "today" is Friday 20 November 2026.
 */
import { addDays, weekdayOf } from '../../../bot/domain/clock';
import { upnCheckLetter, type Contact, type Pupil } from '../../../bot/domain/pupil';
import type { School, StaffMember } from '../../../bot/domain/school';
import { emptyYearMarks, withMark, type PupilYearMarks } from '../../../bot/domain/session-marks';
import { AttendanceFigures } from '../../../bot/jobs/attendance-figures';
import { FiguresRepository } from '../../../bot/store/figures-repository';
import type { Repositories } from '../../../bot/store/repositories';

export const URN = '123456';
export const TODAY = '2026-11-20';
/** 10:00 in London on TODAY. */
export const NOW = new Date('2026-11-20T10:00:00Z');
export const TENANT = '6f0d6d3e-7c2b-4c8e-9a51-2b7f0c1d2e3f';

export function upn(n: number): string {
  const rest = `${String(n).padStart(11, '0')}${n % 10}`;
  return `${upnCheckLetter(rest)}${rest}`;
}

const member = (upnAddress: string, name: string, roles: StaffMember['roles'], oid: string, yearGroups?: number[]): StaffMember => ({
  upn: upnAddress,
  aadObjectId: oid,
  displayName: name,
  roles,
  ...(yearGroups ? { yearGroups } : {}),
});

export const STAFF = {
  lead: member('a.lead@test.example', 'Alex Lead', ['attendance-lead'], '11111111-1111-4111-8111-111111111111'),
  dsl: member('d.safe@test.example', 'Dana Safe', ['dsl'], '22222222-2222-4222-8222-222222222222'),
  hoy7: member('h.seven@test.example', 'Harriet Seven', ['head-of-year'], '33333333-3333-4333-8333-333333333333', [7]),
  hoy9: member('h.nine@test.example', 'Hugo Nine', ['head-of-year'], '44444444-4444-4444-8444-444444444444', [9]),
  tutor: member('t.tutor@test.example', 'Toni Tutor', ['staff'], '55555555-5555-4555-8555-555555555555'),
  officer: member('o.officer@test.example', 'Olu Officer', ['attendance-officer'], '66666666-6666-4666-8666-666666666666'),
};

export const PUPILS = {
  /** Year 7: misses Mondays, late on Wednesdays; has a social worker; sibling of `sister`. */
  amir: pupil(upn(1), 'Amir', 'Haddad', 7, '7A', { socialWorker: { name: 'Sam Social', role: 'Social worker', organisation: "Test Children's Services" } }),
  /** Year 9: sister of Amir, absent on some of the same Mondays. */
  sister: pupil(upn(2), 'Layla', 'Haddad', 9, '9B'),
  /** Year 9: attends well. */
  bea: pupil(upn(3), 'Bea', 'Okoro', 9, '9A', { eal: true, homeLanguage: 'Yoruba' }),
};

function pupil(u: string, forename: string, surname: string, yearGroup: number, form: string, extra: Partial<Pupil> = {}): Pupil {
  return {
    upn: u,
    legalForename: forename,
    legalSurname: surname,
    yearGroup,
    form,
    sen: 'none',
    childProtectionPlan: false,
    childInNeed: false,
    lookedAfter: false,
    youngCarer: false,
    eal: false,
    ...extra,
  };
}

export const SCHOOL: School = {
  urn: URN,
  name: 'Test Park School',
  timeZone: 'Europe/London',
  registerCloseTime: '09:10',
  afternoonRegisterCloseTime: '13:40',
  notifyByTime: '08:30',
  staff: Object.values(STAFF),
  roleGroups: {},
  bands: [
    { belowPercent: 95, label: 'Below 95%' },
    { belowPercent: 90, label: 'Persistent absence (90% or below)' },
    { belowPercent: 50, label: 'Severe absence (50% or below)' },
  ],
  terms: [{ name: 'Autumn 2026', start: '2026-09-02', end: '2026-12-18' }],
  closures: [],
  reviewBeforePosting: false,
  concernAcknowledgeMinutes: 15,
};

const contact = (p: Pupil, contactId: string, name: string, relationship: string, priority: number, livesWithPupil: boolean, extra: Partial<Contact> = {}): Contact => ({
  pupilUpn: p.upn,
  contactId,
  priority,
  name,
  relationship,
  parentalResponsibility: true,
  livesWithPupil,
  phones: [{ label: 'mobile', number: '07700 900123' }],
  requiresDslApproval: false,
  ...extra,
});

export const CONTACTS: Contact[] = [
  contact(PUPILS.amir, 'c-mum', 'Nadia Haddad', 'Mother', 1, true),
  contact(PUPILS.amir, 'c-dad', 'Karim Haddad', 'Father', 2, false, { requiresDslApproval: true }),
  contact(PUPILS.sister, 'c-mum', 'Nadia Haddad', 'Mother', 1, true),
  contact(PUPILS.bea, 'c-bea-mum', 'Grace Okoro', 'Mother', 1, true, { language: 'Yoruba' }),
];

/** Marks from the start of term to TODAY: Amir absent (N) every Monday and late (L, 12 min) every Wednesday AM. */
export function termMarks(): PupilYearMarks[] {
  let amir = emptyYearMarks(PUPILS.amir.upn, 2026);
  let sister = emptyYearMarks(PUPILS.sister.upn, 2026);
  let bea = emptyYearMarks(PUPILS.bea.upn, 2026);
  let mondays = 0;
  for (let d = SCHOOL.terms[0].start; d <= TODAY; d = addDays(d, 1)) {
    const wd = weekdayOf(d);
    if (wd > 5) continue;
    for (const session of ['AM', 'PM'] as const) {
      const present = session === 'AM' ? '/' : '\\';
      const amirCode = wd === 1 ? 'N' : wd === 3 && session === 'AM' ? 'L' : present;
      amir = withMark(amir, { upn: amir.upn, date: d, session, code: amirCode, ...(amirCode === 'L' ? { minutesLate: 12 } : {}) });
      const sisterAbsent = wd === 1 && mondays % 2 === 0;
      sister = withMark(sister, { upn: sister.upn, date: d, session, code: sisterAbsent ? 'O' : present });
      bea = withMark(bea, { upn: bea.upn, date: d, session, code: present });
    }
    if (wd === 1) mondays++;
  }
  return [amir, sister, bea];
}

/** The school, its pupils, contacts and marks, and their figures as the statistics store them after the day's import. */
export async function seedCaseSchool(repos: Repositories): Promise<void> {
  await repos.pupils.upsertMany(URN, Object.values(PUPILS));
  await repos.contacts.upsertMany(URN, CONTACTS);
  await repos.marks.upsertMany(URN, termMarks());
  await repos.schools.insert(SCHOOL);
  const figures = new AttendanceFigures({ repos, figures: new FiguresRepository({ store: repos.store }), now: () => NOW });
  // The school has used Firstday since the first week of term (its baseline then, before any band applies),
  // so the pupils below a band now crossed it since: crossings, not a baseline.
  await figures.recomputeSchool(URN, '2026-09-04');
  await figures.recomputeSchool(URN, TODAY);
}
