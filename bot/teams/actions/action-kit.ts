/**
 * What every card action handler shares: the request as the bot received it, the reply it gives, and the
 * checks every press on a pupil's card goes through before anything changes: a card we know, this school's
 * channel, someone on the school's staff list, and today's list (earlier days answer read-only).
 */
import type { CaseLink } from '../case-link';
import { randomUUID } from 'node:crypto';
import { toLocal } from '../../domain/clock';
import { isClaimer, managesCalling, parseCardKey, type CardChange, type PupilCard } from '../../domain/pupil-card';
import type { School } from '../../domain/school';
import type { Logger } from '../../platform/logger';
import { channelOf } from '../../store/channels-repository';
import type { Stored } from '../../store/json-table';
import type { Repositories } from '../../store/repositories';
import { callingCard, sharedCard, staffName, type AdaptiveCard } from '../card-views';
import type { ContactBook } from '../contact-book';
import { claimerEscalationCard } from '../escalation-cards';
import type { Applied, PupilCardDesk } from '../pupil-card-desk';
import type { SafeguardingNotifier } from '../safeguarding-notifier';
import type { KnownStaff, StaffDirectory, TeamsUserRef } from '../staff-recognition';
import type { TeamsDailyRunner } from '../teams-daily-runner';
import type { TeamsSender } from '../teams-sender';

/** A card press (Action.Execute), as it arrived in the `adaptiveCard/action` invoke. */
export interface ActionRequest {
  verb: string;
  /** The action's data merged with the card's inputs. */
  data: Record<string, unknown>;
  /** "automatic" for a refresh Teams asked for on its own. */
  trigger: 'manual' | 'automatic';
  user: TeamsUserRef;
  /** The message the card is on. */
  activityId?: string;
  /** The conversation the card is in (a channel thread, a 1:1 chat). */
  conversationId: string;
  conversationType?: string;
  tenantId?: string;
  serviceUrl: string;
  /** The bot's id and the team, for linking a channel. */
  botId: string;
  botName?: string;
  team?: { id?: string; aadGroupId?: string; name?: string };
  channelName?: string;
}

export type ActionReply = { card: AdaptiveCard } | { message: string };

export interface CardActionHandler {
  readonly verb: string;
  handle(request: ActionRequest): Promise<ActionReply>;
}

export interface ActionKit {
  repos: Repositories;
  contacts: ContactBook;
  desk: PupilCardDesk;
  directory: StaffDirectory;
  sender: TeamsSender;
  notifier: SafeguardingNotifier;
  runner: TeamsDailyRunner;
  logger: Logger;
  now: () => Date;
  caseLink?: CaseLink;
}

/** Everything known about a press on a pupil's card once the checks have passed. */
export interface PupilAction {
  request: ActionRequest;
  school: School;
  who: KnownStaff;
  card: PupilCard;
  /** The card as read, with its ETag: the first try of a change uses it. */
  stored: Stored<PupilCard>;
  today: string;
  /** The card is from an earlier day: answer with it, change nothing. */
  readOnly: boolean;
  caseLink?: CaseLink;
}

export function auditActor(who: KnownStaff): { id: string; name: string; source: string } {
  return { id: who.actor.id, name: who.actor.name, source: 'bot' };
}

