/**
 * The call log of first-day calling (the first-day calling guidance steps 5 to 8): ring everyone on the contact list until someone
 * answers, at least twice round, before recording "no contact". Rounds are counted per contact.
 */
import type { Contact, PhoneNumber } from './pupil';
import { contactsInCallOrder } from './pupil';

export type AttemptOutcome = 'no-answer' | 'voicemail' | 'text-sent' | 'wrong-number' | 'overseas-ringtone' | 'answered';

export interface AttemptOutcomeInfo {
  outcome: AttemptOutcome;
  /** What a member of staff picks. */
  label: string;
  /** Whether the attempt counts as ringing the contact for this round. A text alone does not: follow it with a call. */
  countsAsRing: boolean;
}

export const ATTEMPT_OUTCOMES: readonly AttemptOutcomeInfo[] = [
  { outcome: 'no-answer', label: 'No answer', countsAsRing: true },
  { outcome: 'voicemail', label: 'Voicemail: message left', countsAsRing: true },
  { outcome: 'text-sent', label: 'Text message sent', countsAsRing: false },
  { outcome: 'wrong-number', label: 'Wrong number or not in service', countsAsRing: true },
  { outcome: 'overseas-ringtone', label: 'Overseas ringtone (family may be abroad)', countsAsRing: true },
  { outcome: 'answered', label: 'Answered', countsAsRing: true },
];

export function attemptOutcomeInfo(outcome: string): AttemptOutcomeInfo | undefined {
  return ATTEMPT_OUTCOMES.find((o) => o.outcome === outcome);
}

/** The minimum number of full rounds of the contact list before "no contact" may be recorded. */
export const MIN_ROUNDS = 2;

export interface CallAttempt {
  id: string;
  contactId: string;
  /** Shown in the log: "Mum (Mrs A Smith)". Never the number. */
  contactName: string;
  phoneLabel?: PhoneNumber['label'];
  outcome: AttemptOutcome;
  /** Set when someone answered but the identity check failed: nothing was shared and ringing goes on. */
  notTheRightPerson?: boolean;
  /** ISO instant. */
  at: string;
  byId: string;
  byName: string;
}

/** Who may be rung and how, as the call log needs it: no numbers, just whether there are any. */
export interface ContactForCalling {
  contactId: string;
  name: string;
  relationship: string;
  priority: number;
  hasPhone: boolean;
  /** The DSL approves contact first (e.g. a non-resident parent): not part of the rounds. */
  requiresDslApproval: boolean;
}

export function contactsForCalling(contacts: Contact[]): ContactForCalling[] {
  return contactsInCallOrder(contacts).map((c) => ({
    contactId: c.contactId,
    name: c.name,
    relationship: c.relationship,
    priority: c.priority,
    hasPhone: c.phones.length > 0,
    requiresDslApproval: c.requiresDslApproval,
  }));
}

export interface ContactProgress {
  contactId: string;
  /** Rings that count towards the rounds. */
  rings: number;
  lastOutcome?: AttemptOutcome;
  lastAt?: string;
  /** A wrong number takes the contact out of the rounds. */
  wrongNumber: boolean;
  /** In the rounds: has a phone, no DSL approval needed, number not wrong. */
  inRounds: boolean;
}

export interface CallProgress {
  contacts: ContactProgress[];
  /** Full rounds completed: every contact in the rounds rung at least this many times. */
  completedRounds: number;
  /** The round being rung now, from 1. */
  currentRound: number;
  /** The next contact to ring in call order, if anyone is left in the rounds. */
  nextContactId?: string;
  /** Someone heard an overseas ringtone: the family may be abroad. */
  overseas: boolean;
  /** Someone answered and was the right person. */
  reached: boolean;
  /** No contact in the rounds at all (no numbers, or every number wrong). */
  nobodyToRing: boolean;
  /** "No contact" may be recorded: nobody reached, and two full rounds done (or nobody to ring). */
  canRecordNoContact: boolean;
}

export function callProgress(contacts: ContactForCalling[], attempts: CallAttempt[]): CallProgress {
  const progress: ContactProgress[] = contacts.map((c) => {
    const mine = attempts.filter((a) => a.contactId === c.contactId);
    const rings = mine.filter((a) => attemptOutcomeInfo(a.outcome)?.countsAsRing).length;
    const wrongNumber = mine.some((a) => a.outcome === 'wrong-number');
    const last = mine[mine.length - 1];
    return {
      contactId: c.contactId,
      rings,
      lastOutcome: last?.outcome,
      lastAt: last?.at,
      wrongNumber,
      inRounds: c.hasPhone && !c.requiresDslApproval && !wrongNumber,
    };
  });
  const inRounds = progress.filter((p) => p.inRounds);
  const nobodyToRing = inRounds.length === 0;
  const completedRounds = nobodyToRing ? 0 : Math.min(...inRounds.map((p) => p.rings));
  const next = inRounds.find((p) => p.rings === completedRounds);
  const reached = attempts.some((a) => a.outcome === 'answered' && !a.notTheRightPerson);
  return {
    contacts: progress,
    completedRounds,
    currentRound: completedRounds + 1,
    nextContactId: next?.contactId,
    overseas: attempts.some((a) => a.outcome === 'overseas-ringtone'),
    reached,
    nobodyToRing,
    canRecordNoContact: !reached && (nobodyToRing || completedRounds >= MIN_ROUNDS),
  };
}

/** Why an attempt cannot be logged against this contact, or undefined if it can. */
export function attemptProblem(contacts: ContactForCalling[], progress: CallProgress, contactId: string, outcome: string): string | undefined {
  const contact = contacts.find((c) => c.contactId === contactId);
  if (!contact) return 'Choose one of the contacts listed on the card.';
  if (!attemptOutcomeInfo(outcome)) return 'Choose what happened when you rang.';
  if (contact.requiresDslApproval) return `Ask the DSL before contacting ${contact.name}.`;
  if (!contact.hasPhone) return `There is no phone number for ${contact.name}.`;
  if (progress.contacts.find((p) => p.contactId === contactId)?.wrongNumber) {
    return `${contact.name}'s number has already been logged as wrong. Ring the next contact.`;
  }
  return undefined;
}

/** One line for the chronology: "Rang Mum (Mrs A Smith), mobile: no answer". */
export function attemptSummary(attempt: Pick<CallAttempt, 'contactName' | 'phoneLabel' | 'outcome' | 'notTheRightPerson'>): string {
  const via = attempt.phoneLabel ? `, ${attempt.phoneLabel}` : '';
  if (attempt.outcome === 'text-sent') return `Texted ${attempt.contactName}${via}`;
  if (attempt.notTheRightPerson) return `Rang ${attempt.contactName}${via}: answered by someone else, nothing shared`;
  const label = attemptOutcomeInfo(attempt.outcome)?.label.toLowerCase() ?? attempt.outcome;
  return `Rang ${attempt.contactName}${via}: ${label}`;
}
