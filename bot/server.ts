/**
 * One process serves the bot endpoint, the tab's API and the tab's static files. State lives in Table
 * Storage, so any number of these can run side by side.
 */
import http from 'node:http';
import path from 'node:path';
import express from 'express';
import type { Config } from './platform/config';
import type { Logger } from './platform/logger';
import { apiKeyAuthenticator, HttpError, type Authenticate, type Caller } from './api/caller';
import { concernRoutes } from './api/concern-routes';
import { dailyRoutes } from './api/daily-routes';
import { importAuthorizer } from './api/import-access';
import { importRoutes } from './api/import-routes';
import type { EntraEndpoints } from './api/sso-authenticator';
import type { StaffRoleSource } from './api/staff-access';
import { schoolRoutes } from './api/school-routes';
import { tabApi } from './api/tab-api';
import { TrustAdmins } from './api/trust-admins';
import { tabAuthenticator } from './api/tab-authenticator';
import { tabFramePolicy } from './api/tab-frame-ancestors';
import { DEMO_URN } from './demo/demo-school';
import { figureDemoSchool, seedDemoSchoolIfEmpty } from './demo/seed-demo-school';
import { toLocal } from './domain/clock';
import type { StaffMember } from './domain/school';
import { EmbeddedAzurite } from './store/embedded-azurite';
import { createRepositories, type Repositories } from './store/repositories';
import { TableStore } from './store/table-store';
import { TeamsIntegration } from './teams/teams-integration';
import type { TokenCredential } from '@azure/core-auth';
import { createGraphServices } from './graph/graph-services';
import { JobScheduler } from './jobs/scheduler';
import { schoolDayJobs } from './jobs/school-day-jobs';

export interface FirstdayServerOptions {
  config: Config;
  logger: Logger;
  /** The clock everything reads; tests move it. */
  now?: () => Date;
  /** Entra's base URLs for checking the tab's SSO tokens; tests serve their own keys. */
  entra?: Partial<EntraEndpoints>;
  /** Microsoft Graph's credential in place of the one config gives (tests against the Graph stand-in). */
  graphCredential?: TokenCredential;
  /**
   * The school day's jobs: `start` runs them on a timer (npm start does); otherwise they run only when
   * `server.jobs.tick()` is called (tests drive the clock and tick).
   */
  schoolDay?: { start: boolean; tickIntervalMs?: number };
}

/** The caller is checked once per request, however many steps ask (the body reader first, then the route). */
function oncePerRequest(authenticate: Authenticate): Authenticate {
  const seen = new WeakMap<express.Request, Promise<Caller>>();
  return (req) => {
    let caller = seen.get(req);
    if (!caller) {
      caller = authenticate(req);
      seen.set(req, caller);
    }
    return caller;
  };
}

/** A clock that reads `start` now and runs on from it at the real pace. */
export function clockFrom(start: Date): () => Date {
  const offset = start.getTime() - Date.now();
  return () => new Date(Date.now() + offset);
}

export class FirstdayServer {
  private azurite: EmbeddedAzurite | undefined;
  private http: http.Server | undefined;
  private stopping: Promise<void> | undefined;
  private teams: TeamsIntegration | undefined;
  private demoFigures: Promise<void> | undefined;
  repos: Repositories | undefined;
  private baseUrl = '';
  /** The school day's jobs (morning list, reminders, re-alerts, end of day), running once started. */
  jobs: JobScheduler | undefined;

  constructor(private readonly options: FirstdayServerOptions) {}

