/**
 * The bot's conversation handling. Teams sends installs, messages and card presses here: an install in a team
 * keeps the channel's address and offers the link card (and reads the team's roster when a channel of it is
 * already linked, as it is too when people join the team); a message in a channel answers with the link card
 * (or what the channel is linked to); every card press goes to the one handler for its verb.
 */
import { TeamsActivityHandler, type AdaptiveCardInvokeResponse, type AdaptiveCardInvokeValue, type TurnContext } from 'botbuilder';
import { DailyRunError, describeRun } from '../jobs/daily-run';
import { managesCalling } from '../domain/pupil-card';
import type { Logger } from '../platform/logger';
import { channelOf, type ChannelAddress } from '../store/channels-repository';
import type { Repositories } from '../store/repositories';
import type { ActionReply, ActionRequest, CardActionHandler } from './actions/action-kit';
import { CardActionRegistry } from './actions/card-actions';
import { cardMessage, linkCard } from './card-views';
import type { StaffDirectory } from './staff-recognition';
import type { TeamRoster } from './team-roster';
import type { TeamsDailyRunner } from './teams-daily-runner';
import type { TeamsSender } from './teams-sender';

export interface FirstdayBotOptions {
  repos: Repositories;
  logger: Logger;
  /** Tenants whose traffic is accepted; empty accepts any (development). */
  allowedTenants: string[];
  sender: TeamsSender;
  directory: StaffDirectory;
  handlers: CardActionHandler[];
  runner: TeamsDailyRunner;
  /** Matches the team's members to the staff list; without it staff are matched as they use the app. */
  roster?: TeamRoster;
  now: () => Date;
}

export class FirstdayBot extends TeamsActivityHandler {
  private readonly actions: CardActionRegistry;

  constructor(private readonly options: FirstdayBotOptions) {
    super();
    // Throws at start when two handlers claim one verb.
    this.actions = new CardActionRegistry({ handlers: options.handlers });
    this.onConversationUpdate(async (context, next) => {
      const a = context.activity;
      const added = a.membersAdded ?? [];
      if (added.some((m) => m.id === a.recipient.id)) await this.joined(context);
      else if (added.length) this.readRoster(context);
      await next();
    });
    this.onInstallationUpdateAdd(async (context, next) => {
      await this.joined(context);
      await next();
    });
    this.onMessage(async (context, next) => {
      await this.message(context);
      await next();
    });
  }

  override async run(context: TurnContext): Promise<void> {
    const tenant = tenantOf(context);
    const allowed = this.options.allowedTenants;
    if (allowed.length > 0 && (!tenant || !allowed.includes(tenant))) {
      this.options.logger.warn('activity from a tenant that is not allowed was ignored', { tenant: tenant ?? 'none' });
      return;
    }
    await super.run(context);
  }

  protected override async onAdaptiveCardInvoke(context: TurnContext, value: AdaptiveCardInvokeValue): Promise<AdaptiveCardInvokeResponse> {
    const a = context.activity;
    const verb = value.action?.verb ?? '';
    const handler = this.actions.handlerFor(verb);
    if (!handler) return reply({ message: `This button ("${verb}") is not one Firstday knows, so nothing was changed. The card may be out of date.` });
    const request: ActionRequest = {
      verb,
      data: typeof value.action.data === 'object' && value.action.data ? (value.action.data as Record<string, unknown>) : {},
      trigger: (a.value as { trigger?: string })?.trigger === 'automatic' ? 'automatic' : 'manual',
      user: { mri: a.from.id, aadObjectId: a.from.aadObjectId, name: a.from.name ?? '', tenantId: tenantOf(context), serviceUrl: a.serviceUrl, conversationId: a.conversation.id },
      activityId: a.replyToId,
      conversationId: a.conversation.id,
      conversationType: a.conversation.conversationType,
      tenantId: tenantOf(context),
      serviceUrl: a.serviceUrl,
      botId: a.recipient.id,
      botName: a.recipient.name,
      team: a.channelData?.team,
      channelName: a.channelData?.channel?.name,
    };
    try {
      return reply(await handler.handle(request));
    } catch (err) {
      this.options.logger.error('card action failed', { verb, error: (err as Error).message });
      return reply({ message: 'Something went wrong on our side. Please try again in a moment.' });
    }
  }

  /**
   * Added to a team (or a channel heard from for the first time): keep its address and offer the link card.
   * Added for one person: keep their 1:1 chat, where the officer's preview of the list goes.
   */
  private async joined(context: TurnContext): Promise<void> {
    const a = context.activity;
    if (a.conversation.conversationType === 'personal' && a.from.aadObjectId) {
      await this.options.repos.teamsUsers.remember({ tenantId: tenantOf(context), aadObjectId: a.from.aadObjectId, mri: a.from.id, name: a.from.name ?? '', personalConversationId: a.conversation.id });
      return;
    }
    if (a.conversation.conversationType !== 'channel') return;
    const { channel, created } = await this.options.repos.channels.recordChannel(addressOf(context), this.options.now());
    if (created && !channel.linkedUrn) await this.sendLinkCard(context, channel.conversationId);
    this.readRoster(context);
  }

