/**
 * Presses on the card in the channel: claim it, open (or refresh) the calling view, release it, and the
 * attendance officer's reassign.
 */
import { findStaff } from '../../domain/school';
import { claimCard, isClaimer, reassignCard, releaseCard } from '../../domain/pupil-card';
import { actorFor } from '../staff-recognition';
import {
  applyTo,
  callingReply,
  canManage,
  checkPupilAction,
  isReply,
  reassignChoices,
  sharedReply,
  type ActionKit,
  type ActionReply,
  type ActionRequest,
  type CardActionHandler,
  type PupilAction,
} from './action-kit';

const READ_ONLY = 'Cards from earlier days can be read but no longer changed.';

/** Builds a handler that runs the common checks first, and answers a card from an earlier day read-only. */
function pupilHandler(kit: ActionKit, verb: string, run: (action: PupilAction) => Promise<ActionReply>, readOnlyNotice = READ_ONLY): CardActionHandler {
  return {
    verb,
    async handle(request: ActionRequest) {
      const action = await checkPupilAction(kit, request);
      if (isReply(action)) return action;
      if (action.readOnly) return sharedReply(action, action.card, request.trigger === 'automatic' ? undefined : readOnlyNotice);
      return run(action);
    },
  };
}

export function claimActions(kit: ActionKit): CardActionHandler[] {
  const tz = (a: PupilAction) => a.school.timeZone;
  return [
    // Teams asks for this on its own when the claimer looks at the card (refresh.userIds).
    pupilHandler(kit, 'refresh', (a) => callingReply(kit, a, a.card), ''),
    pupilHandler(kit, 'open', (a) => callingReply(kit, a, a.card)),
    pupilHandler(kit, 'claim', async (a) => {
      const result = await applyTo(kit, a, (card) => claimCard(card, a.who.actor, kit.now(), tz(a)));
      if (!result.ok) return sharedReply(a, result.card ?? a.card, result.problem);
      return callingReply(kit, a, result.card, result.changed ? undefined : 'You already have this pupil.');
    }),
    pupilHandler(kit, 'release', async (a) => {
      const result = await applyTo(kit, a, (card) => releaseCard(card, a.who.actor, kit.now(), tz(a)));
      if (!result.ok) return isClaimer(result.card ?? a.card, a.who.actor) ? callingReply(kit, a, result.card ?? a.card, result.problem) : sharedReply(a, result.card ?? a.card, result.problem);
      return sharedReply(a, result.card, `Released: anyone can claim ${result.card.pupil.name} now. The calls made so far stay in the log.`);
    }),
    pupilHandler(kit, 'reassignForm', async (a) => {
      if (!canManage(a)) return sharedReply(a, a.card, 'Only the attendance officer or attendance lead can reassign a pupil.');
      return sharedReply(a, a.card, undefined, reassignChoices(a.school));
    }),
    pupilHandler(kit, 'reassign', async (a) => {
      if (!canManage(a)) return sharedReply(a, a.card, 'Only the attendance officer or attendance lead can reassign a pupil.');
      const to = typeof a.request.data.assignTo === 'string' ? findStaff(a.school, a.request.data.assignTo) : undefined;
      if (!to) return sharedReply(a, a.card, 'Choose a member of staff from the list.', reassignChoices(a.school));
      const toActor = actorFor(to, await kit.directory.mriOf(a.request.tenantId, to));
      const result = await applyTo(kit, a, (card) => reassignCard(card, a.who.actor, toActor, kit.now(), tz(a)));
      if (!result.ok) return sharedReply(a, result.card ?? a.card, result.problem);
      if (isClaimer(result.card, a.who.actor)) return callingReply(kit, a, result.card, 'This pupil is now yours to call.');
      return sharedReply(a, result.card, `Reassigned to ${toActor.name}. They will see the contacts when they open the card.`);
    }),
  ];
}
