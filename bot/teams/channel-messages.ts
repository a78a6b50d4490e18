/**
 * The school-day jobs' words to the whole pastoral channel (bot/jobs/ports.ts ChannelMessages): a notice when
 * nobody could be reached 1:1, and the end-of-day summary card.
 */
import type { EndOfDaySummary } from '../domain/end-of-day';
import type { ChannelMessages } from '../jobs/ports';
import type { ChannelAddress } from '../store/channels-repository';
import { cardMessage } from './card-views';
import { endOfDayCard } from './end-of-day-card';
import type { Destination, TeamsSender } from './teams-sender';

/** The channel itself (not a thread in it). */
export function channelDestination(channel: ChannelAddress): Destination {
  return { serviceUrl: channel.serviceUrl, conversationId: channel.conversationId, tenantId: channel.tenantId };
}

export class TeamsChannelMessages implements ChannelMessages {
  constructor(private readonly options: { sender: TeamsSender }) {}

  say(channel: ChannelAddress, text: string): Promise<string> {
    return this.options.sender.post(channelDestination(channel), { type: 'message', text });
  }

  postEndOfDay(channel: ChannelAddress, schoolName: string, summary: EndOfDaySummary): Promise<string> {
    return this.options.sender.post(channelDestination(channel), cardMessage(endOfDayCard(summary, schoolName), `End of day: ${summary.unexplained} unexplained, ${summary.stillOpen} still open`));
  }
}
