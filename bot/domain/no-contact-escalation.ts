/**
 * What happens after "no contact" (the first-day calling guidance steps 8 to 10, the Support First approach "First-day response"): the person who rang
 * answers the step 8 questions (agency support, in-school intelligence, who knows the family); a pupil with a
 * social worker or youth offending team worker has them told the same day; the DSL decides (home visit with its
 * outcome, the local authority's front door where there is risk, or the attendance route with a further 24 hours
 * of trying); an overseas ringtone asks for a children-missing-education check; 24 hours on without contact the
 * DSLs are prompted. Each is a pure step on the pupil's card, refused with a message staff can act on.
 */
import type { Actor, CardChange, PupilCard } from './pupil-card';
import { change, isClaimer, localTime } from './pupil-card';
import type { StaffMember } from './school';

export type AgencySupport = 'social-worker' | 'yot-worker' | 'other-agency' | 'none';
export type DecisionKind = 'home-visit' | 'referral' | 'attendance-route';
export type VisitOutcome = 'child-seen' | 'not-seen' | 'card-left';
export type FrontDoor = 'MASH' | 'CADS';

export const AGENCY_CHOICES: readonly { value: AgencySupport; title: string }[] = [
  { value: 'social-worker', title: 'Yes: a social worker' },
  { value: 'yot-worker', title: 'Yes: a youth offending team worker' },
  { value: 'other-agency', title: 'Yes: another agency (early help, CAMHS, ...)' },
  { value: 'none', title: 'No agency support known' },
];

export const VISIT_OUTCOMES: readonly { value: VisitOutcome; title: string }[] = [
  { value: 'child-seen', title: 'Child seen' },
  { value: 'not-seen', title: 'Child not seen' },
  { value: 'card-left', title: 'Nobody answered: card left' },
];

interface By {
  at: string;
  byId: string;
  byName: string;
}

export interface EscalationAnswers extends By {
  agency: AgencySupport;
  /** Who the worker or agency is, where there is one. */
  agencyDetail?: string;
  intelligence: string;
  knowsFamily: string;
}

export interface WorkerInformed extends By {
  who: string;
  how: string;
}

export type DslDecision = By & { reason: string; cmeCheck?: 'requested' | 'not-needed' } & (
    | { kind: 'home-visit'; visitorUpn: string; visitorName: string }
    | { kind: 'referral'; frontDoor: FrontDoor; police: boolean }
    | { kind: 'attendance-route' }
  );

export interface HomeVisit extends By {
  outcome: VisitOutcome;
  note: string;
}

/** A 1:1 message the bot sent about this card, kept so that every copy shows what was decided. */
export interface SentCard {
  upn: string;
  serviceUrl: string;
  conversationId: string;
  tenantId?: string;
  activityId: string;
  /** For a home visitor's task: the decision it was sent for. */
  visitFor?: string;
}

export interface NoContactEscalation {
  answers?: EscalationAnswers;
  workerInformed?: WorkerInformed;
  decision?: DslDecision;
  /** Decisions made before the 24-hour prompt asked for a new one. */
  earlier?: DslDecision[];
  visit?: HomeVisit;
  /** The DSLs' decision cards and the visitor's task. */
  sent?: SentCard[];
  /** When the DSLs were told that 24 hours had passed without contact. */
  dayPromptAt?: string;
}

export const DAY_PROMPT_HOURS = 24;
const MAX_TEXT = 2000;

export function isSafeguardingActor(actor: Pick<Actor, 'roles'>): boolean {
  return actor.roles.includes('dsl') || actor.roles.includes('deputy-dsl');
}

/** An overseas ringtone was logged: the family may be abroad. */
export function familyMayBeAbroad(card: Pick<PupilCard, 'attempts'>): boolean {
  return card.attempts.some((a) => a.outcome === 'overseas-ringtone');
}

/** A social worker or YOT worker must be told the same day. */
export function workerToInform(card: Pick<PupilCard, 'escalation'>): boolean {
  const agency = card.escalation?.answers?.agency;
  return agency === 'social-worker' || agency === 'yot-worker';
}

