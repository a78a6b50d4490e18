/**
 * The cards of the escalation after no contact. The claimer's card (in the pupil's thread, shown only to
 * them through refresh) asks the step 8 questions; the DSLs' decision card and the home visitor's task go
 * to 1:1 chats only, since they carry what the school knows about the family.
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
import type { AdaptiveCard } from './card-views';

const SCHEMA = 'http://adaptivecards.io/schemas/adaptive-card.json';

export const STEP_8 = {
  agency: 'Does the child have additional agency support, such as a social worker?',
  intelligence: 'Is there any in-school intelligence?',
  knowsFamily: 'Does anyone in school know the family?',
};

const CME_PROMPT = 'An overseas ringtone was heard: the family may be abroad. A children-missing-education check with the local authority may be needed.';

function heading(card: PupilCard, title: string, school: School): unknown[] {
  return [
    { type: 'TextBlock', text: `${title}: ${card.pupil.name}`, weight: 'Bolder', size: 'Large', wrap: true, color: 'Attention' },
    { type: 'TextBlock', text: `${school.name} · ${yearGroupLabel(card.pupil.yearGroup)} · ${card.pupil.form} · list of ${card.date}`, isSubtle: true, spacing: 'None', wrap: true },
  ];
}

function notice(body: unknown[], text?: string): void {
  if (text) body.push({ type: 'TextBlock', text, wrap: true, color: 'Warning', weight: 'Bolder' });
}

/** What has been recorded so far, as facts. */
function recorded(card: PupilCard, tz: string): unknown[] {
  const e: NoContactEscalation = card.escalation ?? {};
  const facts: { title: string; value: string }[] = [];
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
  return facts.length ? [{ type: 'FactSet', facts }] : [];
}

function card(body: unknown[], actions: unknown[] = []): AdaptiveCard {
  return { type: 'AdaptiveCard', $schema: SCHEMA, version: '1.5', body, actions };
}

