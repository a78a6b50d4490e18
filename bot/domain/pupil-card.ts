/**
 * A pupil's card on the day's list: who has claimed it, the calls made, where the script is, the outcome.
 * Every change is a pure step from one card to the next, refused with a message staff can act on when it
 * does not fit (someone else has it, the call has moved on, the wrong person). The store applies the step
 * under an ETag so two presses at once cannot both win.
 */
import type { CallAttempt, AttemptOutcome, ContactForCalling } from './call-log';
import { attemptProblem, attemptSummary, callProgress, MIN_ROUNDS } from './call-log';
import type { CallOutcome, ScriptContext, ScriptState } from './call-script';
import { scriptOutcome, startScript, stepBack, submitStep } from './call-script';
import type { ChronologyKind } from './chronology';
import type { NoContactEscalation } from './no-contact-escalation';
import type { CallBackTask } from './reminders';
import type { CarryOver } from './carry-over';
import type { CardRaise } from './card-clock';
import { chronologyId } from './chronology';
import { toLocal } from './clock';
import type { DailyListEntry } from './daily-list';
import { countByYearGroup, type YearGroupCount } from './daily-list';
import type { StaffRole } from './school';

export type CardStatus = 'unclaimed' | 'in-progress' | 'resolved' | 'no-contact';

export interface CardPupil {
  upn: string;
  name: string;
  /** The name used in the script's words: "{child} isn't in school today". */
  forename: string;
  yearGroup: number;
  form: string;
  priority: boolean;
}

/** The member of staff doing something, as the card needs them. */
export interface Actor {
  /** Entra object id where known, else UPN: the id chronology and audit record. */
  id: string;
  /** How the card names them: "Ms Khan". */
  name: string;
  /** Teams user id (29:...), for `refresh.userIds`. */
  mri?: string;
  roles: StaffRole[];
}

export interface Claim {
  byId: string;
  byName: string;
  byMri?: string;
  /** ISO instant. */
  at: string;
  /** Set when the attendance officer or lead assigned it. */
  assignedBy?: string;
}

export interface ConcernMark {
  id: string;
  at: string;
  byId: string;
  byName: string;
}

export interface NoContactRecord {
  at: string;
  byId: string;
  byName: string;
  completedRounds: number;
  nobodyToRing: boolean;
  /** From step 8 of the first-day calling guidance onwards, no contact is the safeguarding team's: the card waits here until they act. */
  escalation: 'awaiting-dsl';
}

export type RecordedOutcome = CallOutcome & { at: string; byId: string; byName: string };

/** Exactly-once posting: `sending` is written before the post, `posted` with the message id after it. */
export interface CardPosting {
  state: 'pending' | 'sending' | 'posted';
  /** Teams message id of the card. */
  activityId?: string;
  /** ISO instant the current send began (the in-doubt window starts here). */
  sendingSince?: string;
  postedAt?: string;
  /** Set when the card was sent again after an in-doubt send that could not be checked. */
  resentAfterDoubt?: boolean;
  /** Message ids of copies found later (a resend after an in-doubt post): kept in step with the card. */
  copies?: string[];
  /** Where the message is: the Teams service and the conversation (the day's thread) it was posted to. */
  where?: { serviceUrl: string; conversationId: string; tenantId?: string };
}

/** A chronology entry produced by a change, written after the change is stored. */
export interface CardEvent {
  id: string;
  kind: ChronologyKind;
  at: string;
  byId: string;
  byName: string;
  summary: string;
  detail?: Record<string, unknown>;
  restricted?: boolean;
}