function text(values: Record<string, unknown>, field: string, label: string, problems: string[], required = true): string {
  const raw = values[field];
  const value = typeof raw === 'string' ? raw.trim() : '';
  if (required && !value) problems.push(`${label}: please answer (write "none known" if there is nothing).`);
  else if (value.length > MAX_TEXT) problems.push(`${label}: keep it under ${MAX_TEXT} characters.`);
  return value;
}

function refuseNotEscalated(card: PupilCard): string | undefined {
  if (card.status !== 'no-contact' || !card.noContact) return `${card.pupil.name} has not been recorded as no contact, so there is no escalation to record.`;
  return undefined;
}

/** The first-day calling guidance, step 8, answered by the person who rang (or a DSL). */
export function answerEscalation(card: PupilCard, actor: Actor, values: Record<string, unknown>, now: Date, timeZone: string): CardChange {
  const refused = refuseNotEscalated(card);
  if (refused) return { ok: false, problem: refused };
  if (!isClaimer(card, actor) && !isSafeguardingActor(actor)) return { ok: false, problem: `Only ${card.noContact!.byName} or the safeguarding team can answer these questions about ${card.pupil.name}.` };
  const done = card.escalation?.answers;
  if (done) return { ok: false, problem: `These questions were answered by ${done.byName} at ${localTime(done.at, timeZone)}.` };
  const problems: string[] = [];
  const agency = AGENCY_CHOICES.find((c) => c.value === values.agency)?.value;
  if (!agency) problems.push('Agency support: choose one of the answers.');
  const agencyDetail = text(values, 'agencyDetail', 'Who the worker or agency is', problems, agency !== undefined && agency !== 'none');
  const intelligence = text(values, 'intelligence', 'In-school intelligence', problems);
  const knowsFamily = text(values, 'knowsFamily', 'Who in school knows the family', problems);
  if (problems.length) return { ok: false, problem: problems.join(' ') };
  const at = now.toISOString();
  const by = { at, byId: actor.id, byName: actor.name };
  const answers: EscalationAnswers = { ...by, agency: agency!, intelligence, knowsFamily, ...(agency !== 'none' ? { agencyDetail } : {}) };
  const agencyLine = agency === 'none' ? 'no agency support known' : `${AGENCY_CHOICES.find((c) => c.value === agency)!.title.replace('Yes: ', '')} (${agencyDetail})`;
  return change(card, { ...card, escalation: { ...card.escalation, answers } }, now, 'escalation.answers', [
    { kind: 'escalation', ...by, summary: `No contact, agency support: ${agencyLine}`, detail: { question: 'agency', agency, agencyDetail }, restricted: true },
    { kind: 'escalation', ...by, summary: `No contact, in-school intelligence: ${intelligence}`, detail: { question: 'intelligence' }, restricted: true },
    { kind: 'escalation', ...by, summary: `No contact, who in school knows the family: ${knowsFamily}`, detail: { question: 'knows-family' }, restricted: true },
  ]);
}

/** The social worker or YOT worker was told, the same day. */
export function recordWorkerInformed(card: PupilCard, actor: Actor, values: Record<string, unknown>, now: Date, timeZone: string): CardChange {
  const refused = refuseNotEscalated(card);
  if (refused) return { ok: false, problem: refused };
  if (!isClaimer(card, actor) && !isSafeguardingActor(actor)) return { ok: false, problem: `Only ${card.noContact!.byName} or the safeguarding team can record this.` };
  if (!workerToInform(card)) return { ok: false, problem: `${card.pupil.name} has no social worker or youth offending team worker recorded.` };
  const done = card.escalation?.workerInformed;
  if (done) return { ok: false, problem: `${done.byName} recorded telling ${done.who} at ${localTime(done.at, timeZone)}.` };
  const problems: string[] = [];
  const who = text(values, 'informedWho', 'Who you told', problems);
  const how = text(values, 'informedHow', 'How you told them', problems);
  if (problems.length) return { ok: false, problem: problems.join(' ') };
  const by = { at: now.toISOString(), byId: actor.id, byName: actor.name };
  return change(card, { ...card, escalation: { ...card.escalation, workerInformed: { ...by, who, how } } }, now, 'escalation.worker-informed', [
    { kind: 'escalation', ...by, summary: `${card.escalation!.answers!.agency === 'yot-worker' ? 'Youth offending team worker' : 'Social worker'} told of no contact: ${who} (${how})`, detail: { who, how }, restricted: true },
  ]);
}

