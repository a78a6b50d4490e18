/**
 * The rules for changing a Support First case: each function takes the case as it stands and the change,
 * and gives what to write (the header, items put or removed) or a refusal saying why not. Nothing here
 * knows who may ask (case-access.ts) or how the change is stored.
 */
import type { Pupil } from '../pupil';
import type { StaffMember } from '../school';
import type { CaseItem, CaseItemKind, CaseItems } from './case-items';
import { notApplicableRefusal, referralBlockers, type ChecklistAnswer, type ChecklistFacts, type ChecklistItem, type ReferralBlocker } from './escalation-checklist';
import type { CaseCarer, CaseSibling, InvolvedProfessional } from './family';
import type { Meeting } from './meetings';
import type { Actor, CaseStage, SupportCase } from './support-case';
import type { CommunicationPreferences, TrustedAdult } from './voice';

/** A case with its items, as read. */
export interface CaseState {
  case: SupportCase;
  items: CaseItems;
}

/** What a change writes: the header after it, and the items it adds, replaces or removes. */
export interface CaseChange {
  header: SupportCase;
  put?: CaseItem[];
  remove?: { kind: CaseItemKind; id: string }[];
}

export type CaseRefusalReason =
  /** Nothing is recorded on a closed case until it is reopened. */
  | 'case-closed'
  /** A referral fixes the stage at enforcement, and is recorded once. */
  | 'referral-recorded'
  /** The enforcement stage is reached only by recording the referral. */
  | 'stage-by-referral-only'
  /** Something must be done before an enforcement referral (see blockers). */
  | 'referral-blocked'
  /** "Not applicable" for a checklist item the case's facts say applies. */
  | 'item-applies'
  /** The change names something the case does not have (field says which). */
  | 'not-in-case';

export interface CaseRefusal {
  refused: CaseRefusalReason;
  message: string;
  /** The input field at fault, for a refusal of what was sent. */
  field?: string;
  blockers?: ReferralBlocker[];
}

export type CaseDecision = CaseChange | CaseRefusal;

export function isRefusal(decision: CaseDecision): decision is CaseRefusal {
  return 'refused' in decision;
}

/** Who recorded something, and when (ISO instant). */
export interface Recorded {
  at: string;
  by: Actor;
}

export function refuseClosed(supportCase: SupportCase): CaseRefusal | undefined {
  return supportCase.status === 'closed' ? { refused: 'case-closed', message: 'The case is closed. Reopen it to record more.' } : undefined;
}

/** Records an item (a meeting, a contact, voice, a person, a note, a letter) on an open case. */
export function addItem(supportCase: SupportCase, item: CaseItem): CaseDecision {
  return refuseClosed(supportCase) ?? { header: supportCase, put: [item] };
}

/** An enforcement referral is reached only by recording it, once the escalation checklist is complete. */
export const REFERRAL_STAGE_REFUSAL = 'an enforcement referral is recorded with its own action, once the escalation checklist is complete';

/** Moves the case along the graduated response; once a referral is recorded the stage stays at enforcement. */
export function changeStage(supportCase: SupportCase, stage: CaseStage): CaseDecision {
  const closed = refuseClosed(supportCase);
  if (closed) return closed;
  if (stage === 'enforcement-referral') return { refused: 'stage-by-referral-only', field: 'stage', message: REFERRAL_STAGE_REFUSAL };
  if (supportCase.referral) return { refused: 'referral-recorded', message: 'An enforcement referral has been recorded; the stage stays at enforcement.' };
  return { header: { ...supportCase, stage } };
}

/** A member of the school's staff leads the case. */
export function setLead(supportCase: SupportCase, lead: Pick<StaffMember, 'upn' | 'displayName'>): CaseDecision {
  return refuseClosed(supportCase) ?? { header: { ...supportCase, lead: { upn: lead.upn, name: lead.displayName } } };
}

export function setTrustedAdult(supportCase: SupportCase, adult: TrustedAdult): CaseDecision {
  return refuseClosed(supportCase) ?? { header: { ...supportCase, trustedAdult: adult } };
}

/** Closes an open case with the reason; it is reopened by opening it again (case-opening.ts). */
export function closeCase(supportCase: SupportCase, reason: string, when: Recorded): CaseDecision {
  return refuseClosed(supportCase) ?? { header: { ...supportCase, status: 'closed', closedAt: when.at, closedBy: when.by, closingReason: reason } };
}

/** Marks one of a meeting's agreed actions done, or not done again. */
export function markAgreedAction(supportCase: SupportCase, meeting: Meeting, index: number, done: boolean): CaseDecision {
  const closed = refuseClosed(supportCase);
  if (closed) return closed;
  if (!meeting.agreedActions[index]) return { refused: 'not-in-case', field: 'index', message: `the meeting has ${meeting.agreedActions.length} agreed actions` };
  const agreedActions = meeting.agreedActions.map((a, i) => (i === index ? { ...a, done } : a));
  return { header: supportCase, put: [{ kind: 'meeting', value: { ...meeting, agreedActions } }] };
}

