/**
 * Messages to one member of staff in their 1:1 chat with the bot, opened proactively when the bot has none
 * yet: concern detail for a DSL, a reminder for a claimer, a task for whoever promised a call-back. The chat
 * is created through the school's channel's Teams service, addressed by the Teams user id where the bot has
 * seen the person, else by their Entra object id (which Teams accepts where the app is installed for them).
 */
import type { StaffMember } from '../domain/school';
import type { Logger } from '../platform/logger';
import type { Repositories } from '../store/repositories';
import type { Activity, BotConnectorClient } from './connector-client';
import type { Destination, TeamsSender } from './teams-sender';

export interface StaffMessengerOptions {
  repos: Repositories;
  client: BotConnectorClient;
  sender: TeamsSender;
  logger: Logger;
  /** Resolves a UPN to an Entra object id when the staff list has none (Microsoft Graph). */
  objectIdOf?: (upn: string) => Promise<string | undefined>;
}

export interface Delivered {
  conversationId: string;
  activityId: string;
  destination: Destination;
}

export class StaffMessenger {
  constructor(private readonly options: StaffMessengerOptions) {}

  /** Sends to one person; throws when the school has no channel or the person cannot be reached. */
  async send(urn: string, staff: StaffMember, activity: Activity): Promise<Delivered> {
    const destination = await this.chatWith(urn, staff);
    const activityId = await this.options.sender.post(destination, activity);
    return { conversationId: destination.conversationId, activityId, destination };
  }

  /** Sends to each person; those who cannot be reached are logged and left out of the answer. */
  async sendEach(urn: string, staff: StaffMember[], activity: (s: StaffMember) => Activity): Promise<{ staff: StaffMember; delivered: Delivered }[]> {
    const results = await Promise.all(
      staff.map(async (s) => {
        try {
          return { staff: s, delivered: await this.send(urn, s, activity(s)) };
        } catch (err) {
          this.options.logger.error('could not send a 1:1 message to a member of staff', { urn, staff: s.upn, error: (err as Error).message });
          return undefined;
        }
      }),
    );
    return results.filter((r): r is { staff: StaffMember; delivered: Delivered } => !!r);
  }

  /** Where a message to this person goes: their 1:1 chat with the bot, created when there is none. */
  async chatWith(urn: string, staff: StaffMember): Promise<Destination> {
    const { repos, client } = this.options;
    const channel = (await repos.channels.forSchool(urn))?.value;
    if (!channel) throw new Error(`school ${urn} has no linked channel, so the bot has no Teams service to reach staff through`);
    const aadObjectId = staff.aadObjectId ?? (await this.options.objectIdOf?.(staff.upn));
    if (!aadObjectId) throw new Error(`${staff.upn} has no Entra object id on the staff list and none could be found`);
    const known = (await repos.teamsUsers.get(channel.tenantId, aadObjectId))?.value;
    const where = { serviceUrl: channel.serviceUrl, tenantId: channel.tenantId };
    if (known?.personalConversationId) return { ...where, conversationId: known.personalConversationId };
    const userId = known?.mri ?? aadObjectId;
    const { id } = await client.createPersonalConversation(channel.serviceUrl, { botId: channel.botId, userId, tenantId: channel.tenantId });
    await repos.teamsUsers.remember({ tenantId: channel.tenantId, aadObjectId, mri: userId, name: known?.name ?? staff.displayName, personalConversationId: id });
    return { ...where, conversationId: id };
  }
}
