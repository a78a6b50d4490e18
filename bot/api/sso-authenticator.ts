/**
 * Teams SSO for the tab: the token `authentication.getAuthToken()` returns, sent as a bearer token, checked
 * on every request. Signature against Entra's published keys (JWKS, RS256 only), issuer for the token's
 * tenant (v1 `https://sts.windows.net/<tid>/` or v2 `https://login.microsoftonline.com/<tid>/v2.0`),
 * audience (`api://<host>/<client id>` or the client id), expiry and not-before, the `access_as_user`
 * scope, and the tenant allow-list. The Entra base URLs are settings so tests can serve their own keys.
 */
import type { Request } from 'express';
import { createRemoteJWKSet, errors as joseErrors, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import { HttpError, type Authenticate, type Caller } from './caller';

export interface EntraEndpoints {
  /** Issues v2 tokens and publishes the keys: https://login.microsoftonline.com */
  loginBaseUrl: string;
  /** Issues v1 tokens: https://sts.windows.net */
  stsBaseUrl: string;
}

export const ENTRA_ENDPOINTS: EntraEndpoints = { loginBaseUrl: 'https://login.microsoftonline.com', stsBaseUrl: 'https://sts.windows.net' };

export const SSO_SCOPE = 'access_as_user';

export interface SsoAuthenticatorOptions {
  /** The tab's Entra app (client) id. */
  clientId: string;
  /** The public host the tab is served from; with it, `api://<host>/<client id>` is an accepted audience. */
  host?: string;
  /** Tenants whose users are accepted; empty accepts any (development only: production requires the list). */
  allowedTenants: string[];
  entra?: Partial<EntraEndpoints>;
  /** Seconds of clock difference tolerated on exp/nbf. */
  clockToleranceSeconds?: number;
}

/** A refused token, with the reason (for the audit log; the response says only what the caller can fix). */
export class SsoTokenError extends HttpError {
  constructor(readonly reason: string, message = `Sign-in refused: ${reason}`) {
    super(401, message);
    this.name = 'SsoTokenError';
  }
}

export function ssoAuthenticator(options: SsoAuthenticatorOptions): Authenticate {
  const entra = { ...ENTRA_ENDPOINTS, ...options.entra };
  const login = entra.loginBaseUrl.replace(/\/+$/, '');
  const sts = entra.stsBaseUrl.replace(/\/+$/, '');
  // jose caches the keys and refetches (rate-limited) when a token names a key it has not seen: key rollover.
  const keys: JWTVerifyGetKey = createRemoteJWKSet(new URL(`${login}/common/discovery/v2.0/keys`), { timeoutDuration: 5000 });
  const audience = [options.clientId, ...(options.host ? [`api://${options.host}/${options.clientId}`] : [])];
  const allowed = new Set(options.allowedTenants.map((t) => t.toLowerCase()));

  return async (req: Request): Promise<Caller> => {
    const token = bearerToken(req);
    if (!token) throw new SsoTokenError('no bearer token', 'Sign in required: send the Teams SSO token as a bearer token.');
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, keys, { algorithms: ['RS256'], audience, clockTolerance: options.clockToleranceSeconds ?? 60, requiredClaims: ['exp', 'iss', 'aud'] }));
    } catch (err) {
      throw refusal(err);
    }
    const tid = typeof payload.tid === 'string' ? payload.tid.toLowerCase() : '';
    if (!tid) throw new SsoTokenError('the token names no tenant');
    if (allowed.size && !allowed.has(tid)) throw new SsoTokenError(`tenant ${tid} is not allowed`, 'Sign-in refused: your organisation is not set up for Firstday.');
    const issuers = [`${login}/${tid}/v2.0`, `${sts}/${tid}/`];
    if (!issuers.includes(String(payload.iss))) throw new SsoTokenError(`issuer ${String(payload.iss)} is not Entra for tenant ${tid}`);
    const scopes = typeof payload.scp === 'string' ? payload.scp.split(' ') : [];
    if (!scopes.includes(SSO_SCOPE)) throw new SsoTokenError(`the token lacks the ${SSO_SCOPE} scope`);
    const oid = typeof payload.oid === 'string' ? payload.oid : '';
    if (!oid) throw new SsoTokenError('the token names no user (oid)');
    const upn = [payload.preferred_username, payload.upn, payload.unique_name].find((v): v is string => typeof v === 'string');
    return { id: oid, name: typeof payload.name === 'string' ? payload.name : (upn ?? oid), upn, tenantId: tid, via: 'sso' };
  };
}

export function bearerToken(req: Request): string | undefined {
  const header = req.headers.authorization ?? '';
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  return match?.[1];
}

/** A bearer token shaped like a JWT (three base64url parts) rather than the service's API key. */
export function looksLikeJwt(token: string): boolean {
  return /^[\w-]+\.[\w-]*\.[\w-]*$/.test(token);
}

function refusal(err: unknown): HttpError {
  if (err instanceof joseErrors.JWTExpired) return new SsoTokenError('the token has expired', 'Sign-in refused: the token has expired; sign in again.');
  if (err instanceof joseErrors.JWTClaimValidationFailed) return new SsoTokenError(`claim "${err.claim}" ${err.reason === 'check_failed' ? 'does not match' : err.reason}`);
  if (err instanceof joseErrors.JWSSignatureVerificationFailed) return new SsoTokenError('the signature does not verify');
  if (err instanceof joseErrors.JOSEAlgNotAllowed) return new SsoTokenError('the token is not signed with RS256');
  if (err instanceof joseErrors.JWKSNoMatchingKey) return new SsoTokenError('no Entra key matches the token');
  if (err instanceof joseErrors.JOSEError && !(err instanceof joseErrors.JWKSTimeout) && err.code !== 'ERR_JWKS_INVALID') {
    return new SsoTokenError(`the token is not valid (${err.code})`);
  }
  // Anything else is the key endpoint failing (unreachable, timed out, not a key set): not the caller's fault.
  return new HttpError(503, "Sign-in could not be checked: Entra's keys could not be fetched. Try again shortly.");
}
