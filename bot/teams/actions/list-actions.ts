/**
 * Presses on the day-level cards: the officer's Post on the list preview, and the attendance lead's link of
 * a channel to a school.
 */
import { toLocal } from '../../domain/clock';
import { managesCalling } from '../../domain/pupil-card';
import { channelOf, type SchoolChannel } from '../../store/channels-repository';
import { cardMessage, linkCard } from '../card-views';
import type { TeamRoster } from '../team-roster';
import type { ActionKit, ActionReply, CardActionHandler } from './action-kit';

export interface ListKit extends ActionKit {
  /** Read once a channel is linked: staff in the team can then be reached 1:1 before they open the app. */
  roster?: TeamRoster;
}

export function listActions(kit: ListKit): CardActionHandler[] {
  return [
    {
      verb: 'postList',
      async handle(request): Promise<ActionReply> {
        const urn = String(request.data.urn ?? '');
        const date = String(request.data.date ?? '');
        const school = await kit.directory.school(urn);
        if (!school) return { message: 'This list is for a school Firstday no longer knows. Nothing was posted.' };
        const who = await kit.directory.resolve(school, request.user);
        if (!who || !managesCalling(who.actor)) {
          await kit.desk.audit(urn, undefined, { id: request.user.aadObjectId ?? request.user.mri, name: request.user.name, source: 'bot' }, 'daily.approve', 'denied');
          return { message: `Only ${school.name}'s attendance officer or attendance lead can post the list.` };
        }
        const by = { id: who.actor.id, name: who.actor.name, source: 'bot' };
        if (date !== toLocal(kit.now(), school.timeZone).date) {
          return { card: await kit.runner.previewCard(urn, date, `This list is for ${date}; it can no longer be posted.`) };
        }
        const leaveOff = String(request.data.leaveOff ?? '').split(',').map((s) => s.trim()).filter(Boolean);
        const { approved, run } = await kit.runner.approve(urn, date, by, leaveOff);
        if (!approved) {
          const when = run.approved ? ` by ${run.approved.name} at ${toLocal(new Date(run.approved.at), school.timeZone).time}` : '';
          return { card: await kit.runner.previewCard(urn, date, `The list was already posted${when}.`) };
        }
        kit.runner.post(urn, date).catch((err) => kit.logger.error('posting the daily list failed; run it again to finish', { urn, date, error: (err as Error).message }));
        return { card: await kit.runner.previewCard(urn, date, `Posting ${run.list.length - run.leftOff.length} cards now.`) };
      },
    },
    {
      verb: 'linkChannel',
      async handle(request): Promise<ActionReply> {
        const channelId = channelOf(request.conversationId);
        if (request.data.channel !== channelId) return { message: 'This link card belongs to another channel. Nothing was changed.' };
        const urn = String(request.data.urn ?? '').trim();
        const again = (notice: string): ActionReply => ({ card: linkCard({ channelKey: channelId, notice }) });
        if (!/^\d{6,7}$/.test(urn)) return again("Enter the school's URN: 6 or 7 digits.");
        const school = (await kit.repos.schools.get(urn))?.value;
        if (!school) return again(`No school with URN ${urn} is set up in Firstday yet. Import the school first.`);
        const who = await kit.directory.resolve(school, request.user);
        if (!who || !who.staff.roles.includes('attendance-lead')) {
          await kit.desk.audit(urn, undefined, { id: who?.actor.id ?? request.user.aadObjectId ?? request.user.mri, name: request.user.name, source: 'bot' }, 'channel.link', 'denied');
          return again(`Only an attendance lead at ${school.name} can link a channel to it.`);
        }
        const stored = (await kit.repos.channels.getChannel(request.tenantId, channelId))?.value;
        const link: SchoolChannel = {
          serviceUrl: request.serviceUrl,
          conversationId: channelId,
          tenantId: request.tenantId,
          botId: request.botId,
          botName: request.botName ?? stored?.botName,
          teamId: request.team?.id ?? stored?.teamId,
          teamAadGroupId: request.team?.aadGroupId ?? stored?.teamAadGroupId,
          teamName: request.team?.name ?? stored?.teamName,
          channelName: request.channelName ?? stored?.channelName,
          urn,
          linkedAt: kit.now().toISOString(),
          linkedById: who.actor.id,
          linkedByName: who.actor.name,
        };
        const result = await kit.repos.channels.link(link);
        if (!result.ok) {
          const other = await kit.directory.school(result.linkedUrn);
          return again(`This channel is already linked to ${other?.name ?? 'another school'} (URN ${result.linkedUrn}). Each school needs its own channel.`);
        }
        await kit.desk.audit(urn, undefined, { id: who.actor.id, name: who.actor.name, source: 'bot' }, 'channel.link', 'ok', `linked ${link.channelName ?? 'a channel'} in ${link.teamName ?? 'a team'}`);
        // Not awaited: a large team's roster takes longer than Teams waits for the press's answer.
        void kit.roster?.syncSchool(urn);
        const card = linkCard({ channelKey: channelId, linked: { schoolName: school.name, urn, byName: who.actor.name, at: link.linkedAt, timeZone: school.timeZone } });
        if (request.activityId) {
          kit.sender
            .update({ serviceUrl: request.serviceUrl, conversationId: request.conversationId, tenantId: request.tenantId }, request.activityId, cardMessage(card))
            .catch((err) => kit.logger.warn('could not update the link card', { error: (err as Error).message }));
        }
        return { card };
      },
    },
  ];
}