export interface PupilCard {
  urn: string;
  /** The school day of the list, YYYY-MM-DD. */
  date: string;
  pupil: CardPupil;
  status: CardStatus;
  claim?: Claim;
  attempts: CallAttempt[];
  script?: ScriptState;
  outcome?: RecordedOutcome;
  noContact?: NoContactRecord;
  /** What followed no contact: the step 8 answers, the DSL's decision, the home visit. */
  escalation?: NoContactEscalation;
  /** When the claimer was told the agreed arrival time had passed with no present or late mark. */
  arrivalReminderAt?: string;
  /** A call-back promised on the call, as a named member of staff's task. */
  callBack?: CallBackTask;
  concerns: ConcernMark[];
  /** Set when the pupil was still unexplained at the end of the previous school day ("Day 2"). */
  carriedOver?: CarryOver;
  /** Raised on the school's clock (unclaimed, no outcome): each once, and on the card's history. */
  raised?: CardRaise[];
  posting: CardPosting;
  /** Goes up by one with every change. */
  revision: number;
  /** Chronology entries of the latest change; written again (same ids) if the writer died before finishing. */
  outbox: CardEvent[];
  updatedAt: string;
}

export function newPupilCard(urn: string, date: string, entry: DailyListEntry, forename: string, now: Date): PupilCard {
  return {
    urn,
    date,
    pupil: { upn: entry.upn, name: entry.name, forename, yearGroup: entry.yearGroup, form: entry.form, priority: entry.priority },
    status: 'unclaimed',
    attempts: [],
    concerns: [],
    posting: { state: 'pending' },
    revision: 0,
    outbox: [],
    updatedAt: now.toISOString(),
  };
}

export type CardChange =
  | { ok: true; card: PupilCard; events: CardEvent[]; action: string; unchanged?: false }
  | { ok: true; card: PupilCard; unchanged: true }
  | { ok: false; problem: string };

/** The attendance officer and lead may reassign and release anyone's card. */
export function managesCalling(actor: Pick<Actor, 'roles'>): boolean {
  return actor.roles.includes('attendance-officer') || actor.roles.includes('attendance-lead');
}

export function isClaimer(card: PupilCard, actor: Pick<Actor, 'id'>): boolean {
  return card.claim?.byId.toLowerCase() === actor.id.toLowerCase();
}

const times = new Map<string, string>();

/** HH:MM in the school's time zone. Offsets change on the minute, so the minute is a safe key for the answer. */
export function localTime(iso: string, timeZone: string): string {
  const key = `${timeZone}|${iso.slice(0, 16)}`;
  let time = times.get(key);
  if (time === undefined) {
    time = toLocal(new Date(iso), timeZone).time;
    if (times.size > 10_000) times.clear();
    times.set(key, time);
  }
  return time;
}

function refuseClosed(card: PupilCard, timeZone: string): string | undefined {
  if (card.status === 'resolved' && card.outcome) {
    return `${card.pupil.name}'s call was recorded by ${card.outcome.byName} at ${localTime(card.outcome.at, timeZone)}.`;
  }
  if (card.status === 'no-contact' && card.noContact) {
    return `${card.pupil.name} was recorded as no contact by ${card.noContact.byName} at ${localTime(card.noContact.at, timeZone)} and is with the safeguarding team.`;
  }
  return undefined;
}

function refuseNotClaimer(card: PupilCard, actor: Actor, timeZone: string): string | undefined {
  const closed = refuseClosed(card, timeZone);
  if (closed) return closed;
  if (!card.claim) return `Nobody has claimed ${card.pupil.name} yet. Claim the card first.`;
  if (!isClaimer(card, actor)) return `${card.claim.byName} is calling about ${card.pupil.name} (claimed at ${localTime(card.claim.at, timeZone)}). Only they can log calls.`;
  return undefined;
}

/** The next card from a change, with its chronology entries numbered by the new revision. */
export function change(card: PupilCard, next: Omit<PupilCard, 'revision' | 'outbox' | 'updatedAt'>, now: Date, action: string, drafts: Omit<CardEvent, 'id'>[]): CardChange {
  const revision = card.revision + 1;
  const events = drafts.map((d, i) => ({ ...d, id: chronologyId(d.at, `${card.date}-r${revision}-${i}`) }));
  return { ok: true, action, events, card: { ...next, revision, outbox: events, updatedAt: now.toISOString() } };
}