/** A carer added by hand: the DSL's approval is asked of the MIS's contacts only, so it is not required here. */
export function newCarer(input: Omit<CaseCarer, 'id' | 'requiresDslApproval' | 'recordedAt' | 'recordedBy' | 'dslDecision' | 'contactId'>, id: string, when: Recorded): CaseCarer {
  return { ...input, id, requiresDslApproval: false, recordedAt: when.at, recordedBy: when.by };
}

export function setCommunication(supportCase: SupportCase, carer: CaseCarer, communication: CommunicationPreferences): CaseDecision {
  return refuseClosed(supportCase) ?? { header: supportCase, put: [{ kind: 'carer', value: { ...carer, communication } }] };
}

/** The DSL's decision whether a carer (a parent living elsewhere) is included in attendance correspondence. */
export function decideCarerInclusion(supportCase: SupportCase, carer: CaseCarer, input: { decision: 'include' | 'exclude'; reason: string }, when: Recorded): CaseDecision {
  return refuseClosed(supportCase) ?? { header: supportCase, put: [{ kind: 'carer', value: { ...carer, dslDecision: { ...input, by: when.by, at: when.at } } }] };
}

/** The sibling's school was contacted for a joined-up approach (checklist, the attendance escalation checklist). */
export function recordSiblingSchoolContacted(supportCase: SupportCase, sibling: CaseSibling, contacted: { on: string; summary: string }): CaseDecision {
  return refuseClosed(supportCase) ?? { header: supportCase, put: [{ kind: 'sibling', value: { ...sibling, schoolContacted: { on: contacted.on, outcome: contacted.summary } } }] };
}

/** A professional working with the family was consulted (a lead professional must be, before a referral). */
export function recordConsultation(supportCase: SupportCase, professional: InvolvedProfessional, input: { on: string; summary: string }, by: Actor): CaseDecision {
  return refuseClosed(supportCase) ?? { header: supportCase, put: [{ kind: 'professional', value: { ...professional, consulted: { ...input, by } } }] };
}

/** The facts of the case that decide whether a conditional checklist item may be "not applicable". */
export function checklistFacts(pupil: Pick<Pupil, 'sen' | 'eal'>, items: Pick<CaseItems, 'sibling' | 'professional'>): ChecklistFacts {
  return { ehcp: pupil.sen === 'ehcp', eal: pupil.eal, siblings: items.sibling.length, professionals: items.professional };
}

/** What stands between this case and an enforcement referral. */
export function blockersOf(pupil: Pick<Pupil, 'sen' | 'eal'>, state: CaseState): ReferralBlocker[] {
  return referralBlockers({ confirmations: state.items.checklist, professionals: state.items.professional, facts: checklistFacts(pupil, state.items) });
}

/** Confirms a checklist item, done or not applicable, with the evidence; "not applicable" only where the case's facts allow it. */
export function confirmChecklistItem(state: CaseState, pupil: Pick<Pupil, 'sen' | 'eal'>, item: ChecklistItem, input: { answer: ChecklistAnswer; evidence: string }, when: Recorded): CaseDecision {
  const closed = refuseClosed(state.case);
  if (closed) return closed;
  if (input.answer === 'not-applicable') {
    const refusal = notApplicableRefusal(item, checklistFacts(pupil, state.items));
    if (refusal) return { refused: 'item-applies', message: refusal };
  }
  return { header: state.case, put: [{ kind: 'checklist', value: { id: item.id, itemId: item.id, answer: input.answer, evidence: input.evidence, confirmedBy: when.by, confirmedAt: when.at } }] };
}

export function withdrawChecklistItem(supportCase: SupportCase, item: ChecklistItem): CaseDecision {
  return refuseClosed(supportCase) ?? { header: supportCase, remove: [{ kind: 'checklist', id: item.id }] };
}

/**
 * Records the enforcement referral: once, only when nothing blocks it, and it moves the case to the
 * enforcement stage.
 */
export function recordReferral(state: CaseState, pupil: Pick<Pupil, 'sen' | 'eal'>, input: { summary: string; reference?: string }, when: Recorded): CaseDecision {
  const closed = refuseClosed(state.case);
  if (closed) return closed;
  if (state.case.referral) return { refused: 'referral-recorded', message: `An enforcement referral was recorded on ${state.case.referral.at.slice(0, 10)}.` };
  const blockers = blockersOf(pupil, state);
  if (blockers.length) {
    return { refused: 'referral-blocked', message: `An enforcement referral cannot be recorded yet: ${blockers.length} thing${blockers.length === 1 ? '' : 's'} must be done first.`, blockers };
  }
  return { header: { ...state.case, stage: 'enforcement-referral', referral: { ...input, at: when.at, by: when.by } } };
}
