/**
 * The attendance escalation checklist: what a school must have done, with evidence, before it makes an
 * enforcement referral to the local authority. Every item is confirmed by a named person, on a date, with
 * the evidence; items that apply only in some families ("if regularly late", "if EHCP in place") may
 * instead be confirmed as not applicable, with the reason, unless the case's own facts say they apply.
 */
import type { InvolvedProfessional } from './family';
import type { Actor } from './support-case';

export interface ChecklistItem {
  id: string;
  /** The item as the attendance escalation checklist words it. */
  text: string;
  /** When the item applies only in some circumstances, what they are. */
  appliesWhen?: string;
}

export const ESCALATION_CHECKLIST: readonly ChecklistItem[] = [
  { id: 'first-day-response', text: 'First day telephone calls/home visits questioning reason for absence and offering advice/supportive challenge' },
  { id: 'letters-to-all-parents', text: 'Letters sent to all parents share attendance concern' },
  { id: 'pastoral-staff-spoken-to', text: 'Have you spoken to the form tutor/head of year/pastoral manager?' },
  { id: 'pupil-voice-heard', text: 'Has someone spoken to the young person to establish the reason/hear their voice? (age/ability dependent)' },
  { id: 'parents-met', text: 'Have you met with the parents/carers and asked why the child isn’t attending school? Do these reasons match with the reason the child provided?' },
  { id: 'family-circumstances', text: 'Have family circumstances been considered and have you considered with the family what support may help them at this time? Have any referrals to other agencies been offered?' },
  {
    id: 'lateness-support',
    text: 'If regularly late, has the school start time been shared with parents? Have you provided them with an alarm clock/used a sticker chart etc.? Would the child benefit from attending breakfast club to ensure they are on school site on time each day? Would being met at the school gate help?',
    appliesWhen: 'the pupil is regularly late',
  },
  {
    id: 'siblings-checked',
    text: 'Checked to see if siblings are having the same absences. Have you contacted the school the siblings attend?',
    appliesWhen: 'the pupil has school-age siblings',
  },
  { id: 'other-staff-and-lesson-patterns', text: 'Have you spoken to other staff members to ascertain any other reasons for absence? Look at the patterns on ‘by-lesson attendance’, and if patterns are evident speak to those teachers.' },
  { id: 'young-carer', text: 'Is the child a young carer, and is this having an impact on their attendance?' },
  { id: 'unmet-learning-needs', text: 'Consider if there are any unmet learning needs' },
  {
    id: 'language-and-translation',
    text: 'Is English the second language for this family? Have letters and meetings been translated to allow fair access to school concerns for parents?',
    appliesWhen: 'English is an additional language for the family',
  },
  {
    id: 'ehcp-outcomes',
    text: 'If EHCP in place are the outcomes being supported, when was this last reviewed?',
    appliesWhen: 'the pupil has an EHC plan',
  },
  { id: 'health-considered', text: 'Has the child’s health been considered, have you received any medical evidence?' },
  {
    id: 'external-services-meeting',
    text: 'If external services are involved has a meeting taken place? E.g., TAF, CIN. If there is a lead professional from EHCM, YOS, CAMHS or CSC they should be consulted before an enforcement referral is made.',
    appliesWhen: 'external services are involved',
  },
  {
    id: 'anxiety-support',
    text: 'Where absence is attributed to anxiety or young person’s mental health, have support mechanisms been put in place, e.g. ARNA, ATTEND, MHST?',
    appliesWhen: 'absence is attributed to anxiety or mental health',
  },
];

export type ChecklistAnswer = 'done' | 'not-applicable';

export interface ChecklistConfirmation {
  itemId: string;
  answer: ChecklistAnswer;
  /** What was done and where the record is, or why the item does not apply. */
  evidence: string;
  confirmedBy: Actor;
  confirmedAt: string;
}

/** The facts of the case that decide whether a conditional item can be "not applicable". */
export interface ChecklistFacts {
  ehcp: boolean;
  eal: boolean;
  siblings: number;
  professionals: Pick<InvolvedProfessional, 'name' | 'service'>[];
}

export function checklistItem(id: string): ChecklistItem | undefined {
  return ESCALATION_CHECKLIST.find((i) => i.id === id);
}

/** Why this item cannot be marked not applicable for this case, or undefined when it can. */
export function notApplicableRefusal(item: ChecklistItem, facts: ChecklistFacts): string | undefined {
  if (!item.appliesWhen) return 'This item applies to every case; it cannot be marked not applicable.';
  if (item.id === 'ehcp-outcomes' && facts.ehcp) return 'The pupil has an EHC plan, so this item applies.';
  if (item.id === 'language-and-translation' && facts.eal) return 'English is an additional language for this pupil, so this item applies.';
  if (item.id === 'siblings-checked' && facts.siblings > 0) return `The case lists ${facts.siblings} sibling${facts.siblings === 1 ? '' : 's'}, so this item applies.`;
  if (item.id === 'external-services-meeting' && facts.professionals.length > 0) {
    return `${facts.professionals.map((p) => `${p.name} (${p.service})`).join(', ')} ${facts.professionals.length === 1 ? 'is' : 'are'} involved, so this item applies.`;
  }
  return undefined;
}

export interface ReferralBlocker {
  /** "checklist" for an item not confirmed, "not-applicable" for one whose "not applicable" no longer holds, "lead-professional" for one not consulted. */
  kind: 'checklist' | 'not-applicable' | 'lead-professional';
  itemId?: string;
  professionalId?: string;
  message: string;
}

/**
 * Everything that stands between the case and an enforcement referral: every checklist item confirmed with
 * evidence (and any "not applicable" still true), and every lead professional consulted (the attendance escalation checklist).
 */
export function referralBlockers(input: {
  confirmations: ChecklistConfirmation[];
  professionals: Pick<InvolvedProfessional, 'id' | 'name' | 'service' | 'isLeadProfessional' | 'consulted'>[];
  facts: ChecklistFacts;
}): ReferralBlocker[] {
  const byItem = new Map(input.confirmations.map((c) => [c.itemId, c]));
  const blockers: ReferralBlocker[] = [];
  for (const item of ESCALATION_CHECKLIST) {
    const confirmation = byItem.get(item.id);
    if (!confirmation || !confirmation.evidence.trim()) {
      blockers.push({ kind: 'checklist', itemId: item.id, message: `Not yet confirmed with evidence: ${item.text}` });
      continue;
    }
    if (confirmation.answer === 'not-applicable') {
      const refusal = notApplicableRefusal(item, input.facts);
      if (refusal) blockers.push({ kind: 'not-applicable', itemId: item.id, message: `Marked not applicable, but ${lowerFirst(refusal)} Confirm what was done: ${item.text}` });
    }
  }
  for (const p of input.professionals) {
    if (p.isLeadProfessional && !p.consulted) {
      blockers.push({ kind: 'lead-professional', professionalId: p.id, message: `${p.name} (${p.service}) is the lead professional and has not been consulted.` });
    }
  }
  return blockers;
}

function lowerFirst(s: string): string {
  return s.charAt(0).toLowerCase() + s.slice(1);
}