export function claimCard(card: PupilCard, actor: Actor, now: Date, timeZone: string): CardChange {
  const closed = refuseClosed(card, timeZone);
  if (closed) return { ok: false, problem: closed };
  if (card.claim) {
    if (isClaimer(card, actor)) return { ok: true, card, unchanged: true };
    return { ok: false, problem: `${card.claim.byName} claimed ${card.pupil.name} at ${localTime(card.claim.at, timeZone)}.` };
  }
  const at = now.toISOString();
  return change(card, { ...card, status: 'in-progress', claim: { byId: actor.id, byName: actor.name, byMri: actor.mri, at } }, now, 'claim', [
    { kind: 'claim', at, byId: actor.id, byName: actor.name, summary: `Claimed for first-day calling by ${actor.name}` },
  ]);
}

export function releaseCard(card: PupilCard, actor: Actor, now: Date, timeZone: string): CardChange {
  const closed = refuseClosed(card, timeZone);
  if (closed) return { ok: false, problem: closed };
  if (!card.claim) return { ok: false, problem: `Nobody has claimed ${card.pupil.name}.` };
  if (!isClaimer(card, actor) && !managesCalling(actor)) {
    return { ok: false, problem: `Only ${card.claim.byName} or the attendance officer can release ${card.pupil.name}.` };
  }
  const at = now.toISOString();
  const { claim: _claim, script: _script, ...rest } = card;
  return change(card, { ...rest, status: 'unclaimed' }, now, 'release', [
    { kind: 'claim', at, byId: actor.id, byName: actor.name, summary: `Released by ${actor.name}${isClaimer(card, actor) ? '' : ` (was with ${card.claim.byName})`}` },
  ]);
}

export function reassignCard(card: PupilCard, actor: Actor, to: Pick<Actor, 'id' | 'name' | 'mri'>, now: Date, timeZone: string): CardChange {
  const closed = refuseClosed(card, timeZone);
  if (closed) return { ok: false, problem: closed };
  if (!managesCalling(actor)) return { ok: false, problem: 'Only the attendance officer or attendance lead can reassign a pupil.' };
  if (card.claim && isClaimer(card, to)) return { ok: true, card, unchanged: true };
  const at = now.toISOString();
  const { script: _script, ...rest } = card;
  const from = card.claim ? ` from ${card.claim.byName}` : '';
  return change(card, { ...rest, status: 'in-progress', claim: { byId: to.id, byName: to.name, byMri: to.mri, at, assignedBy: actor.name } }, now, 'reassign', [
    { kind: 'claim', at, byId: actor.id, byName: actor.name, summary: `Reassigned${from} to ${to.name} by ${actor.name}` },
  ]);
}

/**
 * A claim handed back by Firstday rather than by a person (the claimer has left the staff list): the card is
 * open again for anyone, keeping the calls already logged so the next caller sees the rounds done. Only an
 * open claim goes back; a card already resolved or with the safeguarding team is left as it is.
 */
export function returnClaim(card: PupilCard, reason: string, at: Date): CardChange {
  if (card.status !== 'in-progress' || !card.claim) return { ok: true, card, unchanged: true };
  const { claim, script: _script, ...rest } = card;
  const iso = at.toISOString();
  return change(card, { ...rest, status: 'unclaimed' }, at, 'claim.returned', [
    { kind: 'claim', at: iso, byId: 'firstday', byName: 'Firstday', summary: `Open again (was with ${claim.byName}): ${reason}` },
  ]);
}

export interface AttemptInput {
  attemptId: string;
  contactId: string;
  outcome: string;
  phoneLabel?: CallAttempt['phoneLabel'];
}

