/**
 * Who may see and do what in casework. The attendance lead and the DSLs see the whole school; a head of
 * year sees the cases of their year groups; any other member of staff sees only a case they lead or where
 * they are the pupil's trusted adult. Concern detail and decisions on a non-resident parent are the DSL's.
 */
import type { StaffRole } from '../school';
import type { SupportCase } from './support-case';

export interface CaseAccess {
  /** The member of staff's UPN. */
  upn: string;
  roles: StaffRole[];
  /** For a head of year, the year groups they look after. */
  yearGroups: number[];
}

const WHOLE_SCHOOL: readonly StaffRole[] = ['attendance-lead', 'dsl', 'deputy-dsl'];
const SAFEGUARDING: readonly StaffRole[] = ['dsl', 'deputy-dsl'];

function has(access: CaseAccess, roles: readonly StaffRole[]): boolean {
  return access.roles.some((r) => roles.includes(r));
}

export function seesWholeSchool(access: CaseAccess): boolean {
  return has(access, WHOLE_SCHOOL);
}

export function isHeadOfYearFor(access: CaseAccess, yearGroup: number): boolean {
  return access.roles.includes('head-of-year') && access.yearGroups.includes(yearGroup);
}

/** A case this member of staff leads or is the trusted adult in (also the list's "mine" filter). */
export function isInvolvedIn(access: CaseAccess, supportCase: Pick<SupportCase, 'lead' | 'trustedAdult'> | undefined): boolean {
  const me = access.upn.toLowerCase();
  return supportCase?.lead?.upn.toLowerCase() === me || supportCase?.trustedAdult?.upn?.toLowerCase() === me;
}

/** Open, change and close the case of a pupil in this year group. */
export function canManageCase(access: CaseAccess, yearGroup: number, supportCase?: Pick<SupportCase, 'lead'>): boolean {
  return seesWholeSchool(access) || isHeadOfYearFor(access, yearGroup) || (supportCase?.lead?.upn.toLowerCase() === access.upn.toLowerCase());
}

export function canReadCase(access: CaseAccess, yearGroup: number, supportCase?: Pick<SupportCase, 'lead' | 'trustedAdult'>): boolean {
  return canManageCase(access, yearGroup, supportCase) || isInvolvedIn(access, supportCase);
}

/** The trusted adult records their check-ins and the pupil's voice; those who manage the case do too. */
export function canRecordPupilVoice(access: CaseAccess, yearGroup: number, supportCase?: Pick<SupportCase, 'lead' | 'trustedAdult'>): boolean {
  return canReadCase(access, yearGroup, supportCase);
}

/** Concern detail (restricted chronology entries): DSLs only. */
export function canReadSafeguardingDetail(access: CaseAccess): boolean {
  return has(access, SAFEGUARDING);
}

/** Whether a non-resident parent is included in correspondence: the DSL decides (the Support First approach). */
export function canDecideCarerInclusion(access: CaseAccess): boolean {
  return has(access, SAFEGUARDING);
}

/** Recording an enforcement referral: the attendance lead or a DSL. */
export function canRecordReferral(access: CaseAccess): boolean {
  return has(access, WHOLE_SCHOOL);
}

/** A pupil's audit log: the attendance lead. */
export function canReadAuditLog(access: CaseAccess): boolean {
  return access.roles.includes('attendance-lead');
}

/** Which cases a list shows this member of staff: all, their year groups, or those they are involved in. */
export function listsCase(access: CaseAccess, supportCase: Pick<SupportCase, 'pupil' | 'lead' | 'trustedAdult'>): boolean {
  return canReadCase(access, supportCase.pupil.yearGroup, supportCase);
}
