/**
 * Staff reached in Teams without Graph: the school's team's roster, read through the Bot Framework
 * (GET {serviceUrl}/v3/conversations/{teamId}/pagedmembers, page by page), gives each member's Teams user id,
 * Entra object id and UPN. Members are matched to the staff list by UPN (email when Teams gives no UPN); each
 * match binds the entry to the object id (see staff-binding.ts) and is remembered with its Teams user id, so a
 * 1:1 chat can be opened with someone who has never opened the app.
 *
 * Run when the app is installed in a team whose channel is linked, when a channel is linked, when members join
 * the team, daily, and after a staff import (`syncSchool`).
 */
import { setTimeout as delay } from 'node:timers/promises';
import type { School } from '../domain/school';
import type { Logger } from '../platform/logger';
import type { Repositories } from '../store/repositories';
import { ConnectorError, type BotConnectorClient, type TeamsMember } from './connector-client';
import { bindObjectIds, type Binding } from './staff-binding';

export interface RosterSync {
  urn: string;
  /** Members in the team's roster. */
  members: number;
  /** Members matched to the staff list. */
  matched: number;
  /** Staff entries bound to an object id by this sync. */
  bound: number;
  /** Why nothing was read, when nothing was. */
  skipped?: string;
}

export interface TeamRosterOptions {
  repos: Repositories;
  client: BotConnectorClient;
  logger: Logger;
  /** Members asked for per page (Teams allows 50 to 500). Default 500: fewest requests. */
  pageSize?: number;
  /** Tries per page when Teams is busy (429, 412, 502, 504). Default 4. */
  attempts?: number;
  /** Longest wait before a retry, in milliseconds; a longer Retry-After gives up. Default 30 s. */
  maxWaitMs?: number;
}

/** Teams asks for these to be tried again (the same as the sender retries). */
const RETRYABLE = new Set([412, 429, 502, 504]);
/** Pages followed before giving up: 200 pages of 500 is past any school's team. */
const MAX_PAGES = 200;

export class TeamRoster {
  /** One sync per school at a time on this instance; a second asks for one more run after it. */
  private readonly running = new Map<string, { promise: Promise<RosterSync>; again: boolean }>();

  constructor(private readonly options: TeamRosterOptions) {}

  /**
   * Reads the roster of the team the school's pastoral channel is in and matches it to the staff list. Never
   * throws for Teams or storage trouble: the result says what was done, the log why not.
   */
  syncSchool(urn: string): Promise<RosterSync> {
    const current = this.running.get(urn);
    if (current) {
      // Members added during a sync may be missed by it: run once more after it.
      current.again = true;
      return current.promise;
    }
    const entry = { promise: Promise.resolve(undefined as unknown as RosterSync), again: false };
    entry.promise = (async () => {
      let result: RosterSync;
      do {
        entry.again = false;
        result = await this.syncOnce(urn);
      } while (entry.again);
      return result;
    })().finally(() => this.running.delete(urn));
    this.running.set(urn, entry);
    return entry.promise;
  }

  /** The schools whose linked channel is in this team (usually one). */
  async schoolsOfTeam(teamId: string): Promise<string[]> {
    const schools = await this.options.repos.schools.list();
    const links = await Promise.all(schools.map((s) => this.options.repos.channels.forSchool(s.urn)));
    return links.filter((l) => l && l.value.teamId === teamId).map((l) => l!.value.urn);
  }

  private async syncOnce(urn: string): Promise<RosterSync> {
    const { repos, logger } = this.options;
    const none = (skipped: string): RosterSync => ({ urn, members: 0, matched: 0, bound: 0, skipped });
    try {
      const [school, link] = await Promise.all([repos.schools.get(urn), repos.channels.forSchool(urn)]);
      if (!school) return none('no such school');
      if (!link) return none('no linked channel');
      const { serviceUrl, teamId, tenantId } = link.value;
      if (!teamId) return none('the linked channel is not in a team');
      const members = await this.readRoster(serviceUrl, teamId);
      const matches = match(school.value, members);
      const bindings: Binding[] = matches.map((m) => ({ upn: m.upn, aadObjectId: m.member.aadObjectId! }));
      const result = await bindObjectIds(repos, logger, urn, bindings);
      await inBatches(matches, 8, (m) =>
        repos.teamsUsers.remember({ tenantId, aadObjectId: m.member.aadObjectId!, mri: m.member.id, name: m.member.name ?? m.upn, userPrincipalName: m.member.userPrincipalName ?? m.member.email }),
      );
      logger.info(`Read the team's roster for school ${urn}: ${members.length} members, ${matches.length} on the staff list, ${result.bound.length} newly bound to their Entra object id`, {
        urn,
        members: members.length,
        matched: matches.length,
        bound: result.bound.length,
      });
      return { urn, members: members.length, matched: matches.length, bound: result.bound.length };
    } catch (err) {
      logger.warn(`The team's roster for school ${urn} could not be read; staff are matched when they next use the app, and the roster is read again on the next sync`, {
        urn,
        error: (err as Error).message,
      });
      return none((err as Error).message);
    }
  }

  private async readRoster(serviceUrl: string, teamId: string): Promise<TeamsMember[]> {
    const members: TeamsMember[] = [];
    let continuationToken: string | undefined;
    for (let page = 1; ; page++) {
      if (page > MAX_PAGES) throw new Error(`the roster of ${teamId} ran past ${MAX_PAGES} pages`);
      const res = await this.withRetries(() => this.options.client.getPagedMembers(serviceUrl, teamId, { pageSize: this.options.pageSize ?? 500, continuationToken }));
      members.push(...res.members);
      if (!res.continuationToken) return members;
      continuationToken = res.continuationToken;
    }
  }

  private async withRetries<T>(call: () => Promise<T>): Promise<T> {
    const attempts = this.options.attempts ?? 4;
    for (let attempt = 1; ; attempt++) {
      try {
        return await call();
      } catch (err) {
        if (!(err instanceof ConnectorError) || !RETRYABLE.has(err.status) || attempt >= attempts) throw err;
        const wait = err.retryAfterMs ?? 500 * 2 ** (attempt - 1);
        if (wait > (this.options.maxWaitMs ?? 30_000)) throw err;
        await delay(wait);
      }
    }
  }
}

/**
 * Roster members matched to staff list entries: by UPN, else by email, case-insensitively; with an object id
 * only, and never to an entry already bound to someone else's object id.
 */
export function match(school: School, members: TeamsMember[]): { upn: string; member: TeamsMember }[] {
  const byUpn = new Map(school.staff.map((s) => [s.upn.toLowerCase(), s]));
  const out: { upn: string; member: TeamsMember }[] = [];
  for (const m of members) {
    if (!m.aadObjectId) continue;
    const entry = (m.userPrincipalName && byUpn.get(m.userPrincipalName.toLowerCase())) || (m.email && byUpn.get(m.email.toLowerCase()));
    if (!entry || (entry.aadObjectId && entry.aadObjectId.toLowerCase() !== m.aadObjectId.toLowerCase())) continue;
    out.push({ upn: entry.upn, member: m });
  }
  return out;
}

async function inBatches<T>(items: T[], size: number, work: (item: T) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < items.length; i += size) await Promise.all(items.slice(i, i + size).map(work));
}
