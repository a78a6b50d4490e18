/**
 * Everything the bot needs, wired once per process: the Bot Framework adapter and activity handler, the
 * throttled sender, the card desk, the summary updater, the daily runner and what the school-day jobs reach
 * people through. The daily command uses the same services without the adapter (`createTeamsServices`).
 */
import { caseLinks } from './case-link';
import { setTimeout as delay } from 'node:timers/promises';
import type { Request, Response } from 'express';
import type { CloudAdapter } from 'botbuilder';
import type { Config } from '../platform/config';
import type { Logger } from '../platform/logger';
import type { Repositories } from '../store/repositories';
import type { ActionKit, CardActionHandler } from './actions/action-kit';
import { cardActions } from './actions/card-actions';
import { createAdapter } from './adapter';
import { TeamsChannelMessages } from './channel-messages';
import { BotConnectorClient } from './connector-client';
import { ContactBook } from './contact-book';
import { CONNECTOR_AUDIENCE, credentialFactory, tokenSource } from './credentials';
import { FirstdayBot } from './firstday-bot';
import { TeamsListChannel } from './list-channel';
import { TeamsOfficerChats } from './officer-chats';
import { GraphPostedMessageFinder } from './posted-message-finder';
import { PupilCardDesk } from './pupil-card-desk';
import { DslSafeguardingNotifier, safeguardingTeam, type SafeguardingNotifier } from './safeguarding-notifier';
import { NoContactEscalations } from './no-contact-escalations';
import { StaffMessenger } from './staff-messenger';
import { TeamsStaffMessages } from './staff-messages';
import { createGraphServices, type GraphServices } from '../graph/graph-services';
import { StaffDirectory } from './staff-recognition';
import { StaffChanges } from './staff-changes';
import { SummaryUpdater } from './summary-updater';
import { TeamRoster } from './team-roster';
import type { SchoolPeople } from '../graph/school-people';
import { TeamsDailyRunner } from './teams-daily-runner';
import { TeamsSender } from './teams-sender';

export interface TeamsServicesOptions {
  config: Config;
  logger: Logger;
  repos: Repositories;
  now: () => Date;
  /** Microsoft Graph (directory, activity feed); built from config when not given. */
  graph?: GraphServices;
  /** This server's base URL once it listens: "Open case" points at its tab when there is no Teams app id. */
  baseUrl?: () => string;
}

export interface TeamsServices {
  client: BotConnectorClient;
  sender: TeamsSender;
  directory: StaffDirectory;
  summaries: SummaryUpdater;
  desk: PupilCardDesk;
  notifier: SafeguardingNotifier;
  dsl: DslSafeguardingNotifier;
  messenger: StaffMessenger;
  /** The school-day jobs' words to one member of staff, and call-back tasks (bot/jobs/ports.ts). */
  staffMessages: TeamsStaffMessages;
  /** The school-day jobs' words to the whole pastoral channel. */
  channelMessages: TeamsChannelMessages;
  escalations: NoContactEscalations;
  /** The team's roster matched to the staff list: `roster.syncSchool(urn)` daily and after a staff import. */
  roster: TeamRoster;
  /** `staffChanges.staffLeft(urn, leavers)` after a staff import that removed people. */
  staffChanges: StaffChanges;
  /** Who holds a role, Entra groups included. */
  people: SchoolPeople;
  graph: GraphServices;
  runner: TeamsDailyRunner;
  handlers: CardActionHandler[];
}

const PUBLIC_GRAPH = 'https://graph.microsoft.com';

export function createTeamsServices(options: TeamsServicesOptions): TeamsServices {
  const { config, logger, repos, now } = options;
  const factory = credentialFactory(config.bot);
  const client = new BotConnectorClient({ token: tokenSource(factory, config.bot.appId, CONNECTOR_AUDIENCE) });
  const sender = new TeamsSender({ client, logger });
  const graph = options.graph ?? createGraphServices({ config, logger });
  const directory = new StaffDirectory({ repos, client, logger, now, roles: graph.roles });
  const summaries = new SummaryUpdater({ repos, sender, logger, now });
  const caseLink = caseLinks({ teamsAppId: config.teamsAppId, publicHost: config.sso.host, localBaseUrl: options.baseUrl ?? (() => `http://127.0.0.1:${config.port}`) });
  const desk = new PupilCardDesk({ repos, sender, directory, summaries, logger, now, caseLink });
  const objectIdOf = async (upn: string) => (await graph.directory.resolve(upn)).id;
  const messenger = new StaffMessenger({ repos, client, sender, logger, objectIdOf });
  const escalations = new NoContactEscalations({ repos, desk, messenger, sender, logger, now, teamOf: (school) => safeguardingTeam(school, graph.people) });
  const dsl = new DslSafeguardingNotifier({ repos, sender, messenger, logger, now, activityFeed: graph.activityFeed, objectIdOf, escalations, people: graph.people });
  const roster = new TeamRoster({ repos, client, logger });
  const staffChanges = new StaffChanges({ repos, desk, messenger, logger, now, people: graph.people });
  const notifier: SafeguardingNotifier = dsl;
  // Graph can check the channel for a message whose send was in doubt; locally only when pointed at a stand-in.
  const graphReachable = !!config.bot.appId || config.graphBaseUrl !== PUBLIC_GRAPH;
  // As the app registration, like every Graph call: the team's consent to read its channel is that app's.
  const finder = graphReachable ? new GraphPostedMessageFinder({ baseUrl: config.graphBaseUrl, token: () => graph.api.accessToken() }) : undefined;
  const runner = new TeamsDailyRunner({
    repos,
    channel: new TeamsListChannel({ sender, summaries, finder, caseLink }),
    officers: new TeamsOfficerChats({ repos, client, sender }),
    logger,
    now,
  });
  const staffMessages = new TeamsStaffMessages({ messenger });
  const channelMessages = new TeamsChannelMessages({ sender });
  const kit: ActionKit = { repos, contacts: new ContactBook({ repos }), desk, directory, sender, notifier, runner, logger, now, caseLink };
  const handlers = cardActions({ ...kit, roster, dsl, messenger, escalations });
  return { client, sender, directory, summaries, desk, notifier, dsl, messenger, staffMessages, channelMessages, escalations, roster, staffChanges, people: graph.people, graph, runner, handlers };
}

export class TeamsIntegration {
  readonly services: TeamsServices;
  readonly adapter: CloudAdapter;
  readonly bot: FirstdayBot;

  constructor(options: TeamsServicesOptions) {
    this.services = createTeamsServices(options);
    this.adapter = createAdapter({ config: options.config, logger: options.logger });
    this.bot = new FirstdayBot({
      repos: options.repos,
      logger: options.logger,
      allowedTenants: options.config.allowedTenants,
      sender: this.services.sender,
      directory: this.services.directory,
      handlers: this.services.handlers,
      runner: this.services.runner,
      roster: this.services.roster,
      now: options.now,
    });
  }

  /** POST /api/messages. */
  async process(req: Request, res: Response): Promise<void> {
    await this.adapter.process(req, res, (context) => this.bot.run(context));
  }

  /** Sends what is queued (up to a few seconds), then stops. */
  async stop(): Promise<void> {
    this.services.summaries.stop();
    await Promise.race([this.services.sender.idle(), delay(5_000, undefined, { ref: false })]);
  }
}
