/**
 * Who is pressing: the Teams user matched to the school's staff list, by Entra object id or, failing that,
 * by user principal name (asked of Teams once, then remembered). Schools are cached briefly: every card
 * press needs the staff list and roles.
 */
import type { Actor } from '../domain/pupil-card';
import type { School, StaffMember } from '../domain/school';
import { findStaff } from '../domain/school';
import type { Logger } from '../logger';
import type { Repositories } from '../store/repositories';
import type { BotConnectorClient } from './connector-client';
import { staffName } from './card-views';

/** The Teams user behind an activity. */
export interface TeamsUserRef {
  /** Teams user id (29:...). */
  mri: string;
  aadObjectId?: string;
  name: string;
  tenantId?: string;
  serviceUrl: string;
  conversationId: string;
}

export interface KnownStaff {
  staff: StaffMember;
  actor: Actor;
}

export class StaffDirectory {
  private readonly schools = new Map<string, { school: School | undefined; until: number }>();
  private readonly remembered = new Set<string>();
  private readonly channels = new Map<string, { urn: string | undefined; until: number }>();

  constructor(
    private readonly options: { repos: Repositories; client: BotConnectorClient; logger: Logger; now: () => Date; cacheMs?: number },
  ) {}

  async school(urn: string): Promise<School | undefined> {
    const now = this.options.now().getTime();
    const cached = this.schools.get(urn);
    if (cached && cached.until > now) return cached.school;
    const school = (await this.options.repos.schools.get(urn))?.value;
    this.schools.set(urn, { school, until: now + (this.options.cacheMs ?? 30_000) });
    return school;
  }

  /** The school a channel is linked to; kept briefly, since every press on a card asks. */
  async schoolOfChannel(tenantId: string | undefined, channelId: string): Promise<string | undefined> {
    const key = `${tenantId}|${channelId}`;
    const now = this.options.now().getTime();
    const cached = this.channels.get(key);
    if (cached && cached.until > now) return cached.urn;
    const urn = (await this.options.repos.channels.getChannel(tenantId, channelId))?.value.linkedUrn;
    // A link just made must show at once; an existing link changes rarely.
    if (urn) this.channels.set(key, { urn, until: now + (this.options.cacheMs ?? 30_000) });
    return urn;
  }

  async resolve(school: School, user: TeamsUserRef): Promise<KnownStaff | undefined> {
    void this.remember(user);
    let staff = user.aadObjectId ? findStaff(school, user.aadObjectId) : undefined;
    if (!staff && user.aadObjectId) {
      const known = await this.options.repos.teamsUsers.get(user.tenantId, user.aadObjectId);
      if (known?.value.userPrincipalName) staff = findStaff(school, known.value.userPrincipalName);
      if (!staff && !known?.value.userPrincipalName) {
        const upn = await this.lookUpUpn(user);
        if (upn) staff = findStaff(school, upn);
      }
    }
    if (!staff) return undefined;
    return { staff, actor: actorFor(staff, user.mri) };
  }

  /** The Teams user id of a member of staff, if they have used the app. */
  async mriOf(tenantId: string | undefined, staff: StaffMember): Promise<string | undefined> {
    if (!staff.aadObjectId) return undefined;
    return (await this.options.repos.teamsUsers.get(tenantId, staff.aadObjectId))?.value.mri;
  }

  private async remember(user: TeamsUserRef): Promise<void> {
    if (!user.aadObjectId) return;
    const key = `${user.tenantId}|${user.aadObjectId}|${user.mri}|${user.name}`;
    if (this.remembered.has(key)) return;
    try {
      await this.options.repos.teamsUsers.remember({ tenantId: user.tenantId, aadObjectId: user.aadObjectId, mri: user.mri, name: user.name });
      this.remembered.add(key);
    } catch (err) {
      this.options.logger.warn('could not remember a Teams user', { error: (err as Error).message });
    }
  }

  private async lookUpUpn(user: TeamsUserRef): Promise<string | undefined> {
    try {
      const member = await this.options.client.getMember(user.serviceUrl, user.conversationId, user.mri);
      const upn = member.userPrincipalName ?? member.email;
      if (upn && user.aadObjectId) {
        await this.options.repos.teamsUsers.remember({ tenantId: user.tenantId, aadObjectId: user.aadObjectId, mri: user.mri, name: user.name, userPrincipalName: upn });
      }
      return upn;
    } catch (err) {
      this.options.logger.warn('could not look up a Teams member', { error: (err as Error).message });
      return undefined;
    }
  }
}

export function actorFor(staff: StaffMember, mri?: string): Actor {
  // The UPN is the id on cards, chronology and audit: the staff list always has it, whatever Teams sends.
  return { id: staff.upn.toLowerCase(), name: staffName(staff), mri, roles: staff.roles };
}
