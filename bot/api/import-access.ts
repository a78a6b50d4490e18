/**
 * Who may import a school's data over the API: the service key (a scheduled MIS export), and the
 * school's attendance lead and attendance officers, by the same role source as the tab's API.
 */
import type { Caller } from './caller';
import type { ImportCaller } from './import-routes';
import { staffAccessFor, type StaffRoleSource } from './staff-access';
import type { School } from '../domain/school';

const IMPORTERS = ['attendance-lead', 'attendance-officer'];

export function importAuthorizer(options: { school: (urn: string) => Promise<School | undefined>; roles: StaffRoleSource }): (caller: ImportCaller, urn: string) => Promise<boolean> {
  return async (caller, urn) => {
    // The import routes hand back the caller the server's authenticator returned.
    if (!isCaller(caller)) return false;
    if (caller.via === 'api-key') return true;
    const school = await options.school(urn);
    if (!school) return false;
    const access = await staffAccessFor(school, caller, options.roles);
    return Boolean(access?.roles.some((r) => IMPORTERS.includes(r)));
  };
}

function isCaller(caller: ImportCaller): caller is Caller {
  return 'via' in caller;
}
