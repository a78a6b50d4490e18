/**
 * A safeguarding concern raised from the case tab: `POST /api/schools/:urn/pupils/:upn/concerns` with
 * `{ detail }`. Any member of the school's staff may raise one (a worry must never wait on a role). It is
 * stored first, with a restricted chronology entry, then handed to the same DSL notifier as the call card:
 * each DSL's 1:1 chat with the detail, the activity feed, and the thread's detail-free mention where the
 * pupil has a card today. Every request, allowed or refused, is audited.
 */
import { randomUUID } from 'node:crypto';
import type express from 'express';
import { chronologyId } from '../domain/chronology';
import { concernTextProblem, type Concern } from '../domain/concern';
import type { School } from '../domain/school';
import type { Logger } from '../platform/logger';
import type { Repositories } from '../store/repositories';
import { HttpError, type Authenticate } from './caller';
import { staffOf } from './school-route';
import { SchoolRouter } from './school-router';
import type { StaffRoleSource } from './staff-access';

/** What the route needs of the notifier (bot/teams/safeguarding-notifier.ts DslSafeguardingNotifier). */
export interface CaseConcernNotifier {
  concernRaisedFromCase(school: School, concern: Concern): Promise<{ channelMention: boolean }>;
}

export interface ConcernRoutesOptions {
  repos: Repositories;
  authenticate: Authenticate;
  roles: StaffRoleSource;
  notifier: CaseConcernNotifier;
  logger: Logger;
  now?: () => Date;
}

export interface ConcernRaisedResponse {
  id: string;
  /** How many of the safeguarding team got the detail in their 1:1 chat. */
  sentTo: number;
  /** Whether the pupil's thread in the pastoral channel got the detail-free mention. */
  channelMention: boolean;
  message: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function concernRoutes(options: ConcernRoutesOptions): express.Router {
  const { repos, logger } = options;
  const routes = new SchoolRouter({ ...options, serviceRefusal: 'The service key cannot raise a concern: a member of staff must.' });

  routes.post('/schools/:urn/pupils/:upn/concerns', { action: 'concern.raise' }, async (ctx) => {
    const { urn, at, school } = ctx;
    const upn = ctx.upn!;
    const access = staffOf(ctx);
    const pupil = (await repos.pupils.get(urn, upn))?.value;
    if (!pupil) throw new HttpError(404, `There is no pupil ${upn} on the roll.`);
    const body = (ctx.req.body ?? {}) as { detail?: unknown; id?: unknown };
    const problem = concernTextProblem(body.detail);
    if (problem) throw new HttpError(400, `detail: ${problem}`);
    if (body.id !== undefined && (typeof body.id !== 'string' || !UUID.test(body.id))) throw new HttpError(400, 'id: when given, it must be a UUID (the same id again records the concern once).');

    const id = (body.id as string | undefined) ?? randomUUID();
    const concern: Concern = {
      id,
      urn,
      pupilUpn: upn,
      date: ctx.today,
      raisedAt: at,
      raisedById: access.upn,
      raisedByName: access.staff?.title || access.name,
      text: String(body.detail).trim(),
      raisedAtStep: 'case-tab',
      status: 'raised',
    };
    const already = (await repos.concerns.get(urn, id))?.value;
    if (!already) {
      // The concern is stored before anyone is told: whatever fails after, it is not lost.
      await repos.concerns.add(concern);
      await repos.chronology.add(urn, {
        id: chronologyId(at, `concern-${id}`),
        pupilUpn: upn,
        kind: 'concern',
        at,
        byId: concern.raisedById,
        byName: concern.raisedByName,
        summary: `Safeguarding concern raised by ${concern.raisedByName} from the case`,
        detail: { concernId: id, text: concern.text, step: concern.raisedAtStep },
        restricted: true,
      });
    }
    const stored = already ?? concern;
    let channelMention = false;
    try {
      ({ channelMention } = await options.notifier.concernRaisedFromCase(school, stored));
    } catch (err) {
      logger.error('could not tell the safeguarding team about a concern raised from the case tab', { urn, error: (err as Error).message });
    }
    const sentTo = ((await repos.concerns.get(urn, id))?.value.alerts ?? []).filter((a) => a.round === 'first').length;
    const message = sentTo
      ? `Your concern has gone to the safeguarding team (${sentTo} ${sentTo === 1 ? 'person' : 'people'}).${channelMention ? '' : ` ${pupil.preferredForename || pupil.legalForename} has no card on today's list, so nothing was posted in the pastoral channel; the team has it in their chat.`}`
      : 'Your concern is recorded, but it could not be sent to the safeguarding team just now. Tell the DSL in person or by phone.';
    const response: ConcernRaisedResponse = { id, sentTo, channelMention, message };
    return { status: already ? 200 : 201, body: response, detail: `concern ${id} sent to ${sentTo}${channelMention ? ', channel mentioned' : ', no card today'}` };
  });
  return routes.router;
}
