/**
 * Where the calling flow hands safeguarding over: a concern raised at any step, and "no contact" after two
 * full rounds. The pupil's thread in the pastoral channel gets an @-mention of the DSL and deputies that
 * says only that something is waiting for them; the concern's detail goes to each of them in a 1:1 chat
 * (with Acknowledge) and, as a second route, a Teams activity-feed notification whose failure never holds
 * up the first. Every alert sent is recorded on the concern, so running this twice sends nothing twice.
 */
import type { RoleHolders } from '../jobs/ports';
import type { Concern } from '../domain/concern';
import type { PupilCard } from '../domain/pupil-card';
import type { School, StaffMember, StaffRole } from '../domain/school';
import { staffWithRole } from '../domain/school';
import type { Logger } from '../platform/logger';
import type { Repositories } from '../store/repositories';
import { cardMessage } from './card-views';
import { concernCard } from './concern-cards';
import type { NoContactEscalations } from './no-contact-escalations';
import type { StaffMessenger } from './staff-messenger';
import type { Destination, TeamsSender } from './teams-sender';

export interface ConcernRaisedEvent {
  concern: Concern;
  school: School;
  card: PupilCard;
}

export interface NoContactEvent {
  school: School;
  card: PupilCard;
}

export interface SafeguardingNotifier {
  concernRaised(event: ConcernRaisedEvent): Promise<void>;
  noContactRecorded(event: NoContactEvent): Promise<void>;
}

/** The activity feed, as far as the notifier needs it (bot/graph/activity-feed.ts). */
export interface ActivityFeed {
  notify(userId: string, notification: { topic: { source: 'text'; value: string; webUrl: string }; activityType: string; previewText: string; templateParameters?: Record<string, string> }): Promise<void>;
}

export interface DslNotifierOptions {
  repos: Repositories;
  sender: TeamsSender;
  messenger: StaffMessenger;
  logger: Logger;
  now: () => Date;
  /** The second route; without it (Graph off) only the bot's own messages go. */
  activityFeed?: ActivityFeed;
  /** Entra object id of a UPN (Graph), for staff the list has no id for. */
  objectIdOf?: (upn: string) => Promise<string | undefined>;
  /** Sends the DSLs' decision card after no contact; without it only the thread's mention goes. */
  escalations?: NoContactEscalations;
  /** Who holds a role, Entra groups included (bot/graph/school-people.ts); without it the staff list alone. */
  people?: RoleHolders;
}

export type { RoleHolders };

/** The staff list alone: where Graph is not in the picture. */
export const LISTED: RoleHolders = { withRole: async (school, role) => staffWithRole(school, role) };

/** The safeguarding team of a school: its DSLs and deputies, by the list or by group. */
export async function safeguardingTeam(school: School, people: RoleHolders = LISTED): Promise<StaffMember[]> {
  const [dsl, deputies] = await Promise.all([people.withRole(school, 'dsl'), people.withRole(school, 'deputy-dsl')]);
  return unique([...dsl, ...deputies]);
}

/** Who a concern is raised again to: the deputies and the attendance lead. */
export async function raiseAgainTo(school: School, people: RoleHolders = LISTED): Promise<StaffMember[]> {
  const [deputies, leads] = await Promise.all([people.withRole(school, 'deputy-dsl'), people.withRole(school, 'attendance-lead')]);
  return unique([...deputies, ...leads]);
}

function unique(staff: StaffMember[]): StaffMember[] {
  return [...new Map(staff.map((s) => [s.upn.toLowerCase(), s])).values()];
}

export class DslSafeguardingNotifier implements SafeguardingNotifier {
  constructor(private readonly options: DslNotifierOptions) {}

  async concernRaised({ concern, school, card }: ConcernRaisedEvent): Promise<void> {
    const team = await safeguardingTeam(school, this.options.people);
    const current = (await this.options.repos.concerns.get(school.urn, concern.id))?.value ?? concern;
    if (!current.alertedAt) {
      await this.mention(school, card, team, `a concern has been raised about ${card.pupil.name} by ${concern.raisedByName}: see your chat.`);
    }
    await this.alert(school, card.pupil, current, team, 'first');
  }

  /**
   * A concern raised away from the call card (the case tab). The thread's mention needs the pupil's card on
   * today's list; without one only the DSLs' 1:1s and the activity feed go. Says whether the channel was told.
   */
  async concernRaisedFromCase(school: School, concern: Concern): Promise<{ channelMention: boolean }> {
    const card = (await this.options.repos.pupilCards.get(school.urn, concern.date, concern.pupilUpn))?.value;
    if (card) {
      await this.concernRaised({ concern, school, card });
      return { channelMention: true };
    }
    await this.alert(school, await this.pupilOf(concern), concern, await safeguardingTeam(school, this.options.people), 'first');
    return { channelMention: false };
  }

  /** The concern again, to the deputies and the attendance lead; once. A first round that never went out goes first. */
  async raiseAgain(school: School, concern: Concern): Promise<void> {
    const pupil = await this.pupilOf(concern);
    if (!concern.alertedAt) await this.alert(school, pupil, concern, await safeguardingTeam(school, this.options.people), 'first');
    const current = (await this.options.repos.concerns.get(school.urn, concern.id))?.value ?? concern;
    await this.alert(school, pupil, current, await raiseAgainTo(school, this.options.people), 'again');
  }