export function logAttempt(card: PupilCard, actor: Actor, contacts: ContactForCalling[], input: AttemptInput, now: Date, timeZone: string): CardChange {
  const refused = refuseNotClaimer(card, actor, timeZone);
  if (refused) return { ok: false, problem: refused };
  if (card.script) return { ok: false, problem: `You are on the call script with ${card.script.contactName}. Finish it, or go back to the first step and choose "Someone else answered".` };
  if (card.attempts.some((a) => a.id === input.attemptId)) return { ok: true, card, unchanged: true };
  const progress = callProgress(contacts, card.attempts);
  const problem = attemptProblem(contacts, progress, input.contactId, input.outcome);
  if (problem) return { ok: false, problem };
  const contact = contacts.find((c) => c.contactId === input.contactId)!;
  const at = now.toISOString();
  const attempt: CallAttempt = {
    id: input.attemptId,
    contactId: contact.contactId,
    contactName: `${contact.name} (${contact.relationship})`,
    phoneLabel: input.phoneLabel,
    outcome: input.outcome as AttemptOutcome,
    at,
    byId: actor.id,
    byName: actor.name,
  };
  const attempts = [...card.attempts, attempt];
  const detail: Record<string, unknown> = { contactId: contact.contactId, outcome: attempt.outcome, round: progress.currentRound };
  if (attempt.outcome === 'overseas-ringtone') detail.familyMayBeAbroad = true;
  const script = attempt.outcome === 'answered' ? startScript(contact.contactId, attempt.contactName, attempt.id) : undefined;
  return change(card, { ...card, attempts, script }, now, `call.${attempt.outcome}`, [
    { kind: 'call-attempt', at, byId: actor.id, byName: actor.name, summary: attemptSummary(attempt), detail },
  ]);
}

export function advanceScript(
  card: PupilCard,
  actor: Actor,
  stepId: string,
  values: Record<string, unknown>,
  ctx: ScriptContext,
  now: Date,
  timeZone: string,
): CardChange {
  const refused = refuseNotClaimer(card, actor, timeZone);
  if (refused) return { ok: false, problem: refused };
  if (!card.script) return { ok: false, problem: 'There is no call in progress on this card. Log who answered first.' };
  const result = submitStep(card.script, stepId, values, ctx);
  if (!result.ok) return { ok: false, problem: result.problems.join(' ') };
  const at = now.toISOString();
  if (result.ended === 'stopped') {
    const attempts = card.attempts.map((a) => (a.id === card.script!.attemptId ? { ...a, notTheRightPerson: true } : a));
    const attempt = attempts.find((a) => a.id === card.script!.attemptId)!;
    const { script: _script, ...rest } = card;
    return change(card, { ...rest, attempts }, now, 'call.not-the-right-person', [
      { kind: 'call-attempt', at, byId: actor.id, byName: actor.name, summary: attemptSummary(attempt), detail: { contactId: attempt.contactId, identityConfirmed: false } },
    ]);
  }
  if (result.ended === 'finished') {
    const outcome = scriptOutcome(result.state, ctx);
    const { script: _script, ...rest } = card;
    return change(card, { ...rest, status: 'resolved', outcome: { ...outcome, at, byId: actor.id, byName: actor.name } }, now, 'call.outcome', [
      {
        kind: 'call-outcome',
        at,
        byId: actor.id,
        byName: actor.name,
        summary: `Spoke to ${outcome.contactName}: ${outcome.summary}. Suggested code ${outcome.suggestedCode.code}.`,
        detail: { ...outcome },
      },
    ]);
  }
  return change(card, { ...card, script: result.state }, now, `script.${stepId}`, []);
}

