/**
 * Presses of the escalation after no contact. In the pupil's thread the claimer (or a DSL) answers the step 8
 * questions and records telling a social or YOT worker; in 1:1 chats the DSL or a deputy decides (checked here,
 * whatever the card offered, and a refusal is audited) and the home visitor records what they found.
 */
import {
  answerEscalation,
  decideEscalation,
  isSafeguardingActor,
  recordHomeVisit,
  recordWorkerInformed,
} from '../../domain/no-contact-escalation';
import type { CardChange, PupilCard } from '../../domain/pupil-card';
import { claimerEscalationCard, dslDecisionCard, homeVisitCard } from '../escalation-cards';
import type { NoContactEscalations } from '../no-contact-escalations';
import type { ActionKit, ActionReply, ActionRequest, CardActionHandler } from './action-kit';
import { applyTo, auditActor, checkPupilAction, inputsOf, isReply } from './action-kit';
import { checkStaffPress } from './concern-actions';

export interface EscalationKit extends ActionKit {
  escalations: NoContactEscalations;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const UPN = /^[A-Z0-9]{13}$/;

/** A press in the thread on the claimer's escalation card. */
function threadHandler(kit: EscalationKit, verb: string, step: (card: PupilCard, a: Parameters<typeof auditActor>[0], values: Record<string, unknown>, tz: string) => CardChange, done: string): CardActionHandler {
  return {
    verb,
    async handle(request) {
      const a = await checkPupilAction(kit, request);
      if (isReply(a)) return a;
      const values = inputsOf(request.data, 'card');
      const result = await applyTo(kit, a, (card) => step(card, a.who, values, a.school.timeZone));
      const card = result.ok ? result.card : (result.card ?? a.card);
      if (result.ok && result.changed) kit.escalations.refreshCopies(a.school, card);
      return { card: claimerEscalationCard(card, { school: a.school, notice: result.ok ? done : result.problem }) };
    },
  };
}

/** The school, the person and the card of a press in a 1:1 chat, or the reply that stops it. */
async function checkChatPress(kit: EscalationKit, request: ActionRequest) {
  const checked = await checkStaffPress(kit, request);
  if ('message' in checked || 'card' in checked) return checked;
  const date = String(request.data.date ?? '');
  const upn = String(request.data.upn ?? '');
  const stored = DATE.test(date) && UPN.test(upn) ? await kit.desk.read(checked.school.urn, date, upn) : undefined;
  if (!stored) return { message: 'This pupil is not on a list in Firstday, so nothing was changed.' } as ActionReply;
  return { ...checked, stored };
}

export function escalationActions(kit: EscalationKit): CardActionHandler[] {
  const now = () => kit.now();
  return [
    threadHandler(kit, 'escalationAnswers', (card, who, values, tz) => answerEscalation(card, who.actor, values, now(), tz), 'Answers recorded and sent to the safeguarding team.'),
    threadHandler(kit, 'escalationWorkerInformed', (card, who, values, tz) => recordWorkerInformed(card, who.actor, values, now(), tz), 'Recorded: the worker has been told.'),
    {
      verb: 'escalationDecision',
      async handle(request) {
        const checked = await checkChatPress(kit, request);
        if ('message' in checked || 'card' in checked) return checked;
        const { school, who, stored } = checked;
        const visitors = kit.escalations.visitors(school);
        if (!isSafeguardingActor(who.actor)) {
          await kit.desk.audit(school.urn, stored.value.pupil.upn, auditActor(who), 'escalation.decision', 'denied', 'not a DSL or deputy DSL');
          return { message: `Only the DSL or a deputy DSL of ${school.name} can decide what happens after no contact. Nothing was changed.` };
        }
        const values = inputsOf(request.data, 'urn', 'date', 'upn');
        const result = await kit.desk.apply(school.urn, stored.value.date, stored.value.pupil.upn, auditActor(who), (card) => decideEscalation(card, who.actor, school.staff, values, now(), school.timeZone), stored);
        if (!result.ok) return { card: dslDecisionCard(result.card ?? stored.value, { school, visitors, notice: result.problem }) };
        let card = result.card;
        if (result.changed) {
          card = await kit.escalations.sendVisitTask(school, card);
          kit.escalations.refreshCopies(school, card, request.activityId);
        }
        return { card: dslDecisionCard(card, { school, visitors, notice: result.changed ? 'Decision recorded in the chronology.' : undefined }) };
      },
    },
    {
      verb: 'homeVisitOutcome',
      async handle(request) {
        const checked = await checkChatPress(kit, request);
        if ('message' in checked || 'card' in checked) return checked;
        const { school, who, stored } = checked;
        const values = inputsOf(request.data, 'urn', 'date', 'upn');
        const result = await kit.desk.apply(school.urn, stored.value.date, stored.value.pupil.upn, auditActor(who), (card) => recordHomeVisit(card, who.actor, who.staff.upn, values, now(), school.timeZone), stored);
        const card = result.ok ? result.card : (result.card ?? stored.value);
        if (result.ok && result.changed) kit.escalations.refreshCopies(school, card, request.activityId);
        const notice = result.ok ? 'Home visit recorded in the chronology.' : result.problem;
        return { card: isSafeguardingActor(who.actor) ? dslDecisionCard(card, { school, visitors: kit.escalations.visitors(school), notice }) : homeVisitCard(card, { school, notice }) };
      },
    },
  ];
}
