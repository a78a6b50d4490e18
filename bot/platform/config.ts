/**
 * The server's settings, read once from the environment and checked by a schema (zod) before anything
 * starts: every bad or missing value is named, together, in one error, each by its setting.
 */

import { z } from 'zod';
import { fromLocal, isValidDate, isValidTime } from '../domain/clock';
import { parseInput } from '../domain/input-problems';

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
const APP_TYPES: readonly string[] = ['MultiTenant', 'SingleTenant', 'UserAssignedMSI'];
const REHEARSAL = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2})$/;

// ---- each setting on its own --------------------------------------------------------------------------
// A setting's schema keeps it as text (checks only refine it), so the rules that join settings still see
// every value when one is bad, and every problem is named at once.

/** A setting as the environment gives it: trimmed, and blank is the same as unset. */
const setting = () => z.preprocess((v) => (typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined), z.string().optional());

/** A setting that, when set, must pass `ok`; `problem` says what it must be, given the value. */
function checked(ok: (value: string) => boolean, problem: (value: string) => string) {
  return setting().refine((v) => v === undefined || ok(v), { error: (iss) => problem(String(iss.input)) });
}

const isUrl = (v: string) => /^https?:\/\//.test(v);
const tenantsIn = (v: string | undefined) => (v ?? '').split(',').map((t) => t.trim()).filter(Boolean);
const rehearsalIn = (v: string) => {
  const m = REHEARSAL.exec(v);
  return m && isValidDate(m[1]) && isValidTime(m[2]) ? { date: m[1], time: m[2] } : undefined;
};

const eachSetting = z.object({
  NODE_ENV: setting(),
  PORT: checked((v) => Number.isInteger(Number(v)) && Number(v) >= 0 && Number(v) <= 65535, (v) => `must be a whole number from 0 to 65535 (got "${v}").`),
  HOST: setting(),
  MicrosoftAppId: setting(),
  MicrosoftAppPassword: setting(),
  MicrosoftAppTenantId: setting(),
  MicrosoftAppType: checked((v) => APP_TYPES.includes(v), (v) => `must be MultiTenant, SingleTenant or UserAssignedMSI (got "${v}").`),
  TABLES_CONNECTION_STRING: checked((v) => /TableEndpoint=|AccountName=|UseDevelopmentStorage=true/i.test(v), () => 'does not look like a storage connection string (no AccountName or TableEndpoint).'),
  TABLES_ENDPOINT: setting(),
  AZURE_CLIENT_ID: setting(),
  FIRSTDAY_DATA_DIR: setting(),
  SEED_DEMO: checked((v) => v === 'true' || v === 'false', (v) => `must be "true" or "false" (got "${v}").`),
  FIRSTDAY_API_KEY: checked((v) => v.length >= 32, () => 'must be at least 32 characters.'),
  ALLOWED_TENANTS: setting().superRefine((v, ctx) => {
    for (const t of tenantsIn(v).filter((t) => !GUID.test(t))) ctx.addIssue({ code: 'custom', message: `has "${t}", which is not a tenant id (a GUID).` });
  }),
  AAD_APP_CLIENT_ID: setting(),
  PUBLIC_HOST: setting(),
  GRAPH_BASE_URL: checked((v) => isUrl(v), (v) => `must be a URL (got "${v.replace(/\/+$/, '')}").`),
  DEV_SIGN_IN: setting(),
  APPLICATIONINSIGHTS_CONNECTION_STRING: setting(),
  TEAMS_APP_ID: setting(),
  TAB_DIR: setting(),
  TRUST_ADMIN_GROUP: checked((v) => GUID.test(v), (v) => `must be the object id (a GUID) of an Entra group (got "${v}").`),
  REHEARSAL_START: checked((v) => rehearsalIn(v) !== undefined, (v) => `must be a local date and time, "YYYY-MM-DD HH:MM" (got "${v}").`),
});

type Settings = z.output<typeof eachSetting>;

// ---- the rules that join settings ---------------------------------------------------------------------

