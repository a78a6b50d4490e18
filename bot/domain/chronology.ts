/**
 * The pupil's chronology: every call attempt, outcome, concern, meeting, note and letter, with who and when.
 * The calling flow and escalation write it; the case tab reads it.
 */

export type ChronologyKind =
  | 'call-attempt'
  | 'call-outcome'
  | 'claim'
  | 'concern'
  | 'concern-acknowledged'
  | 'escalation'
  | 'home-visit'
  | 'referral'
  | 'meeting'
  | 'note'
  | 'letter'
  | 'pupil-voice'
  | 'parent-voice'
  | 'checklist'
  | 'case';

export interface ChronologyEntry {
  /** Unique within the pupil: sortable by time (ISO instant) then a random suffix. */
  id: string;
  pupilUpn: string;
  kind: ChronologyKind;
  /** ISO 8601 instant. */
  at: string;
  /** Who did it: their UPN or Entra object id, and the name shown. */
  byId: string;
  byName: string;
  /** One line a member of staff reads in the list, e.g. "Rang Mum (mobile): no answer". */
  summary: string;
  /** Structured detail for the kind (the call's outcome fields, the meeting's actions...). */
  detail?: Record<string, unknown>;
  /** Only DSLs may read it (concern detail). */
  restricted?: boolean;
}

export function chronologyId(at: string, suffix: string): string {
  return `${at}|${suffix}`;
}
