/**
 * A caller's roles at a school, behind one small interface: today the school's staff list decides; the
 * Graph RoleResolver (roles from Entra groups) has the same shape and can be passed instead. Year groups
 * for a head of year always come from the staff list.
 */
import type { CaseAccess } from '../domain/cases/case-access';
import { findStaff, type School, type StaffMember, type StaffRole } from '../domain/school';
import type { Caller } from './caller';

export interface StaffRoleSource {
  rolesFor(school: School, who: { aadObjectId?: string; upn?: string }): Promise<StaffRole[]>;
}

/** Roles from the school's staff list alone. */
export const staffListRoles: StaffRoleSource = {
  async rolesFor(school, who) {
    const staff = [who.aadObjectId, who.upn].map((id) => (id ? findStaff(school, id) : undefined)).find(Boolean);
    return staff ? [...staff.roles] : [];
  },
};

export interface StaffAccess extends CaseAccess {
  staff?: StaffMember;
  name: string;
}

/** The caller's access at the school, or undefined when they hold no role there. */
export async function staffAccessFor(school: School, caller: Caller, roles: StaffRoleSource): Promise<StaffAccess | undefined> {
  if (caller.via === 'api-key') return undefined;
  const staff = findStaff(school, caller.id) ?? (caller.upn ? findStaff(school, caller.upn) : undefined);
  const granted = await roles.rolesFor(school, { aadObjectId: caller.via === 'sso' ? caller.id : staff?.aadObjectId, upn: caller.upn ?? staff?.upn });
  if (!granted.length) return undefined;
  const upn = (staff?.upn ?? caller.upn ?? caller.id).toLowerCase();
  return { upn, roles: granted, yearGroups: staff?.yearGroups ?? [], staff, name: staff?.displayName ?? caller.name };
}
