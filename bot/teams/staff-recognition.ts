/**
 * Who is pressing: the Teams user matched to the school's staff list by Entra object id. A UPN (learnt from
 * Teams: the roster, or asked once) is used only to bind an entry that has no object id yet; an entry bound to
 * someone else never authorises this user. Roles are the entry's plus those of the school's role groups, so
 * someone given a role by an Entra group alone is known too.
 *
 * The school is read on every press, never kept: a staff import or a settings change is in force at once on
 * every server instance, and someone who has left loses access with it. (A point read of one row by its keys
 * is as cheap as the check a cache would need to stay correct.)
 */
import type { Actor } from '../domain/pupil-card';
import type { School, StaffMember, StaffRole } from '../domain/school';
import type { Logger } from '../platform/logger';
import type { Repositories } from '../store/repositories';
import type { BotConnectorClient } from './connector-client';
import { staffName } from './card-views';
import { bindObjectIds } from './staff-binding';

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

/** Roles from the school's Entra groups (bot/graph/role-resolver.ts), as far as the directory needs them. */
export interface GroupRoles {
  rolesFor(school: School, who: { aadObjectId?: string }): Promise<StaffRole[]>;
}

export interface StaffDirectoryOptions {
  repos: Repositories;
  client: BotConnectorClient;
  logger: Logger;
  now: () => Date;
  /** Roles by Entra group; without it the staff list alone gives roles. */
  roles?: GroupRoles;
  /** How long a channel's link is kept. Default 30 s. */
  channelCacheMs?: number;
}

export class StaffDirectory {
  private readonly remembered = new Set<string>();
  private readonly channels = new Map<string, { urn: string | undefined; until: number }>();

  constructor(private readonly options: StaffDirectoryOptions) {}

  async school(urn: string): Promise<School | undefined> {
    return (await this.options.repos.schools.get(urn))?.value;
  }

  /**
   * The school a channel is linked to; kept briefly, since every press on a card asks. A link only ever
   * points a channel at the school it was linked to, and every press still reads that school's staff list.
   */
  async schoolOfChannel(tenantId: string | undefined, channelId: string): Promise<string | undefined> {
    const key = `${tenantId}|${channelId}`;
    const now = this.options.now().getTime();
    const cached = this.channels.get(key);
    if (cached && cached.until > now) return cached.urn;
    const urn = (await this.options.repos.channels.getChannel(tenantId, channelId))?.value.linkedUrn;
    // A link just made must show at once; an existing link changes rarely.
    if (urn) this.channels.set(key, { urn, until: now + (this.options.channelCacheMs ?? 30_000) });
    return urn;
  }

  async resolve(school: School, user: TeamsUserRef): Promise<KnownStaff | undefined> {
    void this.remember(user);
    const id = user.aadObjectId?.toLowerCase();
    if (!id) return undefined;
    let staff = school.staff.find((s) => s.aadObjectId?.toLowerCase() === id);
    if (!staff) staff = await this.bindByUpn(school, user);
    const groupRoles = (await this.options.roles?.rolesFor(school, { aadObjectId: user.aadObjectId })) ?? [];
    if (!staff) {
      // On no list entry, but given a role by an Entra group: known by the UPN Teams gives for them.
      if (!groupRoles.length) return undefined;
      const upn = await this.upnOf(user);
      if (!upn) return undefined;
      staff = { upn, aadObjectId: user.aadObjectId, displayName: user.name || upn, roles: groupRoles };
    } else if (groupRoles.some((r) => !staff!.roles.includes(r))) {
      staff = { ...staff, roles: [...staff.roles, ...groupRoles.filter((r) => !staff!.roles.includes(r))] };
    }
    return { staff, actor: actorFor(staff, user.mri) };
  }

  /** The entry whose UPN is this user's, if it has no object id yet: bound to theirs now. */
  private async bindByUpn(school: School, user: TeamsUserRef): Promise<StaffMember | undefined> {
    const upn = await this.upnOf(user);
    const entry = upn ? school.staff.find((s) => s.upn.toLowerCase() === upn.toLowerCase()) : undefined;
    if (!entry || !user.aadObjectId) return undefined;
    if (entry.aadObjectId) {
      this.options.logger.warn(`A Teams user's UPN matches a staff list entry at school ${school.urn} that is bound to another Entra object id; they are not treated as that member of staff`, {
        urn: school.urn,
        upn: entry.upn,
      });
      return undefined;
    }
    try {
      await bindObjectIds(this.options.repos, this.options.logger, school.urn, [{ upn: entry.upn, aadObjectId: user.aadObjectId }]);
    } catch (err) {
      // The press goes on: the binding is tried again on their next press.
      this.options.logger.warn('could not bind a member of staff to their Entra object id', { urn: school.urn, error: (err as Error).message });
    }
    return { ...entry, aadObjectId: user.aadObjectId };
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

  /** The user's UPN as Teams gives it: remembered from the roster or an earlier press, else asked once. */
  private async upnOf(user: TeamsUserRef): Promise<string | undefined> {
    if (!user.aadObjectId) return undefined;
    const known = await this.options.repos.teamsUsers.get(user.tenantId, user.aadObjectId);
    if (known?.value.userPrincipalName) return known.value.userPrincipalName;
    try {
      const member = await this.options.client.getMember(user.serviceUrl, user.conversationId, user.mri);
      const upn = member.userPrincipalName ?? member.email;
      if (upn) {
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