  /**
   * The roster of the team this activity is from, for each school whose channel is in it: in the background,
   * since a large team takes longer to read than Teams waits for an answer. Nothing to do before a link.
   */
  private readRoster(context: TurnContext): void {
    const roster = this.options.roster;
    const teamId = (context.activity.channelData?.team as { id?: string } | undefined)?.id;
    if (!roster || !teamId) return;
    roster
      .schoolsOfTeam(teamId)
      .then((urns) => Promise.all(urns.map((urn) => roster.syncSchool(urn))))
      .catch((err) => this.options.logger.warn("could not read a team's roster", { error: (err as Error).message }));
  }

  private async message(context: TurnContext): Promise<void> {
    const a = context.activity;
    if (a.conversation.conversationType === 'channel') {
      const { channel } = await this.options.repos.channels.recordChannel(addressOf(context), this.options.now());
      const said = (a.text ?? '').replace(/<at>[^<]*<\/at>/g, '').trim();
      if (channel.linkedUrn && /\bpost\b/i.test(said)) await this.postList(context, channel.linkedUrn);
      else await this.sendLinkCard(context, channel.conversationId, channel.linkedUrn);
      return;
    }
    await this.options.sender.post(
      { serviceUrl: a.serviceUrl, conversationId: a.conversation.id, tenantId: tenantOf(context) },
      {
        type: 'message',
        text: "Firstday posts the morning's unexplained absences into your school's pastoral channel as cards. Claim a pupil's card there to ring their contacts and follow the call script.",
      },
    );
  }

  /** "@Firstday post the list": the attendance officer or lead starts today's run from the channel. */
  private async postList(context: TurnContext, urn: string): Promise<void> {
    const a = context.activity;
    const where = { serviceUrl: a.serviceUrl, conversationId: a.conversation.id, tenantId: tenantOf(context) };
    const say = (text: string) => this.options.sender.post(where, { type: 'message', text });
    const school = await this.options.directory.school(urn);
    const who =
      school &&
      (await this.options.directory.resolve(school, { mri: a.from.id, aadObjectId: a.from.aadObjectId, name: a.from.name ?? '', tenantId: tenantOf(context), serviceUrl: a.serviceUrl, conversationId: a.conversation.id }));
    if (!school || !who || !managesCalling(who.actor)) {
      await say('Only the attendance officer or attendance lead can post the daily list.');
      return;
    }
    await say("Working out today's list of unexplained absences…");
    // Posting sixty cards takes Teams about fifteen seconds: longer than a turn may last.
    this.options.runner
      .start(urn, undefined, { id: who.actor.id, name: who.actor.name, source: 'bot' })
      .then(async (result) => {
        await say(describeRun(result));
        // Whoever asked is an officer or lead: the list to check comes to them here too, not only to the officers' chats.
        if (result.state === 'awaiting-review') {
          const card = await this.options.runner.previewCard(urn, result.date);
          const activityId = await this.options.sender.post(where, cardMessage(card, "Today's unexplained absences: check before posting"));
          await this.options.runner.addPreview(urn, result.date, { aadObjectId: a.from.aadObjectId ?? a.from.id, conversationId: a.conversation.id, serviceUrl: a.serviceUrl, activityId });
        }
      })
      .catch((err) => say(err instanceof DailyRunError ? err.message : 'The list could not be posted. Please try again in a moment.'))
      .catch((err) => this.options.logger.error('could not answer a post command', { error: (err as Error).message }));
  }

  private async sendLinkCard(context: TurnContext, channelId: string, linkedUrn?: string): Promise<void> {
    const a = context.activity;
    let card = linkCard({ channelKey: channelId });
    if (linkedUrn) {
      const [school, link] = await Promise.all([this.options.directory.school(linkedUrn), this.options.repos.channels.forSchool(linkedUrn)]);
      if (school && link) {
        card = linkCard({ channelKey: channelId, linked: { schoolName: school.name, urn: linkedUrn, byName: link.value.linkedByName, at: link.value.linkedAt, timeZone: school.timeZone } });
      }
    }
    // A message in a thread is answered in that thread; an install goes to the channel.
    await this.options.sender.post({ serviceUrl: a.serviceUrl, conversationId: a.conversation.id, tenantId: tenantOf(context) }, cardMessage(card, 'Link this channel to your school'));
  }
}

function reply(r: ActionReply): AdaptiveCardInvokeResponse {
  if ('card' in r) return { statusCode: 200, type: 'application/vnd.microsoft.card.adaptive', value: r.card };
  return { statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: r.message as unknown as Record<string, unknown> };
}

function tenantOf(context: TurnContext): string | undefined {
  return context.activity.conversation?.tenantId ?? context.activity.channelData?.tenant?.id;
}

function addressOf(context: TurnContext): ChannelAddress {
  const a = context.activity;
  const team = a.channelData?.team as { id?: string; aadGroupId?: string; name?: string } | undefined;
  const channel = a.channelData?.channel as { id?: string; name?: string } | undefined;
  const conversationId = channelOf(a.conversation.id);
  return {
    serviceUrl: a.serviceUrl,
    conversationId,
    tenantId: tenantOf(context),
    botId: a.recipient.id,
    botName: a.recipient.name,
    teamId: team?.id,
    teamAadGroupId: team?.aadGroupId,
    teamName: team?.name,
    // Teams names every channel but General, whose id is the team's.
    channelName: channel?.name ?? (team?.id && team.id === conversationId ? 'General' : undefined),
  };
}