  /** The pupil as the concern's cards name them: from the day's card, or the pupil record (a concern raised from the case tab). */
  async pupilOf(concern: Concern): Promise<Pick<PupilCard['pupil'], 'name' | 'yearGroup' | 'form'>> {
    const card = (await this.options.repos.pupilCards.get(concern.urn, concern.date, concern.pupilUpn))?.value;
    if (card) return card.pupil;
    const pupil = (await this.options.repos.pupils.get(concern.urn, concern.pupilUpn))?.value;
    if (!pupil) return { name: concern.pupilUpn, yearGroup: 0, form: '' };
    return { name: `${pupil.preferredForename || pupil.legalForename} ${pupil.preferredSurname || pupil.legalSurname}`, yearGroup: pupil.yearGroup, form: pupil.form };
  }

  async noContactRecorded({ school, card }: NoContactEvent): Promise<void> {
    await this.mention(school, card, await safeguardingTeam(school, this.options.people), 'a pupil on today\'s list could not be reached after two full rounds of calls; your decision will be asked for in your chat.');
    await this.options.escalations?.sendDecisionCards(school, card);
  }

  /** A message in the pupil's thread naming the team with real mentions and saying nothing more. */
  async mention(school: School, card: PupilCard, team: StaffMember[], sentence: string): Promise<void> {
    const where = await this.threadOf(school.urn, card);
    if (!where) return;
    const people = await Promise.all(team.map(async (s) => ({ name: s.displayName, id: await this.mentionId(s) })));
    const tags = people.map((p) => `<at>${p.name}</at>`);
    const text = tags.length ? `${tags.join(', ')}: ${sentence}` : `The safeguarding team: ${sentence}`;
    await this.options.sender.post(where, {
      type: 'message',
      text,
      entities: people.map((p) => ({ type: 'mention', text: `<at>${p.name}</at>`, mentioned: { id: p.id, name: p.name } })),
    });
  }

  private async alert(school: School, pupil: Pick<PupilCard['pupil'], 'name' | 'yearGroup' | 'form'>, concern: Concern, to: StaffMember[], round: 'first' | 'again'): Promise<void> {
    const { repos, messenger, now } = this.options;
    const sent = new Set((concern.alerts ?? []).filter((a) => a.round === round).map((a) => a.upn.toLowerCase()));
    const pending = to.filter((s) => !sent.has(s.upn.toLowerCase()));
    const view = { concern, pupil, schoolName: school.name, timeZone: school.timeZone, again: round === 'again' ? { minutes: school.concernAcknowledgeMinutes } : undefined };
    const delivered = await messenger.sendEach(school.urn, pending, () => cardMessage(concernCard(view), `Safeguarding concern: ${pupil.name}`));
    const at = now().toISOString();
    await repos.concerns.update(school.urn, concern.id, (c) => ({
      ...c,
      alerts: [...(c.alerts ?? []), ...delivered.map((d) => ({ upn: d.staff.upn, round, conversationId: d.delivered.conversationId, activityId: d.delivered.activityId, at }))],
      ...(round === 'first' ? { alertedAt: c.alertedAt ?? at } : { realertedAt: c.realertedAt ?? at }),
    }));
    await Promise.all(
      delivered.map((d) =>
        repos.audit.record({ urn: school.urn, at, actorId: 'firstday', actorName: 'Firstday', action: round === 'first' ? 'concern.alert' : 'concern.raise-again', pupilUpn: concern.pupilUpn, source: 'bot', outcome: 'ok', detail: `concern ${concern.id} sent to ${d.staff.upn}` }),
      ),
    );
    void this.feed(school, concern, pending, delivered.map((d) => d.delivered.conversationId));
  }

  /** The activity-feed route: logged clearly when it fails, never awaited by the bot's own route. */
  private async feed(school: School, concern: Concern, to: StaffMember[], chats: string[]): Promise<void> {
    const feed = this.options.activityFeed;
    if (!feed) return;
    await Promise.all(
      to.map(async (s, i) => {
        try {
          const id = await this.mentionId(s);
          await feed.notify(id, {
            topic: { source: 'text', value: 'Safeguarding concern', webUrl: `https://teams.microsoft.com/l/chat/${encodeURIComponent(chats[i] ?? '')}/conversations` },
            activityType: 'concernRaised',
            previewText: 'A safeguarding concern has been raised about a pupil: see your chat with Firstday.',
            templateParameters: { actor: concern.raisedByName },
          });
        } catch (err) {
          this.options.logger.error(`The activity-feed notification of concern ${concern.id} to ${s.upn} could not be sent; the 1:1 message is the route that counts`, {
            urn: school.urn,
            error: (err as Error).message,
          });
        }
      }),
    );
  }

  /** Entra object id from the staff list, else from Graph, else the UPN (Teams accepts any of the three). */
  private async mentionId(s: StaffMember): Promise<string> {
    if (s.aadObjectId) return s.aadObjectId;
    try {
      return (await this.options.objectIdOf?.(s.upn)) ?? s.upn;
    } catch {
      return s.upn;
    }
  }

  private async threadOf(urn: string, card: PupilCard): Promise<Destination | undefined> {
    if (card.posting.where) return card.posting.where;
    const channel = (await this.options.repos.channels.forSchool(urn))?.value;
    return channel ? { serviceUrl: channel.serviceUrl, conversationId: channel.conversationId, tenantId: channel.tenantId } : undefined;
  }
}