/** The DSL's decision: home visit, the front door where there is risk, or the attendance route. */
export function decideEscalation(card: PupilCard, actor: Actor, staff: StaffMember[], values: Record<string, unknown>, now: Date, timeZone: string): CardChange {
  const refused = refuseNotEscalated(card);
  if (refused) return { ok: false, problem: refused };
  if (!isSafeguardingActor(actor)) return { ok: false, problem: 'Only the DSL or a deputy DSL can decide what happens after no contact.' };
  const done = card.escalation?.decision;
  if (done && !awaitingDecision(card)) return { ok: false, problem: `${done.byName} decided at ${localTime(done.at, timeZone)}: ${decisionLine(done)}.` };
  const problems: string[] = [];
  const kind = (['home-visit', 'referral', 'attendance-route'] as const).find((k) => k === values.decision);
  if (!kind) problems.push('Decision: choose a home visit, a referral, or the attendance route.');
  const reason = text(values, 'reason', 'Why', problems);
  let cmeCheck: DslDecision['cmeCheck'];
  if (familyMayBeAbroad(card)) {
    cmeCheck = values.cmeCheck === 'requested' || values.cmeCheck === 'not-needed' ? values.cmeCheck : undefined;
    if (!cmeCheck) problems.push('Children missing education: an overseas ringtone was heard, so say whether a CME check has been asked for.');
  }
  const by = { at: now.toISOString(), byId: actor.id, byName: actor.name };
  let decision: DslDecision | undefined;
  if (kind === 'home-visit') {
    const visitor = staff.find((s) => s.upn.toLowerCase() === String(values.visitor ?? '').toLowerCase());
    if (!visitor) problems.push('Home visit: choose the member of staff who will go.');
    else decision = { ...by, reason, cmeCheck, kind, visitorUpn: visitor.upn, visitorName: visitor.title || visitor.displayName };
  } else if (kind === 'referral') {
    const frontDoor = values.frontDoor === 'MASH' || values.frontDoor === 'CADS' ? values.frontDoor : undefined;
    if (!frontDoor) problems.push('Referral: choose the local authority front door (MASH or CADS).');
    else decision = { ...by, reason, cmeCheck, kind, frontDoor, police: values.police === true || values.police === 'true' };
  } else if (kind) {
    decision = { ...by, reason, cmeCheck, kind };
  }
  if (problems.length || !decision) return { ok: false, problem: problems.join(' ') };
  const clean = JSON.parse(JSON.stringify(decision)) as DslDecision;
  const events = [
    { kind: decision.kind === 'home-visit' ? ('home-visit' as const) : decision.kind === 'referral' ? ('referral' as const) : ('escalation' as const), ...by, summary: `DSL decision after no contact: ${decisionLine(decision)}. ${reason}`, detail: { ...clean }, restricted: true },
  ];
  if (cmeCheck) {
    events.push({ kind: 'escalation', ...by, summary: cmeCheck === 'requested' ? 'Children missing education check asked for (overseas ringtone heard)' : 'Children missing education check not needed (overseas ringtone heard)', detail: { cmeCheck } as never, restricted: true });
  }
  const earlier = done ? [...(card.escalation?.earlier ?? []), done] : card.escalation?.earlier;
  const { visit: _visit, ...rest } = card.escalation ?? {};
  // A new decision after the 24-hour prompt starts afresh: an earlier visit stays in the chronology.
  const escalation = done ? { ...rest, earlier, decision: clean } : { ...card.escalation, decision: clean };
  return change(card, { ...card, escalation }, now, `escalation.${decision.kind}`, events);
}