  async start(): Promise<{ port: number }> {
    const { config, logger } = this.options;
    const rehearsal = config.rehearsalStart;
    const now = this.options.now ?? (rehearsal ? clockFrom(rehearsal) : () => new Date());
    if (rehearsal && !this.options.now) logger.info(`Rehearsing a day: the clock starts at ${rehearsal.toISOString()} (REHEARSAL_START) and runs on from it.`);
    const store = await this.openStorage();
    const repos = createRepositories(store);
    this.repos = repos;

    if (config.seedDemo) {
      const today = toLocal(now(), 'Europe/London').date;
      const seeded = await seedDemoSchoolIfEmpty(repos, { today, now });
      if (seeded.seeded) {
        logger.info(`Seeded the demo school ${seeded.urn} with ${seeded.pupils} pupils; its latest register day is ${seeded.registerDay}.`, {
          urn: seeded.urn,
          pupils: seeded.pupils,
        });
      }
      if (seeded.urn === DEMO_URN && seeded.registerDay) {
        // In the background: opening a case for each of a few hundred pupils in a band takes embedded
        // storage several seconds, and the server need not wait for it to answer.
        const started = Date.now();
        this.demoFigures = figureDemoSchool(repos, { urn: seeded.urn, registerDay: seeded.registerDay, now }).then(
          (figured) => {
            const opened = figured.cases.opened + figured.baselineCases;
            if (!figured.computed && !opened) return;
            const what = figured.computed ? `Computed the demo school's attendance figures to ${seeded.registerDay} and opened` : 'Opened';
            logger.info(`${what} ${opened} Support First cases (${figured.baselineCases} for persistent absence at the start of the year, as the demo's lead; ${figured.cases.opened} for pupils who crossed a band since) in ${Date.now() - started} ms.`, {
              urn: seeded.urn,
              cases: opened,
              ms: Date.now() - started,
            });
          },
          (err) => logger.error("The demo school's figures and cases could not be prepared; the next start tries again", { error: (err as Error).message }),
        );
      }
    }

    const graph = createGraphServices({ config, logger, credential: this.options.graphCredential });
    const teams = new TeamsIntegration({ config, logger, repos, now, graph, baseUrl: () => this.baseUrl });
    this.teams = teams;
    // Roles at a school, for the tab's API and for who may import alike.
    // Roles from Entra groups where the school maps them, with the staff list as the fallback.
    const roles: StaffRoleSource = graph.roles;
    // The tab's SSO token, the development sign-in (loopback, when allowed) or the service API key.
    const authenticate = oncePerRequest(tabAuthenticator({ sso: config.sso, allowedTenants: config.allowedTenants, apiKey: config.apiKey, devSignIn: config.devSignIn, entra: this.options.entra, schools: () => repos.schools.list() }));

    const app = express();
    app.disable('x-powered-by');
    app.use((_req, res, next) => {
      res.setHeader('X-Content-Type-Options', 'nosniff');
      // Browsers keep to HTTPS for a year once they have seen it; App Service serves HTTPS only.
      if (config.production) res.setHeader('Strict-Transport-Security', 'max-age=31536000; includeSubDomains');
      next();
    });
    app.get('/healthz', (_req, res) => {
      res.json({ status: 'ok' });
    });
    app.get('/readyz', async (_req, res) => {
      try {
        await store.ping();
        res.json({ status: 'ready' });
      } catch (err) {
        logger.warn('storage is not reachable', { error: (err as Error).message });
        res.status(503).json({ status: 'storage unreachable' });
      }
    });
    app.post('/api/messages', express.json({ limit: '1mb' }), async (req, res) => {
      await teams.process(req, res);
    });
    // Before the API's body parser: the import checks the caller before it reads a large body.
    // A new staff list: leavers' claims go back to the officer, and newcomers are found in the team's roster.
    const onStaffReplaced = async (urn: string, leavers: StaffMember[]) => {
      if (leavers.length) await teams.services.staffChanges.staffLeft(urn, leavers);
      await teams.services.roster.syncSchool(urn);
    };
    app.use(
      '/api',
      importRoutes({ repos, authenticate, authorize: importAuthorizer({ school: async (urn) => (await repos.schools.get(urn))?.value, roles }), now, importOptions: { onStaffReplaced, logger } }),
    );
    const api = express.Router();
    // Answers carry pupil data: no browser or proxy keeps a copy.
    api.use((_req, res, next) => {
      res.setHeader('Cache-Control', 'no-store');
      next();
    });
    // A body is read only once its sender is known, and the tab's requests are small (imports have their own
    // route and limit). An unknown sender's body is never read: the route refuses them, and audits it.
    const readJson = express.json({ limit: '1mb' });
    api.use((req, res, next) => {
      if (!req.headers['content-length'] && !req.headers['transfer-encoding']) return next();
      authenticate(req).then(
        () => readJson(req, res, next),
        () => next(),
      );
    });
    const trustAdmins = new TrustAdmins({ groupId: config.trustAdminGroup, membership: graph.roles });
    api.use(schoolRoutes({ repos, authenticate, trustAdmins, now }));
    api.use(concernRoutes({ repos, authenticate, roles, notifier: teams.services.dsl, logger, now }));
    api.use(tabApi({ repos, authenticate, logger, devSignIn: config.devSignIn, roles, trustAdmins, now }));
    api.use(dailyRoutes({ authenticate: apiKeyAuthenticator(config.apiKey), runner: teams.services.runner, logger }));
    app.use('/api', api);
    app.use('/tab', tabFramePolicy, express.static(path.resolve(config.tabDir), { index: 'index.html', fallthrough: true }));
    app.use((err: unknown, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
      if (err instanceof HttpError) {
        res.status(err.status).json({ error: err.message });
        return;
      }
      const type = (err as { type?: string }).type;
      if (type === 'entity.parse.failed') {
        res.status(400).json({ error: 'The request body is not valid JSON.' });
        return;
      }
      if (type === 'entity.too.large') {
        res.status(413).json({ error: 'The request is too large.' });
        return;
      }
      logger.error('request failed', { error: (err as Error).message });
      res.status(500).json({ error: 'Something went wrong on our side.' });
    });

    this.http = http.createServer(app);
    await new Promise<void>((resolve, reject) => {
      this.http!.once('error', reject);
      this.http!.listen(config.port, config.host, () => resolve());
    });
    const port = (this.http.address() as { port: number }).port;
    this.baseUrl = `http://${config.host === '0.0.0.0' ? '127.0.0.1' : config.host}:${port}`;
    this.azurite?.announce(this.baseUrl);
    logger.info(`Firstday is listening on http://${config.host}:${port}`, { port, production: config.production });
    // The school day's jobs reach people through Teams: they declare what they need (bot/jobs/ports.ts), Teams implements it.
    const t = teams.services;
    const jobs = schoolDayJobs({
      repos,
      logger,
      now,
      lists: t.runner,
      roster: t.roster,
      staff: t.staffMessages,
      callBacks: t.staffMessages,
      channels: t.channelMessages,
      cards: t.desk,
      noContact: t.escalations,
      dsl: t.dsl,
      people: t.people,
    });
    this.jobs = new JobScheduler({ repos, logger, now, tickIntervalMs: this.options.schoolDay?.tickIntervalMs, jobs });
    if (this.options.schoolDay?.start) this.jobs.start();
    return { port };
  }

