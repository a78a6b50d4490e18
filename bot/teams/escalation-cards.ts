/**
 * The cards of the escalation after no contact. The claimer's card (in the pupil's thread, shown only to
 * them through refresh) asks the safeguarding team's questions; the DSLs' decision card and the home
 * visitor's task go to 1:1 chats only, since they carry what the school knows about the family. Templates:
 * cards/escalation-claimer.json, cards/escalation-decision.json, cards/home-visit.json.
 */
import { cardKey, localTime, type PupilCard } from '../domain/pupil-card';
import { yearGroupLabel } from '../domain/daily-list';
import {
  AGENCY_CHOICES,
  awaitingDecision,
  decisionLine,
  familyMayBeAbroad,
  VISIT_OUTCOMES,
  workerToInform,
  type NoContactEscalation,
} from '../domain/no-contact-escalation';
import type { School } from '../domain/school';
import { renderCard, type AdaptiveCard, type CardWhere, type Choice, type Fact } from './cards/card-templates';

function subtitle(card: PupilCard, school: School): string {
  return `${school.name} · ${yearGroupLabel(card.pupil.yearGroup)} · ${card.pupil.form} · list of ${card.date}`;
}

/** What has been recorded so far, as facts. */
function recorded(card: PupilCard, tz: string): Fact[] {
  const e: NoContactEscalation = card.escalation ?? {};
  const facts: Fact[] = [];
  if (card.noContact) facts.push({ title: 'No contact', value: `${card.noContact.byName}, ${localTime(card.noContact.at, tz)} on ${card.noContact.at.slice(0, 10)}, after ${card.noContact.completedRounds} rounds` });
  if (e.answers) {
    const agency = AGENCY_CHOICES.find((c) => c.value === e.answers!.agency)!.title;
    facts.push(
      { title: 'Agency support', value: e.answers.agencyDetail ? `${agency}: ${e.answers.agencyDetail}` : agency },
      { title: 'In-school intelligence', value: e.answers.intelligence },
      { title: 'Knows the family', value: e.answers.knowsFamily },
    );
  }
  if (e.workerInformed) facts.push({ title: 'Worker told', value: `${e.workerInformed.who} (${e.workerInformed.how}) by ${e.workerInformed.byName} at ${localTime(e.workerInformed.at, tz)}` });
  for (const earlier of e.earlier ?? []) facts.push({ title: 'Earlier decision', value: `${decisionLine(earlier)}: ${earlier.byName} at ${localTime(earlier.at, tz)} on ${earlier.at.slice(0, 10)}` });
  if (e.decision) facts.push({ title: 'Decision', value: `${decisionLine(e.decision)}: ${e.decision.byName} at ${localTime(e.decision.at, tz)}` });
  if (e.decision?.cmeCheck) facts.push({ title: 'CME check', value: e.decision.cmeCheck === 'requested' ? 'asked for' : 'not needed' });
  if (e.visit) facts.push({ title: 'Home visit', value: `${VISIT_OUTCOMES.find((o) => o.value === e.visit!.outcome)!.title}: ${e.visit.note} (${e.visit.byName}, ${localTime(e.visit.at, tz)})` });
  return facts;
}

function choices(list: readonly Choice[]): Choice[] {
  return list.map((c) => ({ title: c.title, value: c.value }));
}

function where(c: PupilCard): CardWhere {
  return { urn: c.urn, date: c.date, upn: c.pupil.upn };
}

/** The claimer's view after no contact: the safeguarding team's questions, then telling a social or YOT worker. */
export function claimerEscalationCard(c: PupilCard, o: { school: School; notice?: string }): AdaptiveCard {
  const e = c.escalation ?? {};
  const askAnswers = !e.answers;
  const tellWorker = !askAnswers && workerToInform(c) && !e.workerInformed;
  const worker = e.answers?.agency === 'yot-worker' ? 'youth offending team worker' : 'social worker';
  let closingLine = '';
  if (!askAnswers && !tellWorker) closingLine = e.decision ? 'The safeguarding team has decided the next step.' : 'Thank you. The safeguarding team will decide the next step.';
  return renderCard('escalation-claimer', {
    name: c.pupil.name,
    subtitle: subtitle(c, o.school),
    notice: o.notice ?? '',
    facts: recorded(c, o.school.timeZone),
    mayBeAbroad: familyMayBeAbroad(c),
    key: cardKey(c),
    askAnswers,
    agencyChoices: choices(AGENCY_CHOICES),
    tellWorkerLine: tellWorker ? `Tell ${c.pupil.forename}'s ${worker} about today's absence and that nobody could be reached, today.` : '',
    closingLine,
  });
}

export interface DecisionCardOptions {
  school: School;
  notice?: string;
  /** Staff who could make a home visit. */
  visitors: { title: string; value: string }[];
  /** Set on the prompt sent when 24 hours have passed without contact. */
  dayPrompt?: boolean;
}

/** The DSL's decision card, in their 1:1 chat. */
export function dslDecisionCard(c: PupilCard, o: DecisionCardOptions): AdaptiveCard {
  const deciding = awaitingDecision(c);
  return renderCard('escalation-decision', {
    name: c.pupil.name,
    subtitle: subtitle(c, o.school),
    dayPromptLine: o.dayPrompt ? `24 hours have passed since ${c.pupil.name} was recorded as no contact, and nobody has been reached. Decide the next step now.` : '',
    notice: o.notice ?? '',
    facts: recorded(c, o.school.timeZone),
    unansweredLine: c.escalation?.answers
      ? ''
      : `${c.noContact?.byName ?? 'The caller'} has not yet answered the questions about agency support, in-school intelligence and who knows the family; this card shows the answers when they do.`,
    workerNotTold: workerToInform(c) && !c.escalation?.workerInformed,
    mayBeAbroad: familyMayBeAbroad(c),
    deciding,
    visitors: o.visitors,
    recordVisit: !deciding && visitToRecord(c),
    visitOutcomes: choices(VISIT_OUTCOMES),
    where: where(c),
  });
}

/** The home visitor's task, in their 1:1 chat. */
export function homeVisitCard(c: PupilCard, o: { school: School; notice?: string }): AdaptiveCard {
  const d = c.escalation?.decision;
  return renderCard('home-visit', {
    name: c.pupil.name,
    subtitle: subtitle(c, o.school),
    notice: o.notice ?? '',
    askedLine: d?.kind === 'home-visit' ? `${d.byName} has asked you to make a home visit today because nobody could be reached. Record what happened here.` : '',
    facts: recorded(c, o.school.timeZone),
    recordVisit: visitToRecord(c),
    visitOutcomes: choices(VISIT_OUTCOMES),
    where: where(c),
  });
}

/** A home visit was decided and its outcome is not yet recorded. */
function visitToRecord(c: PupilCard): boolean {
  return c.escalation?.decision?.kind === 'home-visit' && !c.escalation.visit;
}
