/**
 * Who holds a role at a school: the staff list's holders plus the transitive members of the role's Entra group
 * (School.roleGroups), so that a DSL given the role by group gets every alert a listed DSL gets. A group member
 * who is also on the list is their list entry (title, year groups) with the role added.
 *
 * Members come from GET /groups/{id}/transitiveMembers/microsoft.graph.user (application permission
 * GroupMember.Read.All), paged by @odata.nextLink and kept briefly. When Graph is off or cannot answer, the
 * staff list alone decides, and the log says so.
 */
import { staffWithRole, type School, type StaffMember, type StaffRole } from '../domain/school';
import type { Logger } from '../platform/logger';
import type { GraphApi } from './graph-api';
import { GraphCallError } from './graph-call-error';
import { TtlCache } from './ttl-cache';

export interface GroupUser {
  id: string;
  displayName?: string | null;
  userPrincipalName?: string | null;
}

export interface SchoolPeopleOptions {
  graph: GraphApi;
  logger: Logger;
  /** How long a group's members are trusted, in milliseconds. Default 60 s, as for a user's memberships. */
  cacheTtlMs?: number;
  now?: () => number;
}

export class SchoolPeople {
  private readonly groups: TtlCache<GroupUser[]>;

  constructor(private readonly options: SchoolPeopleOptions) {
    this.groups = new TtlCache({ ttlMs: options.cacheTtlMs ?? 60_000, now: options.now });
  }

  /** Everyone holding the role, list first, without duplicates. Never throws for Graph trouble. */
  async withRole(school: School, role: StaffRole): Promise<StaffMember[]> {
    const listed = staffWithRole(school, role);
    const groupId = school.roleGroups[role];
    if (!groupId) return listed;
    let members: GroupUser[];
    try {
      members = await this.membersOf(groupId);
    } catch (err) {
      if (!(err instanceof GraphCallError)) throw err;
      if (err.reason !== 'not-configured') {
        this.options.logger.warn(
          `Holders of the ${role} role at school ${school.urn} come from the staff list only: the Entra group's members could not be read (${err.reason}${err.status ? `, HTTP ${err.status}` : ''})`,
          { urn: school.urn, role, groupId, reason: err.reason, status: err.status },
        );
      }
      return listed;
    }
    const people = new Map<string, StaffMember>(listed.map((s) => [s.upn.toLowerCase(), s]));
    for (const m of members) {
      if (!m.userPrincipalName) continue;
      const entry = school.staff.find((s) => s.aadObjectId?.toLowerCase() === m.id.toLowerCase()) ?? school.staff.find((s) => s.upn.toLowerCase() === m.userPrincipalName!.toLowerCase());
      // An entry bound to a different object id is someone else: the object id is what identifies a person.
      if (entry?.aadObjectId && entry.aadObjectId.toLowerCase() !== m.id.toLowerCase()) continue;
      const person: StaffMember = entry
        ? { ...entry, aadObjectId: entry.aadObjectId ?? m.id, roles: entry.roles.includes(role) ? entry.roles : [...entry.roles, role] }
        : { upn: m.userPrincipalName, aadObjectId: m.id, displayName: m.displayName || m.userPrincipalName, roles: [role] };
      if (!people.has(person.upn.toLowerCase())) people.set(person.upn.toLowerCase(), person);
    }
    return [...people.values()];
  }

  /** Forget cached members, e.g. after the school changes its role groups. */
  forget(groupId?: string): void {
    this.groups.clear(groupId?.toLowerCase());
  }

  private membersOf(groupId: string): Promise<GroupUser[]> {
    return this.groups.get(groupId.toLowerCase(), () =>
      this.options.graph.getAll<GroupUser>(`/groups/${encodeURIComponent(groupId)}/transitiveMembers/microsoft.graph.user?$select=id,displayName,userPrincipalName&$top=999`, 'read role group members'),
    );
  }
}
