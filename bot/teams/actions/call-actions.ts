/**
 * Presses in the claimer's calling view: log a call, walk the script, record "no contact", raise a concern.
 */
import { randomUUID } from 'node:crypto';
import { contactsForCalling } from '../../domain/call-log';
import { chronologyId } from '../../domain/chronology';
import { concernTextProblem, type Concern } from '../../domain/concern';
import { advanceScript, isClaimer, logAttempt, managesCalling, markConcern, recordNoContact, scriptBack } from '../../domain/pupil-card';
import { scriptContext } from '../card-views';
import { applyTo, auditActor, callingReply, checkPupilAction, inputsOf, isReply, sharedReply, type ActionKit, type ActionReply, type CardActionHandler, type PupilAction } from './action-kit';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A handler for the claimer's view: checks first; earlier days read-only; anyone else gets the shared card. */
function callHandler(kit: ActionKit, verb: string, run: (action: PupilAction) => Promise<ActionReply>): CardActionHandler {
  return {
    verb,
    async handle(request) {
      const action = await checkPupilAction(kit, request);
      if (isReply(action)) return action;
      if (action.readOnly) return sharedReply(action, action.card, 'Cards from earlier days can be read but no longer changed.');
      return run(action);
    },
  };
}

export function callActions(kit: ActionKit): CardActionHandler[] {
  const by = (a: PupilAction) => auditActor(a.who);
  const tz = (a: PupilAction) => a.school.timeZone;

  return [
    callHandler(kit, 'logAttempt', async (a) => {
      const contacts = await kit.contacts.forPupil(a.card.urn, a.card.pupil.upn);
      const contactId = String(a.request.data.contactId ?? '');
      const phones = contacts.find((c) => c.contactId === contactId)?.phones ?? [];
      const attemptId = typeof a.request.data.attempt === 'string' && UUID.test(a.request.data.attempt) ? a.request.data.attempt : randomUUID();
      const result = await applyTo(kit, a, (card) =>
        logAttempt(card, a.who.actor, contactsForCalling(contacts), { attemptId, contactId, outcome: String(a.request.data.outcome ?? ''), phoneLabel: phones.length === 1 ? phones[0].label : undefined }, kit.now(), tz(a)),
      );
      const card = result.ok ? result.card : (result.card ?? a.card);
      if (!result.ok) return callingReply(kit, a, card, result.problem);
      const notice = card.script ? 'Someone answered: follow the script below.' : undefined;
      return callingReply(kit, a, card, notice);
    }),

    callHandler(kit, 'scriptNext', async (a) => {
      const values = inputsOf(a.request.data, 'card', 'step', 'attempt', 'concern', 'from');
      const ctx = scriptContext(a.card, { school: a.school, staffFullName: a.who.staff.displayName });
      const stepBefore = a.card.script?.step;
      const result = await applyTo(kit, a, (card) => advanceScript(card, a.who.actor, String(a.request.data.step ?? ''), values, scriptContext(card, { school: a.school, staffFullName: a.who.staff.displayName }), kit.now(), tz(a)));
      if (!result.ok) return callingReply(kit, a, result.card ?? a.card, result.problem);
      let notice: string | undefined;
      if (result.card.status === 'resolved' && result.changed) notice = `Call recorded. Suggested register code: ${result.card.outcome!.suggestedCode.code}.`;
      else if (!result.card.script && stepBefore) notice = `The call ended without anything being shared about ${ctx.childName}. Ring the next contact.`;
      return callingReply(kit, a, result.card, notice);
    }),

    callHandler(kit, 'scriptBack', async (a) => {
      const result = await applyTo(kit, a, (card) => scriptBack(card, a.who.actor, String(a.request.data.step ?? ''), kit.now(), tz(a)));
      return callingReply(kit, a, result.ok ? result.card : (result.card ?? a.card), result.ok ? undefined : result.problem);
    }),

    callHandler(kit, 'noContact', async (a) => {
      const contacts = await kit.contacts.forPupil(a.card.urn, a.card.pupil.upn);
      const result = await applyTo(kit, a, (card) => recordNoContact(card, a.who.actor, contactsForCalling(contacts), kit.now(), tz(a)));
      if (!result.ok) return callingReply(kit, a, result.card ?? a.card, result.problem);
      if (result.changed) {
        kit.notifier.noContactRecorded({ school: a.school, card: result.card }).catch((err) =>
          kit.logger.error('could not tell the safeguarding team about no contact', { urn: a.card.urn, error: (err as Error).message }),
        );
      }
      return callingReply(kit, a, result.card, 'Recorded as no contact. The safeguarding team has been told.');
    }),

    callHandler(kit, 'concernForm', async (a) => {
      if (!isClaimer(a.card, a.who.actor)) return sharedReply(a, a.card, concernElsewhere(a));
      return callingReply(kit, a, a.card, undefined, true);
    }),

    callHandler(kit, 'raiseConcern', async (a) => {
      if (!isClaimer(a.card, a.who.actor) && !managesCalling(a.who.actor)) return sharedReply(a, a.card, concernElsewhere(a));
      const problem = concernTextProblem(a.request.data.concernText);
      if (problem) return callingReply(kit, a, a.card, problem, true);
      const id = typeof a.request.data.concern === 'string' && UUID.test(a.request.data.concern) ? a.request.data.concern : randomUUID();
      const at = kit.now().toISOString();
      const concern: Concern = {
        id,
        urn: a.card.urn,
        pupilUpn: a.card.pupil.upn,
        date: a.card.date,
        raisedAt: at,
        raisedById: a.who.actor.id,
        raisedByName: a.who.actor.name,
        text: String(a.request.data.concernText).trim(),
        raisedAtStep: typeof a.request.data.from === 'string' ? a.request.data.from.slice(0, 40) : 'calling',
        status: 'raised',
      };
      const already = await kit.repos.concerns.get(a.card.urn, id);
      if (!already) {
        // The concern itself is stored before anything else: whatever fails after, it is not lost.
        await kit.repos.concerns.add(concern);
        await Promise.all([
          kit.repos.chronology.add(a.card.urn, {
            id: chronologyId(at, `concern-${id}`),
            pupilUpn: a.card.pupil.upn,
            kind: 'concern',
            at,
            byId: a.who.actor.id,
            byName: a.who.actor.name,
            summary: `Safeguarding concern raised by ${a.who.actor.name} during first-day calling`,
            detail: { concernId: id, text: concern.text, step: concern.raisedAtStep },
            restricted: true,
          }),
          kit.desk.audit(a.card.urn, a.card.pupil.upn, by(a), 'concern.raise', 'ok', `concern ${id}`),
        ]);
      }
      const result = await applyTo(kit, a, (card) => markConcern(card, a.who.actor, id, kit.now()));
      const card = result.ok ? result.card : (result.card ?? a.card);
      if (!already) {
        kit.notifier.concernRaised({ concern, school: a.school, card }).catch((err) =>
          kit.logger.error('could not tell the safeguarding team about a concern', { urn: a.card.urn, error: (err as Error).message }),
        );
      }
      return callingReply(kit, a, card, 'Your concern has gone to the safeguarding team. Carry on with the call if you can.');
    }),
  ];
}

function concernElsewhere(a: PupilAction): string {
  return `Only the person calling about ${a.card.pupil.name} can raise a concern from this card. If you are worried about ${a.card.pupil.name}, tell the safeguarding team now.`;
}
