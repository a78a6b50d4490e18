/**
 * The real Firstday server for the casework API tests: its own Azurite, the small test school, Teams SSO
 * checked against the Entra stand-in, and optionally the development sign-in.
 */
import { loadConfig } from '../../../bot/config';
import { JsonLogger } from '../../../bot/logger';
import { FirstdayServer } from '../../../bot/server';
import type { Repositories } from '../../../bot/store/repositories';
import { startTestStorage, type TestStorage } from '../../support/azurite';
import { NOW, seedCaseSchool, STAFF, TENANT } from './case-school';
import { startEntraStandIn, type EntraStandIn } from '../../support/entra-stand-in';

export const CLIENT_ID = '9a8b7c6d-1111-4222-8333-444455556666';
export const PUBLIC_HOST = 'firstday.test.example';

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
  const storage: TestStorage = await startTestStorage();
  await (options.seed ?? seedCaseSchool)(storage.repos);
  const entra = await startEntraStandIn({ tenantId: TENANT, clientId: CLIENT_ID, host: PUBLIC_HOST });
  const config = loadConfig({
    PORT: '0',
    TABLES_CONNECTION_STRING: storage.connectionString,
    AAD_APP_CLIENT_ID: CLIENT_ID,
    PUBLIC_HOST,
    ALLOWED_TENANTS: TENANT,
    ...(options.devSignIn ? { DEV_SIGN_IN: 'true' } : {}),
    ...(options.apiKey ? { FIRSTDAY_API_KEY: options.apiKey } : {}),
    ...(options.tabDir ? { TAB_DIR: options.tabDir } : {}),
  });
  // The school's clock starts at NOW and runs on in real time, so audit events keep their order.
  const started = Date.now();
  const clock = options.now ?? (() => new Date(NOW.getTime() + (Date.now() - started)));
  const server = new FirstdayServer({ config, logger: new JsonLogger({ write: () => undefined }), now: clock, entra: entra.endpoints });
  const { port } = await server.start();
  const baseUrl = `http://127.0.0.1:${port}`;
  const tokenFor = (who: keyof typeof STAFF, claims: Record<string, unknown> = {}) =>
    entra.token({ oid: STAFF[who].aadObjectId, preferred_username: STAFF[who].upn, name: STAFF[who].displayName, ...claims });
  return {
    baseUrl,
    repos: storage.repos,
    entra,
    tokenFor,
    as: (who) => async (path, init = {}) => {
      const { json, ...rest } = init;
      const headers = new Headers(rest.headers);
      headers.set('authorization', `Bearer ${await tokenFor(who)}`);
      if (json !== undefined) headers.set('content-type', 'application/json');
      return fetch(`${baseUrl}${path}`, { ...rest, headers, body: json !== undefined ? JSON.stringify(json) : rest.body });
    },
    async stop() {
      await server.stop();
      await entra.stop();
      await storage.azurite.stop();
    },
  };
}
