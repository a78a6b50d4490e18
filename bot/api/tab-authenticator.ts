/**
 * Who is calling the tab's API: a Teams SSO token (a JWT), the development sign-in (outside Teams, on
 * loopback, when allowed), or the service API key (an automation, for the routes that take one).
 */
import type { Authenticate } from './caller';
import { HttpError, apiKeyAuthenticator } from './caller';
import { DEV_SIGN_IN_SCHEME, devSignInAuthenticator } from './dev-sign-in';
import { bearerToken, looksLikeJwt, ssoAuthenticator, type EntraEndpoints } from './sso-authenticator';
import type { School } from '../domain/school';

export interface TabAuthenticatorOptions {
  sso: { clientId?: string; host?: string };
  allowedTenants: string[];
  apiKey?: string;
  devSignIn: boolean;
  entra?: Partial<EntraEndpoints>;
  schools: () => Promise<School[]>;
}

export function tabAuthenticator(options: TabAuthenticatorOptions): Authenticate {
  const sso = options.sso.clientId
    ? ssoAuthenticator({ clientId: options.sso.clientId, host: options.sso.host, allowedTenants: options.allowedTenants, entra: options.entra })
    : undefined;
  const dev = devSignInAuthenticator({ enabled: options.devSignIn, schools: options.schools });
  const apiKey = apiKeyAuthenticator(options.apiKey);
  return async (req) => {
    if ((req.headers.authorization ?? '').startsWith(`${DEV_SIGN_IN_SCHEME} `)) return dev(req);
    const token = bearerToken(req);
    if (token && looksLikeJwt(token)) {
      if (!sso) throw new HttpError(401, 'Teams sign-in is not set up on this server (AAD_APP_CLIENT_ID is not set).');
      return sso(req);
    }
    return apiKey(req);
  };
}