/** The claimer's view after no contact: the step 8 questions, then telling a social worker or YOT worker. */
export function claimerEscalationCard(c: PupilCard, o: { school: School; notice?: string }): AdaptiveCard {
  const tz = o.school.timeZone;
  const body: unknown[] = heading(c, 'No contact', o.school);
  notice(body, o.notice);
  body.push(...recorded(c, tz));
  if (familyMayBeAbroad(c)) body.push({ type: 'TextBlock', text: CME_PROMPT, wrap: true, color: 'Attention' });
  const key = cardKey(c);
  const e = c.escalation ?? {};
  if (!e.answers) {
    body.push(
      { type: 'TextBlock', text: 'Before the safeguarding team decides, answer these (seed 002 step 8):', wrap: true, weight: 'Bolder' },
      { type: 'Input.ChoiceSet', id: 'agency', label: STEP_8.agency, isRequired: true, errorMessage: 'Choose an answer', choices: AGENCY_CHOICES.map((a) => ({ title: a.title, value: a.value })) },
      { type: 'Input.Text', id: 'agencyDetail', label: 'If yes: who (name, service, phone if known)', maxLength: 2000 },
      { type: 'Input.Text', id: 'intelligence', label: STEP_8.intelligence, isMultiline: true, isRequired: true, errorMessage: 'Answer, or write "none known"', maxLength: 2000 },
      { type: 'Input.Text', id: 'knowsFamily', label: STEP_8.knowsFamily, isMultiline: true, isRequired: true, errorMessage: 'Answer, or write "none known"', maxLength: 2000 },
    );
    return card(body, [{ type: 'Action.Execute', title: 'Record answers', verb: 'escalationAnswers', style: 'positive', data: { card: key } }]);
  }
  if (workerToInform(c) && !e.workerInformed) {
    body.push(
      { type: 'TextBlock', text: `Tell ${c.pupil.forename}'s ${e.answers.agency === 'yot-worker' ? 'youth offending team worker' : 'social worker'} about today's absence and that nobody could be reached, today.`, wrap: true, weight: 'Bolder', color: 'Attention' },
      { type: 'Input.Text', id: 'informedWho', label: 'Who you told', isRequired: true, errorMessage: 'Say who you told', maxLength: 2000 },
      { type: 'Input.Text', id: 'informedHow', label: 'How (phone, email, message left)', isRequired: true, errorMessage: 'Say how', maxLength: 2000 },
    );
    return card(body, [{ type: 'Action.Execute', title: 'Record that they were told', verb: 'escalationWorkerInformed', style: 'positive', data: { card: key } }]);
  }
  body.push({ type: 'TextBlock', text: e.decision ? 'The safeguarding team has decided the next step.' : 'Thank you. The safeguarding team will decide the next step.', wrap: true });
  return card(body);
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
  const tz = o.school.timeZone;
  const body: unknown[] = heading(c, 'No contact: your decision', o.school);
  if (o.dayPrompt) body.push({ type: 'TextBlock', text: `24 hours have passed since ${c.pupil.name} was recorded as no contact, and nobody has been reached. Decide the next step now.`, wrap: true, weight: 'Bolder', color: 'Attention' });
  notice(body, o.notice);
  body.push(...recorded(c, tz));
  if (!c.escalation?.answers) body.push({ type: 'TextBlock', text: `${c.noContact?.byName ?? 'The caller'} has not yet answered the step 8 questions; this card shows them when they do.`, wrap: true, isSubtle: true });
  if (workerToInform(c) && !c.escalation?.workerInformed) body.push({ type: 'TextBlock', text: 'The pupil has a social or YOT worker who has not yet been recorded as told today.', wrap: true, color: 'Attention' });
  const abroad = familyMayBeAbroad(c);
  if (abroad) body.push({ type: 'TextBlock', text: CME_PROMPT, wrap: true, color: 'Attention' });
  const where = { urn: c.urn, date: c.date, upn: c.pupil.upn };
  const d = c.escalation?.decision;
  if (awaitingDecision(c)) {
    body.push(
      {
        type: 'Input.ChoiceSet',
        id: 'decision',
        label: 'What happens now?',
        isRequired: true,
        errorMessage: 'Choose the next step',
        choices: [
          { title: 'Home visit', value: 'home-visit' },
          { title: 'There is risk: refer to the local authority front door', value: 'referral' },
          { title: 'No risk seen: attendance route, keep trying for 24 hours', value: 'attendance-route' },
        ],
      },
      { type: 'Input.ChoiceSet', id: 'visitor', label: 'Home visit: who goes', choices: o.visitors },
      { type: 'Input.ChoiceSet', id: 'frontDoor', label: 'Referral: front door', choices: [{ title: 'MASH', value: 'MASH' }, { title: 'CADS', value: 'CADS' }] },
      { type: 'Input.Toggle', id: 'police', label: 'Referral: the police', title: 'A crime is suspected: the police are told too', value: 'false', valueOn: 'true', valueOff: 'false' },
      ...(abroad
        ? [{ type: 'Input.ChoiceSet', id: 'cmeCheck', label: 'Children missing education check', isRequired: true, errorMessage: 'Choose one', choices: [{ title: 'Asked the local authority for a CME check', value: 'requested' }, { title: 'Not needed', value: 'not-needed' }] }]
        : []),
      { type: 'Input.Text', id: 'reason', label: 'Why (recorded in the chronology)', isMultiline: true, isRequired: true, errorMessage: 'Say why', maxLength: 2000 },
    );
    return card(body, [{ type: 'Action.Execute', title: 'Record decision', verb: 'escalationDecision', style: 'positive', data: where }]);
  }
  if (d?.kind === 'home-visit' && !c.escalation?.visit) return card([...body, ...visitInputs()], [visitAction(where)]);
  return card(body);
}

/** The home visitor's task, in their 1:1 chat. */
export function homeVisitCard(c: PupilCard, o: { school: School; notice?: string }): AdaptiveCard {
  const body: unknown[] = heading(c, 'Home visit', o.school);
  notice(body, o.notice);
  const d = c.escalation?.decision;
  if (d?.kind === 'home-visit') body.push({ type: 'TextBlock', text: `${d.byName} has asked you to make a home visit today because nobody could be reached. Record what happened here.`, wrap: true });
  body.push(...recorded(c, o.school.timeZone));
  if (d?.kind === 'home-visit' && !c.escalation?.visit) return card([...body, ...visitInputs()], [visitAction({ urn: c.urn, date: c.date, upn: c.pupil.upn })]);
  return card(body);
}

function visitInputs(): unknown[] {
  return [
    { type: 'Input.ChoiceSet', id: 'visitOutcome', label: 'Home visit outcome', isRequired: true, errorMessage: 'Choose what happened', choices: VISIT_OUTCOMES.map((v) => ({ title: v.title, value: v.value })) },
    { type: 'Input.Text', id: 'visitNote', label: 'What happened', isMultiline: true, isRequired: true, errorMessage: 'Say what happened', maxLength: 2000 },
  ];
}

function visitAction(where: { urn: string; date: string; upn: string }): unknown {
  return { type: 'Action.Execute', title: 'Record home visit', verb: 'homeVisitOutcome', style: 'positive', data: where };
}