  /** Stops accepting requests, lets those in flight finish, then stops embedded storage. Safe to call twice. */
  stop(): Promise<void> {
    this.stopping ??= (async () => {
      await this.jobs?.stop();
      const server = this.http;
      if (server) {
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeIdleConnections();
          setTimeout(() => server.closeAllConnections(), 5000).unref();
        });
      }
      await this.teams?.stop();
      await this.demoFigures;
      await this.azurite?.stop();
    })();
    return this.stopping;
  }

  private async openStorage(): Promise<TableStore> {
    const { storage } = this.options.config;
    if (storage.kind === 'connection-string') return new TableStore({ connectionString: storage.connectionString });
    if (storage.kind === 'managed-identity') {
      const { DefaultAzureCredential, ManagedIdentityCredential } = await import('@azure/identity');
      // Production uses the managed identity and nothing else; DefaultAzureCredential would also try a developer's sign-ins.
      const credential = this.options.config.production
        ? new ManagedIdentityCredential(storage.clientId ? { clientId: storage.clientId } : {})
        : new DefaultAzureCredential({ managedIdentityClientId: storage.clientId });
      return new TableStore({ endpoint: storage.endpoint, credential });
    }
    this.azurite = new EmbeddedAzurite({ location: path.resolve(storage.dataDir, 'azurite') });
    await this.azurite.start();
    this.options.logger.info('Started embedded Azurite table storage', { port: this.azurite.port });
    return new TableStore({ connectionString: this.azurite.connectionString });
  }
}
