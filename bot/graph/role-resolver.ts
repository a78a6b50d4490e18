/**
 * What a member of staff may do at a school: the roles in the school's staff list, plus the roles whose
 * Entra group (School.roleGroups) the user belongs to, directly or through nested groups.
 *
 * Memberships come from GET /users/{id}/transitiveMemberOf?$select=id, paged by @odata.nextLink. This
 * rather than checkMemberGroups: it needs only User.Read.All (which resolving staff needs anyway) where
 * checkMemberGroups also needs GroupMember.Read.All; and rather than the .../microsoft.graph.group cast,
 * which Graph serves only as an advanced query (ConsistencyLevel: eventual) from an index that can lag
 * behind a change. Non-group memberships (directory roles, admin units) simply match no role group.
 *
 * When Graph cannot answer, the staff list alone decides, and the log says so.
 */
import type { Logger } from '../platform/logger';
import { findStaff, STAFF_ROLES, type School, type StaffRole } from '../domain/school';
import type { GraphApi } from './graph-api';
import { GraphCallError } from './graph-call-error';
import { TtlCache } from './ttl-cache';

export interface StaffIdentity {
  /** Entra object id, e.g. from the Teams activity (from.aadObjectId) or the tab's SSO token (oid). */
  aadObjectId?: string;
  upn?: string;
}

export interface RoleResolverOptions {
  graph: GraphApi;
  logger: Logger;
  /** How long a user's memberships are trusted, in milliseconds. Default 60 s. 0 turns the cache off. */
  cacheTtlMs?: number;
  now?: () => number;
}


export class RoleResolver {
  private readonly memberships: TtlCache<Set<string>>;

  constructor(private readonly options: RoleResolverOptions) {
    this.memberships = new TtlCache({ ttlMs: options.cacheTtlMs ?? 60_000, now: options.now });
  }

  /** The user's roles at the school, in a fixed order, without duplicates. Never throws for Graph trouble. */
  async rolesFor(school: School, who: StaffIdentity): Promise<StaffRole[]> {
    const listed = new Set<StaffRole>();
    for (const id of [who.aadObjectId, who.upn]) {
      if (id) findStaff(school, id)?.roles.forEach((r) => listed.add(r));
    }
    const groups = Object.entries(school.roleGroups).filter((e): e is [StaffRole, string] => Boolean(e[1]));
    const user = who.aadObjectId ?? who.upn;
    if (!groups.length || !user) return ordered(listed);

    let memberOf: Set<string>;
    try {
      memberOf = await this.groupsOf(user);
    } catch (err) {
      if (!(err instanceof GraphCallError)) throw err;
      if (err.reason !== 'not-configured') {
        this.options.logger.warn(
          `Roles for a member of staff at school ${school.urn} come from the school's staff list only: Entra group memberships could not be read (${err.reason}${err.status ? `, HTTP ${err.status}` : ''})`,
          { urn: school.urn, aadObjectId: who.aadObjectId, reason: err.reason, status: err.status },
        );
      }
      return ordered(listed);
    }
    for (const [role, groupId] of groups) {
      if (memberOf.has(groupId.toLowerCase())) listed.add(role);
    }
    return ordered(listed);
  }

  /**
   * Whether the user is in the Entra group, directly or through nested groups: the trust's administrators
   * are such a group. False when Graph cannot answer (nobody is an administrator by default), logged.
   */
  async inGroup(who: StaffIdentity, groupId: string): Promise<boolean> {
    const user = who.aadObjectId ?? who.upn;
    if (!user || !groupId) return false;
    try {
      return (await this.groupsOf(user)).has(groupId.toLowerCase());
    } catch (err) {
      if (!(err instanceof GraphCallError)) throw err;
      if (err.reason !== 'not-configured') {
        this.options.logger.warn(`Membership of the group ${groupId} could not be read (${err.reason}${err.status ? `, HTTP ${err.status}` : ''}): treated as not a member`, { reason: err.reason });
      }
      return false;
    }
  }

  private groupsOf(user: string): Promise<Set<string>> {
    return this.memberships.get(user.toLowerCase(), async () => {
      const items = await this.options.graph.getAll<{ id: string }>(`/users/${encodeURIComponent(user)}/transitiveMemberOf?$select=id&$top=999`, 'read group memberships');
      return new Set(items.map((i) => i.id.toLowerCase()));
    });
  }

  /** Forget cached memberships, e.g. after the school changes its role groups. */
  forget(who?: StaffIdentity): void {
    if (!who) return this.memberships.clear();
    for (const id of [who.aadObjectId, who.upn]) if (id) this.memberships.clear(id.toLowerCase());
  }
}

function ordered(roles: Set<StaffRole>): StaffRole[] {
  return STAFF_ROLES.filter((r) => roles.has(r));
}
