/**
 * The trust's administrators: the members of one Entra group (TRUST_ADMIN_GROUP), through nested groups.
 * They create schools and adjust any school's settings. The service key is not a person and is not one;
 * routes that automation may also use accept it on their own terms.
 */
import type { Caller } from './caller';

export interface GroupMembership {
  inGroup(who: { aadObjectId?: string; upn?: string }, groupId: string): Promise<boolean>;
}

export class TrustAdmins {
  constructor(private readonly options: { groupId?: string; membership: GroupMembership }) {}

  /** Whether a trust administrators' group is set up at all. */
  get configured(): boolean {
    return Boolean(this.options.groupId);
  }

  async isAdmin(caller: Caller): Promise<boolean> {
    // Membership is asked by Entra object id, which only a checked SSO token gives.
    if (!this.options.groupId || caller.via !== 'sso') return false;
    return this.options.membership.inGroup({ aadObjectId: caller.id }, this.options.groupId);
  }
}
