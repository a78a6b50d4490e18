/**
 * The demo school's staff: the people the daily flow needs (attendance lead and officer, DSL and
 * deputies, heads of year 7 to 11, form tutors). Names and roles are fixed; the Entra object ids come
 * from the seed, so a different seed is a different tenant.
 */
import type { StaffMember, StaffRole } from '../domain/school';
import { asciiFold } from './demo-names';
import { Random } from './random';

export const DEMO_DOMAIN = 'oakfield.example';
export const DEFAULT_DEMO_SEED = 20240819;

interface StaffSeed {
  forename: string;
  surname: string;
  title: string;
  roles: StaffRole[];
  yearGroups?: number[];
}

const STAFF: readonly StaffSeed[] = [
  { forename: 'Helen', surname: 'Ashworth', title: 'Mrs', roles: ['attendance-lead'] },
  { forename: 'Priya', surname: 'Sharma', title: 'Mrs', roles: ['attendance-officer'] },
  { forename: 'Daniel', surname: 'Okafor', title: 'Mr', roles: ['dsl'] },
  { forename: 'Siobhán', surname: 'Kelly', title: 'Ms', roles: ['deputy-dsl'] },
  { forename: 'Tomasz', surname: 'Nowak', title: 'Mr', roles: ['deputy-dsl'] },
  { forename: 'Grace', surname: 'Thompson', title: 'Miss', roles: ['head-of-year'], yearGroups: [7] },
  { forename: 'Imran', surname: 'Hussain', title: 'Mr', roles: ['head-of-year'], yearGroups: [8] },
  { forename: 'Rachel', surname: 'Green', title: 'Mrs', roles: ['head-of-year'], yearGroups: [9] },
  { forename: 'Callum', surname: 'Fraser', title: 'Mr', roles: ['head-of-year'], yearGroups: [10] },
  { forename: 'Amara', surname: 'Mensah', title: 'Ms', roles: ['head-of-year'], yearGroups: [11] },
  { forename: 'James', surname: 'Whitfield', title: 'Mr', roles: ['staff'] },
  { forename: 'Zoë', surname: "O'Connell", title: 'Ms', roles: ['staff'] },
  { forename: 'Fatima', surname: 'Begum', title: 'Mrs', roles: ['staff'] },
  { forename: 'Owen', surname: 'Davies', title: 'Mr', roles: ['staff'] },
  { forename: 'Hannah', surname: 'Lewis', title: 'Miss', roles: ['staff'] },
];

export function demoStaff(seed: number): StaffMember[] {
  const random = Random.stream(seed, 'staff');
  return STAFF.map((s) => {
    const member: StaffMember = {
      upn: staffUpn(s),
      aadObjectId: random.uuid(),
      displayName: `${s.forename} ${s.surname}`,
      title: `${s.title} ${s.surname}`,
      roles: [...s.roles],
    };
    if (s.yearGroups) member.yearGroups = [...s.yearGroups];
    return member;
  });
}

function staffUpn(s: StaffSeed): string {
  return `${asciiFold(s.forename)[0]}.${asciiFold(s.surname)}@${DEMO_DOMAIN}`;
}

export interface PlaygroundUser {
  aadObjectId: string;
  name: string;
  upn: string;
  /** What they do in the demo, for whoever picks one to sign in as. */
  role: string;
}

const PLAYGROUND_PICKS: readonly { upn: string; role: string }[] = [
  { upn: `p.sharma@${DEMO_DOMAIN}`, role: 'Attendance officer' },
  { upn: `d.okafor@${DEMO_DOMAIN}`, role: 'Designated safeguarding lead' },
  { upn: `r.green@${DEMO_DOMAIN}`, role: 'Head of Year 9' },
  { upn: `j.whitfield@${DEMO_DOMAIN}`, role: 'Form tutor, 7A' },
  { upn: `z.oconnell@${DEMO_DOMAIN}`, role: 'Form tutor, 8C' },
];

/**
 * The five members of staff of the demo school (default seed) who sign in to the Microsoft 365 Agents
 * Playground: the attendance officer, the DSL, a head of year and two form tutors.
 */
export const PLAYGROUND_STAFF: readonly PlaygroundUser[] = (() => {
  const staff = demoStaff(DEFAULT_DEMO_SEED);
  return PLAYGROUND_PICKS.map((pick) => {
    const member = staff.find((s) => s.upn === pick.upn);
    if (!member) throw new Error(`Playground user ${pick.upn} is not on the demo staff list`);
    return Object.freeze({ aadObjectId: member.aadObjectId!, name: member.displayName, upn: member.upn, role: pick.role });
  });
})();
