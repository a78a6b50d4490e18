/**
 * Where the attendance officers hear about the day's list (bot/jobs/ports.ts OfficerChats): the list to check,
 * as a card, or a few words, in each officer's 1:1 chat with the bot (opened proactively when there is none
 * yet), or in the pastoral channel when nobody could be reached. Each place is recorded (ListPreview) so that the
 * card there is kept in step when the list is posted.
 */
import type { StaffMember } from '../domain/school';
import type { ListToCheck, OfficerChats, OfficerMessage } from '../jobs/ports';
import type { SchoolChannel } from '../store/channels-repository';
import type { ListPreview } from '../store/daily-runs-repository';
import type { Repositories } from '../store/repositories';
import { cardMessage, previewCard } from './card-views';
import { channelDestination } from './channel-messages';
import type { Activity, BotConnectorClient } from './connector-client';
import type { TeamsSender } from './teams-sender';

export interface TeamsOfficerChatsOptions {
  repos: Repositories;
  client: BotConnectorClient;
  sender: TeamsSender;
}

/** The list to check as the message that carries it, wherever it is shown. */
export function listToCheckMessage(list: ListToCheck): Activity {
  return cardMessage(previewCard(list), "Today's unexplained absences: check before posting");
}

function activityOf(message: OfficerMessage): Activity {
  return 'list' in message ? listToCheckMessage(message.list) : { type: 'message', text: message.text };
}

export class TeamsOfficerChats implements OfficerChats {
  constructor(private readonly options: TeamsOfficerChatsOptions) {}

  async send(channel: SchoolChannel, officer: StaffMember & { aadObjectId: string }, message: OfficerMessage): Promise<ListPreview> {
    const { repos, client, sender } = this.options;
    const { aadObjectId } = officer;
    const known = (await repos.teamsUsers.get(channel.tenantId, aadObjectId))?.value;
    const userId = known?.mri ?? aadObjectId;
    const conversationId = known?.personalConversationId ?? (await client.createPersonalConversation(channel.serviceUrl, { botId: channel.botId, userId, tenantId: channel.tenantId })).id;
    await repos.teamsUsers.remember({ tenantId: channel.tenantId, aadObjectId, mri: userId, name: officer.displayName, personalConversationId: conversationId });
    const activityId = await sender.post({ ...channelDestination(channel), conversationId }, activityOf(message));
    return { aadObjectId, conversationId, serviceUrl: channel.serviceUrl, activityId };
  }

  async sendToChannel(channel: SchoolChannel, message: OfficerMessage): Promise<ListPreview> {
    const activityId = await this.options.sender.post(channelDestination(channel), activityOf(message));
    return { aadObjectId: 'channel', conversationId: channel.conversationId, serviceUrl: channel.serviceUrl, activityId };
  }

  async update(channel: SchoolChannel, sent: ListPreview & { activityId: string }, list: ListToCheck): Promise<void> {
    await this.options.sender.update({ serviceUrl: sent.serviceUrl, conversationId: sent.conversationId, tenantId: channel.tenantId }, sent.activityId, listToCheckMessage(list));
  }
}
