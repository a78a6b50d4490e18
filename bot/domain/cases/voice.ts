/**
 * The pupil's voice (Wishes and Feelings, the Support First approach), the trusted adult who checks in with them, the
 * parents' voice, and how each parent is best reached. Words are kept as the person said them.
 */
import { addDays } from '../clock';
import type { Actor } from './support-case';

/** A Wishes and Feelings conversation: the pupil's own view of why school is hard and what would help. */
export interface WishesAndFeelings {
  id: string;
  date: string;
  /** The adult the pupil talked with. */
  heardBy: string;
  /** What the pupil said, in their words. */
  inTheirWords: string;
  /** Factors at school the pupil raised (lessons, friendships, a teacher, the journey). */
  atSchool: string;
  /** Factors at home the pupil raised (caring, sleep, worries about family). */
  atHome: string;
  whatWouldHelp: string;
  /** Patterns from the herringbone explored with the pupil, e.g. "Mondays: worried about PE". */
  patternsExplored: string;
  recordedAt: string;
  recordedBy: Actor;
}

/**
 * The adult the pupil trusts, who seeks them out regularly: "the onus is on the staff member to seek out
 * the pupil" (the Support First approach).
 */
export interface TrustedAdult {
  /** Their UPN when they are on the staff list, so they can see the case and record check-ins. */
  upn?: string;
  name: string;
  role: string;
  agreedOn: string;
  /** How often they check in, in days. */
  checkInEveryDays: number;
}

export interface CheckIn {
  id: string;
  date: string;
  by: string;
  howTheyAre: string;
  worriesRaised: string;
  followUp: string;
  recordedAt: string;
  recordedBy: Actor;
}

export interface ParentVoice {
  id: string;
  date: string;
  /** The parent or carer who spoke. */
  carerName: string;
  inTheirWords: string;
  barriers: string[];
  whatWouldHelp: string;
  /** Do the reasons match those the pupil gave (checklist, the attendance escalation checklist)? */
  matchesPupilsReasons: 'yes' | 'partly' | 'no' | 'not-yet-known';
  recordedAt: string;
  recordedBy: Actor;
}

export const COMMUNICATION_METHODS = ['phone', 'text', 'email', 'app', 'letter', 'in-person', 'virtual'] as const;
export type CommunicationMethod = (typeof COMMUNICATION_METHODS)[number];

export const LITERACY_LEVELS = ['confident', 'some-support', 'needs-support', 'not-known'] as const;
export type Literacy = (typeof LITERACY_LEVELS)[number];

/**
 * How a parent is best reached (the Support First approach): method, timing, language and literacy, and what to bear in mind
 * (work, caring, health, transport, phone credit, internet access).
 */
export interface CommunicationPreferences {
  method: CommunicationMethod;
  bestTime: string;
  language: string;
  literacy: Literacy;
  interpreter: boolean;
  considerations: string;
}

/** When the trusted adult's next check-in is due: agreed on, then every few days after the last one. */
export function nextCheckInDue(adult: TrustedAdult | undefined, checkIns: Pick<CheckIn, 'date'>[]): string | undefined {
  if (!adult) return undefined;
  const last = checkIns.reduce((latest, c) => (c.date > latest ? c.date : latest), adult.agreedOn);
  return addDays(last, adult.checkInEveryDays);
}
