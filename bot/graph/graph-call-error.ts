/**
 * The one error every Microsoft Graph call in Firstday throws. Callers decide on `reason`, never on
 * library internals: 'unreachable' and 'throttled' and 'server-error' mean "try your fallback" (the
 * bot's own route, school.staff); 'not-found' and 'forbidden' and 'rejected' mean the request itself
 * or the tenant's setup is wrong and retrying will not help; 'not-configured' means Graph is off here.
 */
export type GraphFailureReason =
  /** No answer: connection refused, DNS, timeout, or no token could be had. */
  | 'unreachable'
  /** Still 429 after the retries the RetryHandler allows (or a Retry-After too long to wait for). */
  | 'throttled'
  /** 5xx after the retries. */
  | 'server-error'
  /** 404: no such user (or group) in the tenant. */
  | 'not-found'
  /** 401/403: the app lacks a permission or consent, or the token was refused. */
  | 'forbidden'
  /** Any other 4xx: the request is wrong. */
  | 'rejected'
  /** Graph is switched off here (no app credentials, e.g. local development): use the fallback, quietly. */
  | 'not-configured';

export class GraphCallError extends Error {
  constructor(
    /** What Firstday was doing, e.g. "resolve staff", "read group memberships". */
    readonly operation: string,
    readonly reason: GraphFailureReason,
    /** HTTP status when Graph answered; undefined when it did not. */
    readonly status: number | undefined,
    /** Graph's error code (e.g. "Request_ResourceNotFound") or the network error's name. */
    readonly code: string | undefined,
    detail: string,
  ) {
    super(`Microsoft Graph: ${operation} failed (${reason}${status !== undefined ? `, HTTP ${status}` : ''}): ${detail}`);
    this.name = 'GraphCallError';
  }

  /** Worth falling back to another route: Graph is down, busy or unreachable, not refusing the request. */
  get transient(): boolean {
    return this.reason === 'unreachable' || this.reason === 'throttled' || this.reason === 'server-error';
  }
}

export function reasonForStatus(status: number | undefined): GraphFailureReason {
  if (status === undefined || status < 0) return 'unreachable';
  if (status === 429) return 'throttled';
  if (status >= 500) return 'server-error';
  if (status === 404) return 'not-found';
  if (status === 401 || status === 403) return 'forbidden';
  return 'rejected';
}
