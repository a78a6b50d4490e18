/** A school as Firstday knows it: identity, its day's clock, its people and its thresholds. */
import type { CardClock } from './card-clock';

export type StaffRole = 'attendance-lead' | 'attendance-officer' | 'dsl' | 'deputy-dsl' | 'head-of-year' | 'staff';

/** Every role, in the order they are listed wherever roles are shown. */
export const STAFF_ROLES: readonly StaffRole[] = ['attendance-lead', 'attendance-officer', 'dsl', 'deputy-dsl', 'head-of-year', 'staff'];

/** How each role reads to a school: in the staff file, on the tab, in messages. */
export const STAFF_ROLE_LABELS: Record<StaffRole, string> = {
  'attendance-lead': 'Attendance lead',
  'attendance-officer': 'Attendance officer',
  dsl: 'DSL',
  'deputy-dsl': 'Deputy DSL',
  'head-of-year': 'Head of year',
  staff: 'Staff',
};

export interface StaffMember {
  /** Entra user principal name, e.g. s.khan@school.example. */
  upn: string;
  /** Entra object id, once resolved (Graph or the Teams activity's aadObjectId). */
  aadObjectId?: string;
  displayName: string;
  /** How the school addresses them on cards, e.g. "Ms Khan". */
  title?: string;
  roles: StaffRole[];
  /** For heads of year: the year groups they look after. */
  yearGroups?: number[];
}

export interface Term {
  name: string;
  /** First and last school day, inclusive, as YYYY-MM-DD in the school's time zone. */
  start: string;
  end: string;
}

export interface AttendanceBand {
  /** Attendance percentage at or below which a pupil is in this band, e.g. 95. */
  belowPercent: number;
  label: string;
  /** UPN of the member of staff who watches this band, if one is named. */
  watcherUpn?: string;
}

export interface School {
  /** DfE unique reference number: the school's id everywhere (partition key). */
  urn: string;
  name: string;
  timeZone: string;
  /** Morning register close, local HH:MM. Registers may stay open at most 30 minutes. */
  registerCloseTime: string;
  /** Afternoon register close, local HH:MM. */
  afternoonRegisterCloseTime: string;
  /** By when a parent must tell the school of tomorrow's absence, local HH:MM. */
  notifyByTime: string;
  staff: StaffMember[];
  /** Entra group ids whose transitive members hold a role, mapped by role. */
  roleGroups: Partial<Record<StaffRole, string>>;
  /** Attendance bands, highest first; the school sets them above the 90% persistent-absence line. */
  bands: AttendanceBand[];
  terms: Term[];
  /** INSET days, bank holidays and other closures inside terms, YYYY-MM-DD. */
  closures: string[];
  /** Whether the officer reviews the morning list before it is posted. */
  reviewBeforePosting: boolean;
  /** Minutes a DSL has to acknowledge a concern before it is raised again. */
  concernAcknowledgeMinutes: number;
  /** The clock every card runs on (card-clock.ts); unset parts take the defaults. */
  cardClock?: Partial<CardClock>;
}

export const DEFAULT_BANDS: AttendanceBand[] = [
  { belowPercent: 95, label: 'Below 95%' },
  { belowPercent: 92, label: 'Below 92%' },
  { belowPercent: 90, label: 'Persistent absence (90% or below)' },
  { belowPercent: 50, label: 'Severe absence (50% or below)' },
];

export function staffWithRole(school: School, role: StaffRole): StaffMember[] {
  return school.staff.filter((s) => s.roles.includes(role));
}

export function findStaff(school: School, idOrUpn: string): StaffMember | undefined {
  const needle = idOrUpn.toLowerCase();
  return school.staff.find((s) => s.upn.toLowerCase() === needle || s.aadObjectId?.toLowerCase() === needle);
}

/** Is the date a school day: inside a term, a weekday, and not a closure. */
export function isSchoolDay(school: Pick<School, 'terms' | 'closures'>, date: string): boolean {
  const day = new Date(`${date}T12:00:00Z`).getUTCDay();
  if (day === 0 || day === 6) return false;
  if (school.closures.includes(date)) return false;
  return school.terms.some((t) => t.start <= date && date <= t.end);
}

/** A DfE URN: six digits. */
export function isUrn(value: string): boolean {
  return /^\d{6}$/.test(value);
}

/** What a new school must be given; everything else starts at the defaults the school then adjusts. */
export interface NewSchool {
  urn: string;
  name: string;
}

/**
 * A new school with sensible defaults: Europe/London, morning register close 09:10, afternoon 13:40,
 * notify-by 08:30, the default bands, review before posting on, 15 minutes to acknowledge a concern.
 * Its staff, terms and closures arrive by import; until then no job runs for it.
 */
export function newSchool(input: NewSchool): School {
  return {
    urn: input.urn,
    name: input.name.trim(),
    timeZone: 'Europe/London',
    registerCloseTime: '09:10',
    afternoonRegisterCloseTime: '13:40',
    notifyByTime: '08:30',
    staff: [],
    roleGroups: {},
    bands: DEFAULT_BANDS.map((b) => ({ ...b })),
    terms: [],
    closures: [],
    reviewBeforePosting: true,
    concernAcknowledgeMinutes: 15,
  };
}

/** What is wrong with a new school's URN and name, field by field; empty when it may be created. */
export function newSchoolProblems(input: { urn?: unknown; name?: unknown }): { field: 'urn' | 'name'; message: string }[] {
  const problems: { field: 'urn' | 'name'; message: string }[] = [];
  if (typeof input.urn !== 'string' || !isUrn(input.urn.trim())) {
    problems.push({ field: 'urn', message: `the URN must be the school's six-digit unique reference number (got ${JSON.stringify(input.urn ?? null)})` });
  }
  if (typeof input.name !== 'string' || !input.name.trim()) problems.push({ field: 'name', message: "the school's name is required" });
  else if (input.name.trim().length > 120) problems.push({ field: 'name', message: 'the name is longer than 120 characters' });
  return problems;
}
