/**
 * Every card on the school's clock, so no child is left unworked. The first-day calling procedure asks for calls
 * to start as soon as the list is out and for every contact to be rung at least twice; schools publish the same
 * as timed steps ("text at 30 minutes, call at 45, DSL told at 60"). Here, on the school's own minutes:
 * - a card nobody has claimed is raised with the attendance officer, then with the attendance lead;
 * - a claimed card with no outcome is raised with the person calling, then with the attendance officer;
 * - at the whereabouts deadline the DSLs get one list of every child not yet accounted for;
 * - a list the officer has not posted is posted (or sent to the lead) a set time after the register closes.
 * Pure: the job finds what is due, records the raise on the card under its ETag (so one server sends it), then
 * tells the people.
 */
import { isValidTime } from './clock';
import type { Actor, CardChange, PupilCard } from './pupil-card';
import { change, localTime } from './pupil-card';
import type { StaffRole } from './school';

/** The school's clock for its cards, in minutes and a local time. Changed in Settings. */
export interface CardClock {
  /** An unclaimed card is raised with the attendance officer this long after the list went out... */
  unclaimedOfficerMinutes: number;
  /** ...and with the attendance lead this long after. */
  unclaimedLeadMinutes: number;
  /** A claimed card with no outcome is raised with the person calling this long after they claimed it... */
  stalledClaimerMinutes: number;
  /** ...and with the attendance officer this long after. */
  stalledOfficerMinutes: number;
  /** Local HH:MM: the DSLs are sent every child not yet accounted for. */
  whereaboutsDeadline: string;
  /** A list still waiting for the officer this many minutes after the register closed... */
  unpostedMinutes: number;
  /** ...is posted to the channel, or sent to the attendance lead to post. */
  unpostedAction: 'post' | 'tell-lead';
}

export const DEFAULT_CARD_CLOCK: CardClock = {
  unclaimedOfficerMinutes: 15,
  unclaimedLeadMinutes: 30,
  stalledClaimerMinutes: 30,
  stalledOfficerMinutes: 60,
  whereaboutsDeadline: '10:30',
  unpostedMinutes: 20,
  unpostedAction: 'post',
};

export const MAX_CLOCK_MINUTES = 240;

/** The school's clock: what it set, the defaults for the rest (schools made before the clock have none). */
export function cardClockOf(school: { cardClock?: Partial<CardClock> }): CardClock {
  return { ...DEFAULT_CARD_CLOCK, ...(school.cardClock ?? {}) };
}

export type RaiseKind = 'unclaimed-officer' | 'unclaimed-lead' | 'stalled-claimer' | 'stalled-officer';

/** A raise already made, on the card for its history and so it is made once. */
export interface CardRaise {
  kind: RaiseKind;
  at: string;
  /** For a stalled card: the claim it was about (a new claimer starts a new clock). */
  claimAt?: string;
  /** Who was told, as the card names them. */
  toNames: string[];
}

/** Whom a raise goes to: a role of the school's, or the person calling. */
export function raiseAudience(kind: RaiseKind): { role: StaffRole } | 'claimer' {
  switch (kind) {
    case 'unclaimed-officer':
    case 'stalled-officer':
      return { role: 'attendance-officer' };
    case 'unclaimed-lead':
      return { role: 'attendance-lead' };
    case 'stalled-claimer':
      return 'claimer';
  }
}

function minutesSince(iso: string, now: Date): number {
  return (now.getTime() - Date.parse(iso)) / 60_000;
}

function raised(card: PupilCard, kind: RaiseKind): boolean {
  return (card.raised ?? []).some((r) => r.kind === kind && (!kind.startsWith('stalled') || r.claimAt === card.claim?.at));
}

/**
 * The raises due on a card now and not yet made, in the order they fall due. A card not yet in the channel has no
 * clock running; one with an outcome, or with the safeguarding team, is accounted for.
 */
