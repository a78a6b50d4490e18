/**
 * A Support First case (the Support First approach and the early intervention for attendance guidance): the slow work with a family once a pupil's attendance
 * crosses the school's threshold. The case record is the header the case list reads; meetings, voice,
 * people, the checklist, notes and letters are items of the case (see case-items.ts).
 */
import type { CaseDue } from './case-plan';
import type { TrustedAdult } from './voice';

/** Who did something: a member of staff's UPN (or Entra object id) and the name shown. */
export interface Actor {
  id: string;
  name: string;
}

/**
 * The graduated response (the early intervention for attendance guidance): schools engage parents step by step before the local authority
 * considers an enforcement referral. Enforcement is reached only by recording the referral.
 */
export const CASE_STAGES = [
  { id: 'concern', label: 'Concern identified', description: 'First-day calls, letters home and a first conversation about attendance.' },
  { id: 'support-first', label: 'Support First', description: 'Meetings with the family, the pupil\'s and parents\' voice, a plan reviewed with fortnightly contact.' },
  { id: 'parent-contract-meeting', label: 'Parent contract meeting', description: 'School and parents review the support so far and the difficulties the family has.' },
  { id: 'attendance-contract', label: 'Attendance contract', description: 'A formal written agreement between the school and parents, with support on both sides.' },
  { id: 'early-help', label: 'Early Help / multi-agency', description: 'A Team Around the Family or other services lead the support.' },
  { id: 'enforcement-referral', label: 'Enforcement referral', description: 'Referred to the local authority, once every step of the escalation checklist is evidenced.' },
] as const;

export type CaseStage = (typeof CASE_STAGES)[number]['id'];

export const STAGE_IDS: readonly CaseStage[] = CASE_STAGES.map((s) => s.id);

export function stageLabel(stage: CaseStage): string {
  return CASE_STAGES.find((s) => s.id === stage)?.label ?? stage;
}

/** The attendance band a pupil was in when a case opened or last changed band. */
export interface CaseBand {
  label: string;
  belowPercent: number;
  percent: number;
  /** ISO instant of the crossing. */
  at: string;
}

export interface EnforcementReferral {
  at: string;
  by: Actor;
  /** The local authority's reference, once given. */
  reference?: string;
  summary: string;
}

export interface SupportCase {
  urn: string;
  pupilUpn: string;
  /** A copy of the pupil's name, year and form for the list and its search; refreshed on every write. */
  pupil: { name: string; yearGroup: number; form: string };
  status: 'open' | 'closed';
  stage: CaseStage;
  openedAt: string;
  /** The school-local date it opened: the initial meeting is planned from it. */
  openedOn: string;
  /** Set when a closed case was opened again: the plan counts meetings and contacts from that date. */
  reopenedOn?: string;
  openedBy: Actor;
  openedBecause: 'by-hand' | 'band-crossing';
  openingReason: string;
  band?: CaseBand;
  /** The member of staff leading the case (a head of year by default). */
  lead?: { upn: string; name: string };
  trustedAdult?: TrustedAdult;
  closedAt?: string;
  closedBy?: Actor;
  closingReason?: string;
  /** Dates the plan falls due (initial meeting, review, fortnightly contact), from the items. */
  due: CaseDue;
  meetingsHeld: number;
  referral?: EnforcementReferral;
  /** Bumped by every change to the case or its items, so a referral can be sure nothing changed under it. */
  revision: number;
}
