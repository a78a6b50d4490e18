/**
 * A safeguarding concern raised during first-day calling. The detail is for the DSL team only: the pupil's
 * card carries just a mark that one exists, and the channel never sees the text.
 */

export type ConcernStatus = 'raised' | 'acknowledged' | 'closed';

export interface Concern {
  id: string;
  urn: string;
  pupilUpn: string;
  /** The school day of the list it was raised from. */
  date: string;
  /** ISO instant. */
  raisedAt: string;
  raisedById: string;
  raisedByName: string;
  /** What the member of staff saw or heard, in their words. */
  text: string;
  /** Where in the call it was raised: "calling", or the script step. */
  raisedAtStep: string;
  status: ConcernStatus;
  /** Each 1:1 alert sent: who it went to, when, and whether it was the first alert or the raise-again. */
  alerts?: ConcernAlert[];
  /** Who saw it first and said so. */
  acknowledged?: { byId: string; byName: string; at: string };
  /** Set when the first alert round has been sent (the channel mention and the DSLs' 1:1 cards). */
  alertedAt?: string;
  /** Set when it was raised again to the deputies and the attendance lead. */
  realertedAt?: string;
}

export interface ConcernAlert {
  /** The member of staff's UPN. */
  upn: string;
  round: 'first' | 'again';
  conversationId: string;
  activityId: string;
  at: string;
}

/** A concern is raised again once, when nobody has acknowledged it within the school's minutes. */
export function concernDueAgain(concern: Concern, acknowledgeMinutes: number, now: Date): boolean {
  if (concern.status !== 'raised' || concern.realertedAt) return false;
  return now.getTime() - Date.parse(concern.raisedAt) >= acknowledgeMinutes * 60_000;
}

export const MAX_CONCERN_LENGTH = 4000;

/** Why the text cannot be recorded as a concern, or undefined when it can. */
export function concernTextProblem(text: unknown): string | undefined {
  if (typeof text !== 'string' || text.trim() === '') return 'Describe the concern: what you saw or heard, in your own words.';
  if (text.length > MAX_CONCERN_LENGTH) return `Keep the concern under ${MAX_CONCERN_LENGTH} characters; add more to the pupil's record afterwards.`;
  return undefined;
}