const settingsSchema = eachSetting
  .superRefine((s, ctx) => {
    const problem = (name: keyof Settings, message: string) => ctx.addIssue({ code: 'custom', path: [name], message });
    const host = hostOf(s);
    const appType = s.MicrosoftAppType ?? 'SingleTenant';
    const devSignIn = s.DEV_SIGN_IN === 'true';
    if (!s.MicrosoftAppId && !LOOPBACK.has(host)) {
      problem('HOST', `is "${host}" but MicrosoftAppId is not set: without bot credentials the server accepts unauthenticated requests, so it may listen on loopback only (127.0.0.1).`);
    }
    if (s.MicrosoftAppId && appType !== 'UserAssignedMSI' && !s.MicrosoftAppPassword) problem('MicrosoftAppPassword', 'is required when MicrosoftAppId is set (unless MicrosoftAppType=UserAssignedMSI).');
    if (s.MicrosoftAppId && appType !== 'MultiTenant' && !s.MicrosoftAppTenantId) problem('MicrosoftAppTenantId', `is required when MicrosoftAppType is ${appType}.`);
    // The endpoint is only read when there is no connection string: the connection string wins.
    if (!s.TABLES_CONNECTION_STRING && s.TABLES_ENDPOINT && !isUrl(s.TABLES_ENDPOINT)) problem('TABLES_ENDPOINT', `must be a URL (got "${s.TABLES_ENDPOINT}").`);
    if (devSignIn && !LOOPBACK.has(host)) problem('DEV_SIGN_IN', `is on but HOST is "${host}": the development sign-in is allowed on loopback only.`);

    if (s.NODE_ENV !== 'production') return;
    for (const required of SETTINGS.filter((x) => x.production === 'required')) {
      if (!s[required.name as keyof Settings]) problem(required.name as keyof Settings, `is required in production: ${required.description}`);
    }
    if (!s.TABLES_CONNECTION_STRING && !s.TABLES_ENDPOINT) problem('TABLES_ENDPOINT', '(or TABLES_CONNECTION_STRING) is required in production: embedded storage is for development only.');
    if (s.FIRSTDAY_DATA_DIR) problem('FIRSTDAY_DATA_DIR', 'must not be set in production: embedded storage is for development only.');
    if (s.SEED_DEMO === 'true') problem('SEED_DEMO', 'must not be "true" in production: the demo school is for development only.');
    if (devSignIn) problem('DEV_SIGN_IN', 'is on: the local development sign-in is refused in production.');
    if (s.REHEARSAL_START) problem('REHEARSAL_START', "is set: rehearsing a day moves the server's clock and is refused in production.");
  })
  .transform(configOf);

/** Without bot credentials the server listens on loopback; with them, everywhere, unless HOST says. */
function hostOf(s: { HOST?: string; MicrosoftAppId?: string }): string {
  return s.HOST ?? (s.MicrosoftAppId ? '0.0.0.0' : '127.0.0.1');
}

/** The settings, once every one is good, as the server uses them. */
function configOf(s: Settings): Config {
  const storage: Config['storage'] = s.TABLES_CONNECTION_STRING
    ? { kind: 'connection-string', connectionString: s.TABLES_CONNECTION_STRING }
    : s.TABLES_ENDPOINT
      ? { kind: 'managed-identity', endpoint: s.TABLES_ENDPOINT, clientId: s.AZURE_CLIENT_ID }
      : { kind: 'embedded', dataDir: s.FIRSTDAY_DATA_DIR ?? '.data' };
  const rehearsal = s.REHEARSAL_START ? rehearsalIn(s.REHEARSAL_START) : undefined;
  return {
    port: s.PORT === undefined ? 3978 : Number(s.PORT),
    host: hostOf(s),
    production: s.NODE_ENV === 'production',
    bot: { appId: s.MicrosoftAppId, appPassword: s.MicrosoftAppPassword, appTenantId: s.MicrosoftAppTenantId, appType: (s.MicrosoftAppType ?? 'SingleTenant') as Config['bot']['appType'] },
    storage,
    seedDemo: storage.kind === 'embedded' && s.SEED_DEMO !== 'false',
    apiKey: s.FIRSTDAY_API_KEY,
    allowedTenants: tenantsIn(s.ALLOWED_TENANTS),
    sso: { clientId: s.AAD_APP_CLIENT_ID, host: s.PUBLIC_HOST },
    graphBaseUrl: (s.GRAPH_BASE_URL ?? 'https://graph.microsoft.com').replace(/\/+$/, ''),
    devSignIn: s.DEV_SIGN_IN === 'true',
    appInsightsConnectionString: s.APPLICATIONINSIGHTS_CONNECTION_STRING,
    tabDir: s.TAB_DIR ?? 'dist/tab',
    teamsAppId: s.TEAMS_APP_ID,
    ...(s.TRUST_ADMIN_GROUP ? { trustAdminGroup: s.TRUST_ADMIN_GROUP } : {}),
    ...(rehearsal ? { rehearsalStart: fromLocal(rehearsal.date, rehearsal.time, 'Europe/London') } : {}),
  };
}

/** The settings table's order, so the problems read in the order the README lists the settings. */
const settingOrder = (name: string) => SETTINGS.findIndex((s) => s.name === name);

export function loadConfig(env: Env = process.env): Config {
  const read = parseInput(settingsSchema, env);
  if (read.ok) return read.value;
  const problems = [...read.problems].sort((a, b) => settingOrder(a.field) - settingOrder(b.field));
  throw new ConfigError(problems.map((p) => `${p.field} ${p.message}`));
}
