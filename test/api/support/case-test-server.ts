/**
 * The real Firstday server for the casework API tests: its own Azurite, the small test school, Teams SSO
 * checked against the Entra stand-in, and optionally the development sign-in (the shared set-up in
 * test/support/server-suite.ts, with the casework school's app and clock).
 */
import type { Repositories } from '../../../bot/store/repositories';
import type { EntraStandIn } from '../../support/entra-stand-in';
import { startServerSuite, type EntraApp } from '../../support/server-suite';
import { NOW, seedCaseSchool, STAFF, TENANT } from './case-school';

export const CLIENT_ID = '9a8b7c6d-1111-4222-8333-444455556666';
export const PUBLIC_HOST = 'firstday.test.example';
/** The app registration the test school's Teams SSO tokens are for. */
export const CASE_APP: EntraApp = { tenantId: TENANT, clientId: CLIENT_ID, host: PUBLIC_HOST };

export interface CaseTestServer {
  baseUrl: string;
  repos: Repositories;
  entra: EntraStandIn;
  /** A valid SSO token for a member of the test school's staff. */
  tokenFor(who: keyof typeof STAFF, claims?: Record<string, unknown>): Promise<string>;
  /** fetch against the server as a member of staff (SSO bearer token). */
  as(who: keyof typeof STAFF): (path: string, init?: RequestInit & { json?: unknown }) => Promise<Response>;
  stop(): Promise<void>;
}

export async function startCaseTestServer(options: { devSignIn?: boolean; apiKey?: string; tabDir?: string; seed?: (repos: Repositories) => Promise<void>; now?: () => Date } = {}): Promise<CaseTestServer> {
  const suite = await startServerSuite({
    entra: CASE_APP,
    seed: options.seed ?? seedCaseSchool,
    // The school's clock starts at NOW and runs on in real time, so audit events keep their order.
    clock: options.now ?? NOW,
    apiKey: options.apiKey ?? null,
    settings: { ...(options.devSignIn ? { DEV_SIGN_IN: 'true' } : {}), ...(options.tabDir ? { TAB_DIR: options.tabDir } : {}) },
  });
  const { server, entra } = suite;
  const tokenFor = (who: keyof typeof STAFF, claims: Record<string, unknown> = {}) =>
    entra.token({ oid: STAFF[who].aadObjectId, preferred_username: STAFF[who].upn, name: STAFF[who].displayName, ...claims });
  return {
    baseUrl: server.url,
    repos: suite.repos,
    entra,
    tokenFor,
    as: (who) => async (path, init = {}) => {
      const { json, ...rest } = init;
      const headers = new Headers(rest.headers);
      headers.set('authorization', `Bearer ${await tokenFor(who)}`);
      if (json !== undefined) headers.set('content-type', 'application/json');
      return fetch(`${server.url}${path}`, { ...rest, headers, body: json !== undefined ? JSON.stringify(json) : rest.body });
    },
    stop: () => suite.stop(),
  };
}
