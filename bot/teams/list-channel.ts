/**
 * The day's list in the pastoral channel (bot/jobs/ports.ts ListChannel): the summary card, whose message starts
 * the day's thread, then each pupil's card as a reply in that thread. A post in doubt is looked for through
 * Microsoft Graph when it can be (PostedMessageFinder), by the marker its card carries.
 */
import type { PupilCard } from '../domain/pupil-card';
import type { School } from '../domain/school';
import type { ListChannel, PostedMessage } from '../jobs/ports';
import type { SchoolChannel } from '../store/channels-repository';
import { cardMarker, cardMessage, sharedCard, summaryMarker } from './card-views';
import type { CaseLink } from './case-link';
import { channelDestination } from './channel-messages';
import type { PostedMessageFinder } from './posted-message-finder';
import type { SummaryUpdater } from './summary-updater';
import type { Destination, TeamsSender } from './teams-sender';

export interface TeamsListChannelOptions {
  sender: TeamsSender;
  summaries: SummaryUpdater;
  /** Looks for messages whose send was in doubt; without one they are sent again. */
  finder?: PostedMessageFinder;
  /** Where a card's "Open case" goes. */
  caseLink?: CaseLink;
}

/** The day's thread: replies to the summary's message. */
function threadOf(channel: SchoolChannel, summaryId: string): Destination {
  return { ...channelDestination(channel), conversationId: `${channel.conversationId};messageid=${summaryId}` };
}

export class TeamsListChannel implements ListChannel {
  constructor(private readonly options: TeamsListChannelOptions) {}

  async postSummary(school: School, channel: SchoolChannel, date: string): Promise<PostedMessage> {
    const where = channelDestination(channel);
    const message = await this.options.summaries.render(school.urn, date);
    return { activityId: await this.options.sender.post(where, message!), where };
  }

  async postPupilCard(school: School, channel: SchoolChannel, summaryId: string, card: PupilCard, today: string): Promise<PostedMessage> {
    const where = threadOf(channel, summaryId);
    // Sent before the first await: the sender's queue keeps the cards in the order the run hands them over.
    const activityId = await this.options.sender.post(where, cardMessage(sharedCard(card, { school, today, caseLink: this.options.caseLink }), card.pupil.name));
    return { activityId, where };
  }

  async findSummary(school: School, channel: SchoolChannel, date: string): Promise<PostedMessage | undefined> {
    const { finder } = this.options;
    const activityId = finder && (await finder.findMessage(channel, summaryMarker(school.urn, date)));
    return activityId ? { activityId, where: channelDestination(channel) } : undefined;
  }

  async findPupilCard(channel: SchoolChannel, summaryId: string, card: PupilCard): Promise<PostedMessage | undefined> {
    const { finder } = this.options;
    const activityId = finder && (await finder.findReply(channel, summaryId, cardMarker(card)));
    return activityId ? { activityId, where: threadOf(channel, summaryId) } : undefined;
  }

  refreshSummary(urn: string, date: string): Promise<void> {
    return this.options.summaries.refresh(urn, date);
  }
}