/** No decision yet, or 24 hours passed without contact since the last one: the DSL decides (again). */
export function awaitingDecision(card: Pick<PupilCard, 'escalation'>): boolean {
  const e = card.escalation;
  if (!e?.decision) return true;
  return !!e.dayPromptAt && e.decision.at < e.dayPromptAt && e.visit?.outcome !== 'child-seen';
}

export function decisionLine(d: DslDecision): string {
  if (d.kind === 'home-visit') return `home visit by ${d.visitorName}`;
  if (d.kind === 'referral') return `referral to the local authority front door (${d.frontDoor})${d.police ? ' and the police' : ''}`;
  return `attendance route, with a further ${DAY_PROMPT_HOURS} hours of trying to make contact`;
}

/** The home visit's outcome, by the member of staff who went or the safeguarding team. */
export function recordHomeVisit(card: PupilCard, actor: Actor, actorUpn: string, values: Record<string, unknown>, now: Date, timeZone: string): CardChange {
  const decision = card.escalation?.decision;
  if (decision?.kind !== 'home-visit') return { ok: false, problem: `No home visit has been decided for ${card.pupil.name}.` };
  if (actorUpn.toLowerCase() !== decision.visitorUpn.toLowerCase() && !isSafeguardingActor(actor)) {
    return { ok: false, problem: `Only ${decision.visitorName} or the safeguarding team can record the home visit.` };
  }
  const done = card.escalation?.visit;
  if (done) return { ok: false, problem: `${done.byName} recorded the home visit at ${localTime(done.at, timeZone)}.` };
  const problems: string[] = [];
  const outcome = VISIT_OUTCOMES.find((o) => o.value === values.visitOutcome);
  if (!outcome) problems.push('Home visit: choose what happened.');
  const note = text(values, 'visitNote', 'What happened at the visit', problems);
  if (problems.length) return { ok: false, problem: problems.join(' ') };
  const by = { at: now.toISOString(), byId: actor.id, byName: actor.name };
  return change(card, { ...card, escalation: { ...card.escalation, visit: { ...by, outcome: outcome!.value, note } } }, now, 'escalation.home-visit-outcome', [
    { kind: 'home-visit', ...by, summary: `Home visit by ${actor.name}: ${outcome!.title.toLowerCase()}. ${note}`, detail: { outcome: outcome!.value }, restricted: true },
  ]);
}

/** Messages sent about the card, remembered (once each). */
export function rememberSent(card: PupilCard, sent: SentCard[], now: Date): CardChange {
  const known = new Set((card.escalation?.sent ?? []).map((s) => s.activityId));
  const fresh = sent.filter((s) => !known.has(s.activityId));
  if (!fresh.length) return { ok: true, card, unchanged: true };
  return change(card, { ...card, escalation: { ...card.escalation, sent: [...(card.escalation?.sent ?? []), ...fresh] } }, now, 'escalation.sent', []);
}

/** 24 hours on from "no contact", nobody reached and no child seen: the DSLs are to be told (once). */
export function dayPromptDue(card: PupilCard, now: Date): boolean {
  if (card.status !== 'no-contact' || !card.noContact || card.escalation?.dayPromptAt) return false;
  if (card.escalation?.visit?.outcome === 'child-seen') return false;
  return now.getTime() - Date.parse(card.noContact.at) >= DAY_PROMPT_HOURS * 3_600_000;
}

export function markDayPrompt(card: PupilCard, actor: Pick<Actor, 'id' | 'name'>, now: Date): CardChange {
  if (!dayPromptDue(card, now)) return { ok: true, card, unchanged: true };
  const at = now.toISOString();
  return change(card, { ...card, escalation: { ...card.escalation, dayPromptAt: at } }, now, 'escalation.day-prompt', [
    { kind: 'escalation', at, byId: actor.id, byName: actor.name, summary: `${DAY_PROMPT_HOURS} hours since no contact and nobody reached: the safeguarding team prompted to decide the next step`, restricted: true },
  ]);
}