export function scriptBack(card: PupilCard, actor: Actor, stepId: string, now: Date, timeZone: string): CardChange {
  const refused = refuseNotClaimer(card, actor, timeZone);
  if (refused) return { ok: false, problem: refused };
  if (!card.script) return { ok: false, problem: 'There is no call in progress on this card.' };
  if (card.script.step !== stepId) return { ok: false, problem: 'The call has moved on since this card was shown. The card now shows where the call is up to.' };
  const back = stepBack(card.script);
  if (!back) return { ok: false, problem: 'This is the first step of the script.' };
  return change(card, { ...card, script: back }, now, 'script.back', []);
}

export function recordNoContact(card: PupilCard, actor: Actor, contacts: ContactForCalling[], now: Date, timeZone: string): CardChange {
  const refused = refuseNotClaimer(card, actor, timeZone);
  if (refused) return { ok: false, problem: refused };
  if (card.script) return { ok: false, problem: `You are on the call script with ${card.script.contactName}. Finish that first.` };
  const progress = callProgress(contacts, card.attempts);
  if (!progress.canRecordNoContact) {
    if (progress.reached) return { ok: false, problem: 'Someone has already been reached on this card.' };
    return {
      ok: false,
      problem: `Ring every contact at least ${MIN_ROUNDS} times before recording no contact: ${progress.completedRounds} of ${MIN_ROUNDS} full rounds done.`,
    };
  }
  const at = now.toISOString();
  const record: NoContactRecord = {
    at,
    byId: actor.id,
    byName: actor.name,
    completedRounds: progress.completedRounds,
    nobodyToRing: progress.nobodyToRing,
    escalation: 'awaiting-dsl',
  };
  const summary = progress.nobodyToRing
    ? 'No contact: there is no working number on the contact list. Passed to the safeguarding team.'
    : `No contact after ${progress.completedRounds} full rounds of the contact list. Passed to the safeguarding team.`;
  return change(card, { ...card, status: 'no-contact', noContact: record }, now, 'call.no-contact', [
    { kind: 'escalation', at, byId: actor.id, byName: actor.name, summary, detail: { completedRounds: progress.completedRounds, overseas: progress.overseas } },
  ]);
}

/** Marks the card as having a concern; the concern's detail lives in the concern record, never on the card. */
export function markConcern(card: PupilCard, actor: Actor, concernId: string, now: Date): CardChange {
  if (card.concerns.some((c) => c.id === concernId)) return { ok: true, card, unchanged: true };
  const at = now.toISOString();
  return change(card, { ...card, concerns: [...card.concerns, { id: concernId, at, byId: actor.id, byName: actor.name }] }, now, 'concern.raise', []);
}

export interface CardCounts {
  total: number;
  unclaimed: number;
  inProgress: number;
  resolved: number;
  noContact: number;
  concerns: number;
  byYearGroup: YearGroupCount[];
}

export function countCards(cards: Pick<PupilCard, 'status' | 'concerns' | 'pupil'>[]): CardCounts {
  return {
    total: cards.length,
    unclaimed: cards.filter((c) => c.status === 'unclaimed').length,
    inProgress: cards.filter((c) => c.status === 'in-progress').length,
    resolved: cards.filter((c) => c.status === 'resolved').length,
    noContact: cards.filter((c) => c.status === 'no-contact').length,
    concerns: cards.filter((c) => c.concerns.length > 0).length,
    byYearGroup: countByYearGroup(cards.map((c) => c.pupil)),
  };
}

/** The key a card carries in its actions: school, day and pupil. */
export function cardKey(card: Pick<PupilCard, 'urn' | 'date'> & { pupil: Pick<CardPupil, 'upn'> }): string {
  return `${card.urn}|${card.date}|${card.pupil.upn}`;
}

export function parseCardKey(key: unknown): { urn: string; date: string; upn: string } | undefined {
  if (typeof key !== 'string') return undefined;
  const m = /^(\d{6,7})\|(\d{4}-\d{2}-\d{2})\|([A-Z0-9]{13})$/.exec(key);
  return m ? { urn: m[1], date: m[2], upn: m[3] } : undefined;
}

