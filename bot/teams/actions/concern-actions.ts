/**
 * Presses on the safeguarding team's 1:1 concern card: Acknowledge. Only a DSL or deputy DSL of the concern's
 * school may acknowledge; the first to do so is recorded on the concern (who and when), in the restricted
 * chronology and the audit, and every copy of the alert (other DSLs, the raise-again) then shows it.
 */
import { chronologyId } from '../../domain/chronology';
import { concernCard } from '../concern-cards';
import { cardMessage } from '../card-views';
import type { DslSafeguardingNotifier } from '../safeguarding-notifier';
import type { StaffMessenger } from '../staff-messenger';
import type { KnownStaff } from '../staff-recognition';
import type { School } from '../../domain/school';
import type { ActionKit, ActionReply, ActionRequest, CardActionHandler } from './action-kit';
import { auditActor } from './action-kit';

export interface SafeguardingKit extends ActionKit {
  dsl: DslSafeguardingNotifier;
  messenger: StaffMessenger;
}

export function isSafeguardingLead(who: KnownStaff): boolean {
  return who.actor.roles.includes('dsl') || who.actor.roles.includes('deputy-dsl');
}

/** The school named in a press and the member of its staff pressing, or the reply that stops the press. */
export async function checkStaffPress(kit: ActionKit, request: ActionRequest): Promise<{ school: School; who: KnownStaff } | ActionReply> {
  const urn = typeof request.data.urn === 'string' ? request.data.urn : '';
  const school = /^\d{6,7}$/.test(urn) ? await kit.directory.school(urn) : undefined;
  if (!school) return { message: 'This card is not one Firstday recognises, so nothing was changed.' };
  const who = await kit.directory.resolve(school, request.user);
  if (!who) {
    await kit.desk.audit(urn, undefined, { id: request.user.aadObjectId ?? request.user.mri, name: request.user.name, source: 'bot' }, `card.${request.verb}`, 'denied', 'not on the staff list');
    return { message: `You are not on ${school.name}'s staff list in Firstday, so nothing was changed.` };
  }
  return { school, who };
}

export function concernActions(kit: SafeguardingKit): CardActionHandler[] {
  return [
    {
      verb: 'acknowledgeConcern',
      async handle(request) {
        const checked = await checkStaffPress(kit, request);
        if ('message' in checked || 'card' in checked) return checked;
        const { school, who } = checked;
        const id = typeof request.data.concern === 'string' ? request.data.concern : '';
        const found = id ? await kit.repos.concerns.get(school.urn, id) : undefined;
        if (!found) return { message: 'This concern is not in Firstday, so nothing was changed.' };
        if (!isSafeguardingLead(who)) {
          await kit.desk.audit(school.urn, found.value.pupilUpn, auditActor(who), 'concern.acknowledge', 'denied', 'not a DSL or deputy DSL');
          return { message: `Only the DSL or a deputy DSL of ${school.name} can acknowledge a concern. Please make sure one of them has seen it.` };
        }
        const at = kit.now().toISOString();
        const stored = await kit.repos.concerns.update(school.urn, id, (c) =>
          c.acknowledged ? undefined : { ...c, status: c.status === 'raised' ? 'acknowledged' : c.status, acknowledged: { byId: who.actor.id, byName: who.actor.name, at } },
        );
        const concern = stored!.value;
        const mine = concern.acknowledged?.at === at && concern.acknowledged.byId === who.actor.id;
        if (mine) {
          await Promise.all([
            kit.repos.chronology.add(school.urn, {
              id: chronologyId(at, `concern-ack-${id}`),
              pupilUpn: concern.pupilUpn,
              kind: 'concern-acknowledged',
              at,
              byId: who.actor.id,
              byName: who.actor.name,
              summary: `Safeguarding concern acknowledged by ${who.actor.name}`,
              detail: { concernId: id },
              restricted: true,
            }),
            kit.desk.audit(school.urn, concern.pupilUpn, auditActor(who), 'concern.acknowledge', 'ok', `concern ${id}`),
          ]);
        }
        const pupil = await kit.dsl.pupilOf(concern);
        const view = (notice?: string) => concernCard({ concern, pupil, schoolName: school.name, timeZone: school.timeZone, notice });
        const channel = (await kit.repos.channels.forSchool(school.urn))?.value;
        if (channel && mine) {
          for (const alert of concern.alerts ?? []) {
            if (alert.conversationId === request.conversationId && alert.activityId === request.activityId) continue;
            kit.sender
              .update({ serviceUrl: channel.serviceUrl, conversationId: alert.conversationId, tenantId: channel.tenantId }, alert.activityId, cardMessage(view(), `Safeguarding concern: ${pupil.name}`))
              .catch((err) => kit.logger.warn('could not show an acknowledgement on a concern card', { urn: school.urn, error: (err as Error).message }));
          }
        }
        return { card: view(mine ? 'Thank you: your acknowledgement is recorded.' : undefined) };
      },
    },
  ];
}
