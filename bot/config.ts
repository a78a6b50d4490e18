/**
 * The server's settings, read once from the environment and checked before anything starts:
 * every bad or missing value is named, together, in one error.
 */

import { fromLocal, isValidDate, isValidTime } from './domain/clock';

export interface Config {
  port: number;
  /** Where the HTTP server listens. Without bot credentials only loopback is allowed. */
  host: string;
  production: boolean;
  bot: {
    appId?: string;
    appPassword?: string;
    appTenantId?: string;
    appType: 'MultiTenant' | 'SingleTenant' | 'UserAssignedMSI';
  };
  storage:
    | { kind: 'connection-string'; connectionString: string }
    | { kind: 'managed-identity'; endpoint: string; clientId?: string }
    | { kind: 'embedded'; dataDir: string };
  /** Seed the demo school into an empty store. */
  seedDemo: boolean;
  /** Bearer key for service callers (a scheduled MIS export, an automation) on the import and daily routes. */
  apiKey?: string;
  /** Entra tenants whose users and bots are accepted. Empty: any (development only). */
  allowedTenants: string[];
  /** The tab's Entra app (SSO): client id, and the public host the tab is served from. */
  sso: { clientId?: string; host?: string };
  graphBaseUrl: string;
  /** Local development sign-in for the tab: loopback only, refused in production. */
  devSignIn: boolean;
  appInsightsConnectionString?: string;
  tabDir: string;
  /** The Teams app's id (the manifest's id): pupil cards' "Open case" deep-links into the tab with it. */
  teamsAppId?: string;
  /** The Entra group whose members are the trust's administrators: they create schools and adjust any school's settings. */
  trustAdminGroup?: string;
  /** Rehearsing a day (development only): the server's clock starts at this instant and runs on from it. */
  rehearsalStart?: Date;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Firstday cannot start; fix these settings:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

/** Every setting the server reads, with what it is for: the README's table and the deployment check use this list. */
export const SETTINGS: { name: string; production: 'required' | 'optional' | 'forbidden' | 'one-of-storage'; description: string }[] = [
  { name: 'PORT', production: 'optional', description: 'HTTP port (default 3978).' },
  { name: 'HOST', production: 'optional', description: 'Listen address (default 127.0.0.1 without bot credentials, 0.0.0.0 with them).' },
  { name: 'NODE_ENV', production: 'required', description: '"production" turns on production mode: every check below is enforced.' },
  { name: 'MicrosoftAppId', production: 'required', description: "The bot's Entra app (client) id. Unset: anonymous local mode, loopback only." },
  { name: 'MicrosoftAppPassword', production: 'optional', description: "The bot's client secret (not needed with MicrosoftAppType=UserAssignedMSI)." },
  { name: 'MicrosoftAppTenantId', production: 'required', description: 'The tenant of the bot app (SingleTenant / UserAssignedMSI).' },
  { name: 'MicrosoftAppType', production: 'optional', description: 'MultiTenant, SingleTenant (default) or UserAssignedMSI.' },
  { name: 'TABLES_CONNECTION_STRING', production: 'one-of-storage', description: 'Azure Table Storage connection string. Unset (and no TABLES_ENDPOINT): embedded Azurite under .data/.' },
  { name: 'TABLES_ENDPOINT', production: 'one-of-storage', description: 'Table Storage endpoint reached by managed identity (no keys), e.g. https://<account>.table.core.windows.net.' },
  { name: 'AZURE_CLIENT_ID', production: 'optional', description: 'Client id of the user-assigned managed identity used for storage.' },
  { name: 'FIRSTDAY_DATA_DIR', production: 'forbidden', description: 'Folder for embedded storage (default .data).' },
  { name: 'SEED_DEMO', production: 'forbidden', description: '"false" stops the demo school being seeded into empty embedded storage.' },
  { name: 'FIRSTDAY_API_KEY', production: 'optional', description: 'Bearer key for service callers of /api/schools/:urn/imports and the daily run (at least 32 characters).' },
  { name: 'ALLOWED_TENANTS', production: 'required', description: 'Comma-separated Entra tenant ids whose users and bot traffic are accepted.' },
  { name: 'AAD_APP_CLIENT_ID', production: 'required', description: "The tab's SSO app (client) id: token audience." },
  { name: 'PUBLIC_HOST', production: 'required', description: 'The public host name the tab and bot are served on (SSO audience api://<host>/<client id>).' },
  { name: 'GRAPH_BASE_URL', production: 'optional', description: 'Microsoft Graph base URL (default https://graph.microsoft.com).' },
  { name: 'DEV_SIGN_IN', production: 'forbidden', description: '"true" allows the tab\'s local development sign-in (loopback only).' },
  { name: 'APPLICATIONINSIGHTS_CONNECTION_STRING', production: 'required', description: 'Application Insights connection string for telemetry.' },
  { name: 'TEAMS_APP_ID', production: 'optional', description: 'The Teams app id (the manifest\'s id): pupil cards\' "Open case" opens the case tab in Teams. Unset: it opens this server\'s tab page.' },
  { name: 'TAB_DIR', production: 'optional', description: "Folder of the built tab (default dist/tab)." },
  { name: 'TRUST_ADMIN_GROUP', production: 'optional', description: "Object id of the Entra group whose members are the trust's administrators: they create schools (POST /api/schools) and adjust any school's settings." },
  { name: 'REHEARSAL_START', production: 'forbidden', description: 'Rehearsing a day: the server\'s clock starts at this local date and time in England (e.g. "2026-11-23 09:25") and runs on from it, so the jobs, cards and tab all agree on the day.' },
];

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function loadConfig(env: Env = process.env): Config {
  const problems: string[] = [];
  const production = env.NODE_ENV === 'production';
  const str = (name: string): string | undefined => {
    const v = env[name]?.trim();
    return v ? v : undefined;
  };

  let port = 3978;
  if (str('PORT') !== undefined) {
    port = Number(str('PORT'));
    if (!Number.isInteger(port) || port < 0 || port > 65535) problems.push(`PORT must be a whole number from 0 to 65535 (got "${env.PORT}").`);
  }

  const appId = str('MicrosoftAppId');
  const host = str('HOST') ?? (appId ? '0.0.0.0' : '127.0.0.1');
  if (!appId && !LOOPBACK.has(host)) {
    problems.push(`HOST is "${host}" but MicrosoftAppId is not set: without bot credentials the server accepts unauthenticated requests, so it may listen on loopback only (127.0.0.1).`);
  }
  const appType = (str('MicrosoftAppType') ?? 'SingleTenant') as Config['bot']['appType'];
  if (!['MultiTenant', 'SingleTenant', 'UserAssignedMSI'].includes(appType)) {
    problems.push(`MicrosoftAppType must be MultiTenant, SingleTenant or UserAssignedMSI (got "${appType}").`);
  }
  if (appId && appType !== 'UserAssignedMSI' && !str('MicrosoftAppPassword')) {
    problems.push('MicrosoftAppPassword is required when MicrosoftAppId is set (unless MicrosoftAppType=UserAssignedMSI).');
  }
  if (appId && appType !== 'MultiTenant' && !str('MicrosoftAppTenantId')) {
    problems.push(`MicrosoftAppTenantId is required when MicrosoftAppType is ${appType}.`);
  }

  let storage: Config['storage'];
  const connectionString = str('TABLES_CONNECTION_STRING');
  const endpoint = str('TABLES_ENDPOINT');
  if (connectionString) {
    if (!/TableEndpoint=|AccountName=|UseDevelopmentStorage=true/i.test(connectionString)) {
      problems.push('TABLES_CONNECTION_STRING does not look like a storage connection string (no AccountName or TableEndpoint).');
    }
    storage = { kind: 'connection-string', connectionString };
  } else if (endpoint) {
    if (!/^https?:\/\//.test(endpoint)) problems.push(`TABLES_ENDPOINT must be a URL (got "${endpoint}").`);
    storage = { kind: 'managed-identity', endpoint, clientId: str('AZURE_CLIENT_ID') };
  } else {
    storage = { kind: 'embedded', dataDir: str('FIRSTDAY_DATA_DIR') ?? '.data' };
  }

  const apiKey = str('FIRSTDAY_API_KEY');
  if (apiKey && apiKey.length < 32) problems.push('FIRSTDAY_API_KEY must be at least 32 characters.');

  const allowedTenants = (str('ALLOWED_TENANTS') ?? '').split(',').map((t) => t.trim()).filter(Boolean);
  for (const t of allowedTenants) {
    if (!GUID.test(t)) problems.push(`ALLOWED_TENANTS has "${t}", which is not a tenant id (a GUID).`);
  }

  const devSignIn = str('DEV_SIGN_IN') === 'true';
  if (devSignIn && !LOOPBACK.has(host)) problems.push(`DEV_SIGN_IN is on but HOST is "${host}": the development sign-in is allowed on loopback only.`);

  const graphBaseUrl = (str('GRAPH_BASE_URL') ?? 'https://graph.microsoft.com').replace(/\/+$/, '');
  if (!/^https?:\/\//.test(graphBaseUrl)) problems.push(`GRAPH_BASE_URL must be a URL (got "${graphBaseUrl}").`);

  const seedSetting = str('SEED_DEMO');
  if (seedSetting && !['true', 'false'].includes(seedSetting)) problems.push(`SEED_DEMO must be "true" or "false" (got "${seedSetting}").`);

  const trustAdminGroup = str('TRUST_ADMIN_GROUP');
  if (trustAdminGroup && !GUID.test(trustAdminGroup)) problems.push(`TRUST_ADMIN_GROUP must be the object id (a GUID) of an Entra group (got "${trustAdminGroup}").`);

  const rehearsal = str('REHEARSAL_START');
  let rehearsalStart: Date | undefined;
  if (rehearsal) {
    const m = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2})$/.exec(rehearsal);
    if (!m || !isValidDate(m[1]) || !isValidTime(m[2])) problems.push(`REHEARSAL_START must be a local date and time, "YYYY-MM-DD HH:MM" (got "${rehearsal}").`);
    else rehearsalStart = fromLocal(m[1], m[2], 'Europe/London');
  }

  if (production) {
    for (const s of SETTINGS.filter((s) => s.production === 'required')) {
      if (!str(s.name)) problems.push(`${s.name} is required in production: ${s.description}`);
    }
    if (storage.kind === 'embedded') problems.push('TABLES_ENDPOINT (or TABLES_CONNECTION_STRING) is required in production: embedded storage is for development only.');
    if (str('FIRSTDAY_DATA_DIR')) problems.push('FIRSTDAY_DATA_DIR must not be set in production: embedded storage is for development only.');
    if (seedSetting === 'true') problems.push('SEED_DEMO must not be "true" in production: the demo school is for development only.');
    if (devSignIn) problems.push('DEV_SIGN_IN is on: the local development sign-in is refused in production.');
    if (rehearsal) problems.push("REHEARSAL_START is set: rehearsing a day moves the server's clock and is refused in production.");
  }

  if (problems.length) throw new ConfigError(problems);

  return {
    port,
    host,
    production,
    bot: { appId, appPassword: str('MicrosoftAppPassword'), appTenantId: str('MicrosoftAppTenantId'), appType },
    storage,
    seedDemo: storage.kind === 'embedded' && seedSetting !== 'false',
    apiKey,
    allowedTenants,
    sso: { clientId: str('AAD_APP_CLIENT_ID'), host: str('PUBLIC_HOST') },
    graphBaseUrl,
    devSignIn,
    appInsightsConnectionString: str('APPLICATIONINSIGHTS_CONNECTION_STRING'),
    tabDir: str('TAB_DIR') ?? 'dist/tab',
    teamsAppId: str('TEAMS_APP_ID'),
    ...(trustAdminGroup ? { trustAdminGroup } : {}),
    ...(rehearsalStart ? { rehearsalStart } : {}),
  };
}
