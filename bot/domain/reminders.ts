/**
 * When a reminder is due (the Support First approach "First-day response"): a pupil whose family agreed an arrival time who has
 * no present or late mark once that time has passed, so the person who rang follows it up. Pure: the job
 * reads the marks and sends; this decides and records that it was sent, once. And a call-back promised
 * by a named member of staff: their task, a reminder when it is due, and marking it done.
 */
import { ARRIVED_CODES } from './attendance-codes';
import type { Actor, CardChange, PupilCard } from './pupil-card';
import { change, isClaimer, localTime, managesCalling } from './pupil-card';
import type { StaffMember } from './school';

/** Minutes after the agreed time before the claimer is told: a family a few minutes late is not news. */
export const ARRIVAL_GRACE_MINUTES = 15;

function minutesOf(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number);
  return h * 60 + m;
}

/**
 * The claimer should be told: an agreed time today has passed (with grace), not yet told, no arrival mark.
 * `marks` are today's morning and afternoon marks: an arrival mark in either means the pupil came in.
 */
export function arrivalReminderDue(card: PupilCard, today: string, localTime: string, marks: (string | undefined)[]): boolean {
  const time = card.outcome?.arrivalTime;
  if (card.status !== 'resolved' || !time || !/^\d{2}:\d{2}$/.test(time) || card.date !== today || card.arrivalReminderAt) return false;
  if (marks.some((m) => m !== undefined && ARRIVED_CODES.has(m))) return false;
  return minutesOf(localTime) >= minutesOf(time) + ARRIVAL_GRACE_MINUTES;
}

export function markArrivalReminded(card: PupilCard, actor: Pick<Actor, 'id' | 'name'>, now: Date): CardChange {
  if (card.arrivalReminderAt) return { ok: true, card, unchanged: true };
  const at = now.toISOString();
  return change(card, { ...card, arrivalReminderAt: at }, now, 'reminder.arrival', [
    { kind: 'note', at, byId: actor.id, byName: actor.name, summary: `Not marked present or late ${ARRIVAL_GRACE_MINUTES} minutes after the agreed arrival time of ${card.outcome!.arrivalTime}: ${card.claim?.byName ?? 'the caller'} reminded` },
  ]);
}

/** Minutes after the call before a promised call-back not yet marked done is reminded. */
export const CALL_BACK_DUE_MINUTES = 120;

/** A call-back promised on the call, owned by a named member of staff. */
export interface CallBackTask {
  upn: string;
  name: string;
  taskedAt: string;
  remindedAt?: string;
  done?: { at: string; byId: string; byName: string };
}

/**
 * The member of staff the caller named for the call-back ("Mrs Sharma", "Priya Sharma", a UPN), if the words
 * name exactly one; a role ("head of year") names nobody in particular and is left to the caller.
 */
export function callBackOwner(card: Pick<PupilCard, 'outcome'>, staff: StaffMember[]): StaffMember | undefined {
  const said = card.outcome?.callBackBy?.trim().toLowerCase();
  if (!said) return undefined;
  const matches = staff.filter((s) => [s.upn, s.displayName, s.title].some((n) => n && n.trim().toLowerCase() === said));
  return matches.length === 1 ? matches[0] : undefined;
}

export function markCallBackTasked(card: PupilCard, owner: StaffMember, actor: Pick<Actor, 'id' | 'name'>, now: Date): CardChange {
  if (card.callBack || card.status !== 'resolved') return { ok: true, card, unchanged: true };
  const at = now.toISOString();
  const name = owner.title || owner.displayName;
  return change(card, { ...card, callBack: { upn: owner.upn, name, taskedAt: at } }, now, 'reminder.call-back-task', [
    { kind: 'note', at, byId: actor.id, byName: actor.name, summary: `Call-back to the family given to ${name} as a task` },
  ]);
}

export function callBackReminderDue(card: PupilCard, now: Date): boolean {
  const task = card.callBack;
  if (!task || task.done || task.remindedAt || !card.outcome) return false;
  return now.getTime() - Date.parse(card.outcome.at) >= CALL_BACK_DUE_MINUTES * 60_000;
}

export function markCallBackReminded(card: PupilCard, now: Date): CardChange {
  if (!callBackReminderDue(card, now)) return { ok: true, card, unchanged: true };
  return change(card, { ...card, callBack: { ...card.callBack!, remindedAt: now.toISOString() } }, now, 'reminder.call-back-due', []);
}

/** The owner (or the caller, or the attendance team) says the family has been rung back. */
export function markCallBackDone(card: PupilCard, actor: Actor, actorUpn: string, now: Date, timeZone: string): CardChange {
  const task = card.callBack;
  if (!task) return { ok: false, problem: `No call-back has been given to anyone for ${card.pupil.name}.` };
  if (task.done) return { ok: false, problem: `${task.done.byName} recorded the call-back at ${localTime(task.done.at, timeZone)}.` };
  if (task.upn.toLowerCase() !== actorUpn.toLowerCase() && !isClaimer(card, actor) && !managesCalling(actor)) {
    return { ok: false, problem: `The call-back is ${task.name}'s to make; only they, the caller or the attendance officer can mark it done.` };
  }
  const at = now.toISOString();
  return change(card, { ...card, callBack: { ...task, done: { at, byId: actor.id, byName: actor.name } } }, now, 'reminder.call-back-done', [
    { kind: 'note', at, byId: actor.id, byName: actor.name, summary: `Called the family back (${actor.name})` },
  ]);
}