/** Runs the common checks; a reply means the press stops here (and nothing was changed). */
export async function checkPupilAction(kit: ActionKit, request: ActionRequest): Promise<PupilAction | ActionReply> {
  const key = parseCardKey(request.data.card);
  if (!key) return { message: 'This card is not one Firstday recognises, so nothing was changed.' };
  const linkedUrn = await kit.directory.schoolOfChannel(request.tenantId, channelOf(request.conversationId));
  if (linkedUrn !== key.urn) {
    return { message: "This card belongs to another school's list, or was copied out of its channel. Nothing was changed." };
  }
  const school = await kit.directory.school(key.urn);
  if (!school) return { message: 'This school is no longer in Firstday. Nothing was changed.' };
  const who = await kit.directory.resolve(school, request.user);
  if (!who) {
    await kit.desk.audit(key.urn, key.upn, { id: request.user.aadObjectId ?? request.user.mri, name: request.user.name, source: 'bot' }, `card.${request.verb}`, 'denied', 'not on the staff list');
    return { message: `You are not on ${school.name}'s staff list in Firstday, so you cannot use these cards. Ask your attendance lead to add you.` };
  }
  let stored = await kit.desk.read(key.urn, key.date, key.upn);
  if (!stored) return { message: 'This pupil is no longer on the list for that day. Nothing was changed.' };
  const posted = stored.value.posting;
  if (request.activityId && posted.state === 'posted' && posted.activityId && posted.activityId !== request.activityId && !posted.copies?.includes(request.activityId)) {
    stored = await kit.desk.adoptCopy(stored, request.activityId);
  }
  const today = toLocal(kit.now(), school.timeZone).date;
  return { request, school, who, card: stored.value, stored, today, readOnly: stored.value.date !== today, caseLink: kit.caseLink };
}

/** Applies a change to the pressed card, starting from the copy already read. */
export function applyTo(kit: ActionKit, action: PupilAction, step: (card: PupilCard) => CardChange): Promise<Applied> {
  return kit.desk.apply(action.card.urn, action.card.date, action.card.pupil.upn, auditActor(action.who), step, action.stored);
}

export function isReply(value: PupilAction | ActionReply): value is ActionReply {
  return !('request' in value);
}

/** The card as the channel sees it, with a line for this person. */
export function sharedReply(action: Pick<PupilAction, 'school' | 'today' | 'caseLink'>, card: PupilCard, notice?: string, reassignTo?: { title: string; value: string }[]): ActionReply {
  return { card: sharedCard(card, { school: action.school, today: action.today, notice, reassignTo, caseLink: action.caseLink }) };
}

/**
 * The claimer's calling view, with the contacts: every showing is a read of contact details, so it is audited.
 * Anyone else gets the shared card.
 */
export async function callingReply(kit: ActionKit, action: PupilAction, card: PupilCard, notice?: string, concernForm = false): Promise<ActionReply> {
  if (!isClaimer(card, action.who.actor) || card.date !== action.today) {
    const fallback = card.claim && !isClaimer(card, action.who.actor) && card.status === 'in-progress' ? `${card.claim.byName} is calling about ${card.pupil.name}; only they see the contacts.` : undefined;
    return sharedReply(action, card, notice ?? fallback);
  }
  // After no contact the claimer's view is the escalation: the step 8 questions, then telling a worker.
  if (card.status === 'no-contact') return { card: claimerEscalationCard(card, { school: action.school, notice }) };
  const [contacts] = await Promise.all([
    kit.contacts.forPupil(card.urn, card.pupil.upn),
    kit.desk.audit(card.urn, card.pupil.upn, auditActor(action.who), 'contacts.read', 'ok', 'contact details shown to the claimer'),
  ]);
  return {
    card: callingCard(card, contacts, {
      school: action.school,
      staffFullName: action.who.staff.displayName,
      notice,
      concernForm,
      newId: () => randomUUID(),
    }),
  };
}

/** Staff the attendance officer can hand a pupil to. */
export function reassignChoices(school: School): { title: string; value: string }[] {
  return school.staff
    .filter((s) => s.roles.length > 0)
    .map((s) => ({ title: staffName(s) === s.displayName ? s.displayName : `${staffName(s)} (${s.displayName})`, value: s.upn }))
    .sort((a, b) => a.title.localeCompare(b.title));
}

export function canManage(action: PupilAction): boolean {
  return managesCalling(action.who.actor);
}

/** The inputs of a press, without the action's own fields. */
export function inputsOf(data: Record<string, unknown>, ...own: string[]): Record<string, unknown> {
  return Object.fromEntries(Object.entries(data).filter(([k]) => !own.includes(k)));
}
