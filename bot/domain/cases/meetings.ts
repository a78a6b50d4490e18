/**
 * Meetings with the family (the Support First approach and the early intervention for attendance guidance): at least three in a Support First case, each ending in
 * agreed actions and a review date, with contact every fortnight in between. A meeting is recorded once
 * it has taken place; the next one is planned by the review date.
 */
import type { Actor } from './support-case';
import type { CommunicationMethod } from './voice';

export const MEETING_KINDS = [
  { id: 'initial', label: 'Initial Support First meeting' },
  { id: 'review', label: 'Review meeting' },
  { id: 'parent-contract', label: 'Parent contract meeting' },
  { id: 'attendance-contract', label: 'Attendance contract meeting' },
] as const;

export type MeetingKind = (typeof MEETING_KINDS)[number]['id'];

export function meetingKindLabel(kind: MeetingKind): string {
  return MEETING_KINDS.find((k) => k.id === kind)?.label ?? kind;
}

/** The expectation is a minimum of three meetings with the family (the Support First approach). */
export const MINIMUM_MEETINGS = 3;

/** Contact parents fortnightly to discuss progress and re-offer support before the review (the Support First approach). */
export const CONTACT_EVERY_DAYS = 14;

export interface Attendee {
  name: string;
  role: string;
}

export interface AgreedAction {
  action: string;
  /** Who will do it: a parent, the pupil, a member of staff, another service. */
  owner: string;
  /** By when, YYYY-MM-DD. */
  due: string;
  done: boolean;
}

export interface Meeting {
  id: string;
  kind: MeetingKind;
  date: string;
  method: Extract<CommunicationMethod, 'in-person' | 'phone' | 'virtual'>;
  attendees: Attendee[];
  /** The barriers to attendance the family and pupil described. */
  barriers: string[];
  agreedActions: AgreedAction[];
  /** The date of the next review meeting. */
  nextReview?: string;
  summary: string;
  recordedAt: string;
  recordedBy: Actor;
}

/** A fortnightly contact between meetings: progress discussed, support re-offered. */
export interface FamilyContact {
  id: string;
  date: string;
  method: CommunicationMethod;
  withWhom: string;
  summary: string;
  supportReoffered: boolean;
  recordedAt: string;
  recordedBy: Actor;
}