export function dueRaises(card: PupilCard, clock: CardClock, now: Date): RaiseKind[] {
  const postedAt = card.posting.state === 'posted' ? card.posting.postedAt : undefined;
  if (!postedAt) return [];
  const due: RaiseKind[] = [];
  if (card.status === 'unclaimed') {
    const waited = minutesSince(postedAt, now);
    if (waited >= clock.unclaimedOfficerMinutes && !raised(card, 'unclaimed-officer')) due.push('unclaimed-officer');
    if (waited >= clock.unclaimedLeadMinutes && !raised(card, 'unclaimed-lead')) due.push('unclaimed-lead');
  } else if (card.status === 'in-progress' && card.claim) {
    const waited = minutesSince(card.claim.at, now);
    if (waited >= clock.stalledClaimerMinutes && !raised(card, 'stalled-claimer')) due.push('stalled-claimer');
    if (waited >= clock.stalledOfficerMinutes && !raised(card, 'stalled-officer')) due.push('stalled-officer');
  }
  return due;
}

function callsLogged(n: number): string {
  return n === 0 ? 'no calls logged yet' : n === 1 ? '1 call logged' : `${n} calls logged`;
}

/** How the card's history and the message say why, in the school's words. */
export function raiseReason(card: PupilCard, kind: RaiseKind, clock: CardClock, timeZone: string): string {
  const who = `${card.pupil.name} (${card.pupil.form})`;
  switch (kind) {
    case 'unclaimed-officer':
    case 'unclaimed-lead': {
      const minutes = kind === 'unclaimed-officer' ? clock.unclaimedOfficerMinutes : clock.unclaimedLeadMinutes;
      const since = card.posting.postedAt ? ` (the list went out at ${localTime(card.posting.postedAt, timeZone)})` : '';
      return `Nobody has claimed ${who} ${minutes} minutes after the list went out${since}.`;
    }
    case 'stalled-claimer':
    case 'stalled-officer': {
      const minutes = kind === 'stalled-claimer' ? clock.stalledClaimerMinutes : clock.stalledOfficerMinutes;
      const calls = callsLogged(card.attempts.length);
      return `${who} was claimed by ${card.claim?.byName ?? 'a member of staff'} at ${card.claim ? localTime(card.claim.at, timeZone) : '?'} and has no outcome ${minutes} minutes on (${calls}).`;
    }
  }
}

/**
 * Records raises on the card, once each: a second server finding them already there changes nothing, so only
 * the server whose write wins sends them.
 */
export function markRaised(card: PupilCard, kinds: RaiseKind[], toNames: Partial<Record<RaiseKind, string[]>>, clock: CardClock, actor: Pick<Actor, 'id' | 'name'>, now: Date, timeZone: string): CardChange {
  const stillDue = dueRaises(card, clock, now).filter((k) => kinds.includes(k));
  if (!stillDue.length) return { ok: true, card, unchanged: true };
  const at = now.toISOString();
  const made: CardRaise[] = stillDue.map((kind) => ({
    kind,
    at,
    ...(kind.startsWith('stalled') && card.claim ? { claimAt: card.claim.at } : {}),
    toNames: toNames[kind] ?? [],
  }));
  return change(card, { ...card, raised: [...(card.raised ?? []), ...made] }, now, 'clock.raise', made.map((r) => ({
    kind: 'note' as const,
    at,
    byId: actor.id,
    byName: actor.name,
    summary: `${raiseReason(card, r.kind, clock, timeZone)} Raised with ${r.toNames.length ? r.toNames.join(', ') : 'nobody (no one holds that role)'}.`,
  })));
}

/** Still to be accounted for: no outcome yet and not with the safeguarding team. */
export function accountedFor(card: Pick<PupilCard, 'status'>): boolean {
  return card.status === 'resolved' || card.status === 'no-contact';
}

/** Where a child not yet accounted for stands, as the DSLs' list says it. */
export function whereaboutsLine(card: PupilCard, timeZone: string): string {
  const who = `${card.pupil.name} (${card.pupil.form})`;
  if (card.status === 'unclaimed') return `${who}: nobody has claimed the card`;
  const calls = callsLogged(card.attempts.length);
  return `${who}: being called by ${card.claim?.byName ?? 'a member of staff'} since ${card.claim ? localTime(card.claim.at, timeZone) : '?'}, ${calls}`;
}

/** The live board: how many are accounted for, and how long the oldest unworked card has waited. */
export interface Board {
  total: number;
  accountedFor: number;
  withSafeguarding: number;
  unclaimed: number;
  inProgress: number;
  /** Minutes since the oldest unclaimed card went out; undefined when none waits. */
  oldestUnclaimedMinutes?: number;
}

