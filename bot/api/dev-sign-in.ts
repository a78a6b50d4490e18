/**
 * The tab's local development sign-in: outside Teams there is no SSO token, so a developer picks one of
 * the demo school's staff and the tab sends `Authorization: DevSignIn <upn>`. Accepted only when
 * DEV_SIGN_IN=true (which config.ts refuses in production and off loopback), only from a loopback address,
 * and never through a proxy.
 */
import type { Request } from 'express';
import { findStaff, type School } from '../domain/school';
import { HttpError, type Authenticate } from './caller';

export const DEV_SIGN_IN_SCHEME = 'DevSignIn';

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

/** Is the request from this machine, directly (not forwarded by a proxy)? */
export function isDirectLoopback(req: Request): boolean {
  return LOOPBACK.has(req.socket.remoteAddress ?? '') && !req.headers['x-forwarded-for'] && !req.headers.forwarded;
}

export function devSignInUpn(req: Request): string | undefined {
  const match = new RegExp(`^${DEV_SIGN_IN_SCHEME}\\s+(\\S+)$`, 'i').exec(req.headers.authorization ?? '');
  return match?.[1].toLowerCase();
}

export function devSignInAuthenticator(options: { enabled: boolean; schools: () => Promise<School[]> }): Authenticate {
  return async (req) => {
    if (!options.enabled) throw new HttpError(401, 'The development sign-in is off (DEV_SIGN_IN is not "true"); open the tab in Teams.');
    if (!isDirectLoopback(req)) throw new HttpError(401, 'The development sign-in is accepted only from this machine (loopback), not through a proxy.');
    const upn = devSignInUpn(req);
    if (!upn) throw new HttpError(401, `Send "Authorization: ${DEV_SIGN_IN_SCHEME} <staff UPN>".`);
    for (const school of await options.schools()) {
      const staff = findStaff(school, upn);
      if (staff) return { id: staff.aadObjectId ?? staff.upn, name: staff.displayName, upn: staff.upn, via: 'dev' };
    }
    throw new HttpError(401, `${upn} is not on any school's staff list.`);
  };
}
