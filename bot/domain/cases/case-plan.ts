/**
 * What the case needs next, from the meetings and contacts recorded: the initial meeting, the review the
 * last meeting set, and the fortnightly contact due between them. The dates are fixed by what was
 * recorded; whether they are overdue depends on the day they are looked at.
 */
import { addDays } from '../clock';
import type { CaseItems } from './case-items';
import { CONTACT_EVERY_DAYS, MINIMUM_MEETINGS, type FamilyContact, type Meeting } from './meetings';
import type { SupportCase } from './support-case';

/** Days after opening by which the initial meeting should be held. */
export const INITIAL_MEETING_WITHIN_DAYS = 14;

/** An action counts as due when it falls due within this many days, or is overdue. */
export const DUE_SOON_DAYS = 7;

export interface CaseDue {
  /** A meeting to arrange: the initial meeting, or the next one when fewer than three have been held and none is set. */
  meeting?: { date: string; label: string };
  /** The review date the last meeting set. */
  review?: string;
  /** The next fortnightly contact, when it falls before the review. */
  contact?: string;
}

export type DueAction = keyof CaseDue;

export function planCase(input: {
  openedOn: string;
  meetings: Pick<Meeting, 'date' | 'nextReview'>[];
  contacts: Pick<FamilyContact, 'date'>[];
}): { due: CaseDue; meetingsHeld: number } {
  const meetings = [...input.meetings].sort((a, b) => a.date.localeCompare(b.date));
  const last = meetings.at(-1);
  const due: CaseDue = {};
  if (!last) {
    due.meeting = { date: addDays(input.openedOn, INITIAL_MEETING_WITHIN_DAYS), label: 'Initial Support First meeting' };
    return { due, meetingsHeld: 0 };
  }
  if (last.nextReview) due.review = last.nextReview;
  else if (meetings.length < MINIMUM_MEETINGS) {
    due.meeting = { date: addDays(last.date, 2 * CONTACT_EVERY_DAYS), label: `Meeting ${meetings.length + 1} of at least ${MINIMUM_MEETINGS}` };
  }
  const lastTouch = input.contacts.reduce((latest, c) => (c.date > latest ? c.date : latest), last.date);
  const contact = addDays(lastTouch, CONTACT_EVERY_DAYS);
  const nextMeeting = due.review ?? due.meeting?.date;
  if (!nextMeeting || contact < nextMeeting) due.contact = contact;
  return { due, meetingsHeld: meetings.length };
}

export type DueState = 'overdue' | 'today' | 'soon' | 'later';

export function dueState(date: string, today: string): DueState {
  if (date < today) return 'overdue';
  if (date === today) return 'today';
  return date <= addDays(today, DUE_SOON_DAYS) ? 'soon' : 'later';
}

/** The actions falling due within the week (or overdue), for the list's "actions due" filter. */
export function actionsDue(due: CaseDue, today: string): DueAction[] {
  const out: DueAction[] = [];
  if (due.meeting && dueState(due.meeting.date, today) !== 'later') out.push('meeting');
  if (due.review && dueState(due.review, today) !== 'later') out.push('review');
  if (due.contact && dueState(due.contact, today) !== 'later') out.push('contact');
  return out;
}

/**
 * The header as it must be stored with these items: its plan recomputed, and its revision bumped past the
 * one it was read at (so a change is never lost in the revision count).
 */
export function settleCase(header: SupportCase, items: Pick<CaseItems, 'meeting' | 'contact'>, options: { bump: boolean; from?: SupportCase }): SupportCase {
  const since = (d: { date: string }) => !header.reopenedOn || d.date >= header.reopenedOn;
  const { due, meetingsHeld } = planCase({ openedOn: header.openedOn, meetings: items.meeting.filter(since), contacts: items.contact.filter(since) });
  const revision = options.bump ? Math.max(header.revision, options.from?.revision ?? 0) + 1 : header.revision;
  return { ...header, due, meetingsHeld, revision };
}
