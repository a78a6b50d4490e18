/**
 * The parts of a case other than its header, each stored and changed on its own: meetings and contacts,
 * voice, people, the checklist, notes and letters.
 */
import type { ChecklistConfirmation } from './escalation-checklist';
import type { CaseCarer, CaseSibling, InvolvedProfessional } from './family';
import type { FamilyContact, Meeting } from './meetings';
import type { Actor } from './support-case';
import type { CheckIn, ParentVoice, WishesAndFeelings } from './voice';

/** A note, kept exactly as written and always shown as plain text. */
export interface CaseNote {
  id: string;
  text: string;
  recordedAt: string;
  recordedBy: Actor;
}

export const LETTER_KINDS = [
  { id: 'attendance-concern', label: 'Attendance concern' },
  { id: 'meeting-invitation', label: 'Invitation to a meeting' },
  { id: 'conversation-summary', label: 'Summary of a conversation' },
  { id: 'attendance-certificate', label: 'Attendance certificate' },
  { id: 'attendance-contract', label: 'Attendance contract' },
  { id: 'other', label: 'Other letter' },
] as const;

export type LetterKind = (typeof LETTER_KINDS)[number]['id'];

export interface CaseLetter {
  id: string;
  date: string;
  kind: LetterKind;
  /** The carers it went to, by name. */
  recipients: string[];
  language: string;
  summary: string;
  recordedAt: string;
  recordedBy: Actor;
}

/** Every item kind, with what it holds. The checklist item's id is the checklist item's id. */
export interface CaseItemKinds {
  meeting: Meeting;
  contact: FamilyContact;
  'pupil-voice': WishesAndFeelings;
  'check-in': CheckIn;
  'parent-voice': ParentVoice;
  carer: CaseCarer;
  sibling: CaseSibling;
  professional: InvolvedProfessional;
  checklist: ChecklistConfirmation & { id: string };
  note: CaseNote;
  letter: CaseLetter;
}

export type CaseItemKind = keyof CaseItemKinds;

export const CASE_ITEM_KINDS: readonly CaseItemKind[] = [
  'meeting',
  'contact',
  'pupil-voice',
  'check-in',
  'parent-voice',
  'carer',
  'sibling',
  'professional',
  'checklist',
  'note',
  'letter',
];

export type CaseItem = { [K in CaseItemKind]: { kind: K; value: CaseItemKinds[K] } }[CaseItemKind];

/** A case's items sorted into their kinds. */
export type CaseItems = { [K in CaseItemKind]: CaseItemKinds[K][] };

export function emptyItems(): CaseItems {
  return Object.fromEntries(CASE_ITEM_KINDS.map((k) => [k, []])) as unknown as CaseItems;
}