export function board(cards: PupilCard[], now: Date): Board {
  let oldest: number | undefined;
  const b: Board = { total: cards.length, accountedFor: 0, withSafeguarding: 0, unclaimed: 0, inProgress: 0 };
  for (const card of cards) {
    if (accountedFor(card)) b.accountedFor++;
    if (card.status === 'no-contact') b.withSafeguarding++;
    if (card.status === 'in-progress') b.inProgress++;
    if (card.status === 'unclaimed') {
      b.unclaimed++;
      const at = card.posting.postedAt;
      if (at) oldest = Math.max(oldest ?? 0, Math.floor(minutesSince(at, now)));
    }
  }
  if (oldest !== undefined) b.oldestUnclaimedMinutes = oldest;
  return b;
}

/** "25 minutes", "1 hour 5 minutes". */
export function describeMinutes(minutes: number): string {
  const m = Math.max(0, Math.floor(minutes));
  if (m < 60) return m === 1 ? '1 minute' : `${m} minutes`;
  const h = Math.floor(m / 60);
  const rest = m % 60;
  const hours = h === 1 ? '1 hour' : `${h} hours`;
  return rest ? `${hours} ${rest === 1 ? '1 minute' : `${rest} minutes`}` : hours;
}

export interface ClockProblem {
  field: string;
  message: string;
}

/** Checks a clock as Settings sends it, naming each field at fault ("cardClock.unclaimedLeadMinutes"). */
export function readCardClock(current: CardClock, value: unknown): { ok: true; clock: CardClock } | { ok: false; errors: ClockProblem[] } {
  const errors: ClockProblem[] = [];
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, errors: [{ field: 'cardClock', message: 'send the clock as an object, e.g. { "unclaimedOfficerMinutes": 15 }' }] };
  }
  const body = value as Record<string, unknown>;
  const next: CardClock = { ...current };
  const minuteFields = ['unclaimedOfficerMinutes', 'unclaimedLeadMinutes', 'stalledClaimerMinutes', 'stalledOfficerMinutes', 'unpostedMinutes'] as const;
  for (const key of Object.keys(body)) {
    if (!(key in DEFAULT_CARD_CLOCK)) errors.push({ field: `cardClock.${key}`, message: `"${key}" is not part of the card clock: it has ${Object.keys(DEFAULT_CARD_CLOCK).join(', ')}` });
  }
  for (const field of minuteFields) {
    if (!(field in body)) continue;
    const m = body[field];
    if (typeof m !== 'number' || !Number.isInteger(m) || m < 1 || m > MAX_CLOCK_MINUTES) {
      errors.push({ field: `cardClock.${field}`, message: `${JSON.stringify(m)} is not a whole number of minutes from 1 to ${MAX_CLOCK_MINUTES}` });
    } else next[field] = m;
  }
  if ('whereaboutsDeadline' in body) {
    const t = body.whereaboutsDeadline;
    const m = typeof t === 'string' ? /^(\d{1,2}):(\d{2})$/.exec(t.trim()) : null;
    const time = m ? `${m[1].padStart(2, '0')}:${m[2]}` : '';
    if (!isValidTime(time)) errors.push({ field: 'cardClock.whereaboutsDeadline', message: `${JSON.stringify(t)} is not a time (HH:MM, 24-hour)` });
    else next.whereaboutsDeadline = time;
  }
  if ('unpostedAction' in body) {
    const a = body.unpostedAction;
    if (a !== 'post' && a !== 'tell-lead') errors.push({ field: 'cardClock.unpostedAction', message: `${JSON.stringify(a)} is not a choice: "post" posts the list, "tell-lead" sends it to the attendance lead` });
    else next.unpostedAction = a;
  }
  if (!errors.length) {
    if (next.unclaimedLeadMinutes <= next.unclaimedOfficerMinutes) {
      errors.push({ field: 'cardClock.unclaimedLeadMinutes', message: `the attendance lead is told after the officer: ${next.unclaimedLeadMinutes} minutes must be more than ${next.unclaimedOfficerMinutes}` });
    }
    if (next.stalledOfficerMinutes <= next.stalledClaimerMinutes) {
      errors.push({ field: 'cardClock.stalledOfficerMinutes', message: `the attendance officer is told after the person calling: ${next.stalledOfficerMinutes} minutes must be more than ${next.stalledClaimerMinutes}` });
    }
  }
  return errors.length ? { ok: false, errors } : { ok: true, clock: next };
}
