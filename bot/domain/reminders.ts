/**
 * When a reminder is due (seed 003 "First-day response"): a pupil whose family agreed an arrival time who has
 * no present or late mark once that time has passed, so the person who rang follows it up. Pure: the job
 * reads the marks and sends; this decides and records that it was sent, once.
 */
import { ARRIVED_CODES } from './attendance-codes';
import type { Actor, CardChange, PupilCard } from './pupil-card';
import { change } from './pupil-card';

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
