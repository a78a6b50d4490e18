/**
 * One set-up for every suite that runs Firstday against stand-ins: its own Azurite, the stand-ins it asks for
 * (the Bot Connector, Microsoft Graph, Entra's token signing; production's outside services), the schools it
 * seeds, and Firstday servers in this process on the clock it chooses. Everything is stopped afterwards.
 *
 * `setUpServerSuite` does this in the suite's beforeAll and afterAll. The objects it hands back exist at once
 * and are filled in when beforeAll has run, so a suite can take them apart at the top:
 *   const { storage, connector, servers: [bot] } = setUpServerSuite({ connector: true, clock: DURING_CALLS, schools: [s] });
 */
import type { TokenCredential } from '@azure/core-auth';
import type { ChildProcess } from 'node:child_process';
import { loadConfig } from '../../bot/platform/config';
import { JsonLogger } from '../../bot/platform/logger';
import { FirstdayServer } from '../../bot/server';
import type { Repositories } from '../../bot/store/repositories';
import { startTestStorage, type TestStorage } from './azurite';
import { clockFrom, serverSettings, spawnBotServer, TEST_API_KEY, type BotServer } from './bot-server';
import { seedCallingSchool, type CallingSchool } from './calling-school';
import { cardProblems, cardsIn } from './card-validator';
import { ConnectorStandIn, type StandInOptions } from './connector-stand-in';
import { startEntraStandIn, type EntraStandIn } from './entra-stand-in';
import { GraphStandIn } from './graph-stand-in';
import { productionSettings, startProductionStandIns, type ProductionStandIns } from './production-stand-ins';

/** A clock a test moves by hand: the servers' jobs are ticked at the times it sets, never waited for. */
export class TestClock {
  private at: number;
  constructor(start: string) {
    this.at = Date.parse(start);
  }
  readonly now = (): Date => new Date(this.at);
  set(iso: string): void {
    this.at = Date.parse(iso);
  }
  advanceMinutes(minutes: number): void {
    this.at += minutes * 60_000;
  }
}

/** A TestClock; an instant the clock starts at and runs on from in real time; or a clock of the suite's own. */
export type SuiteClock = TestClock | string | Date | (() => Date);

export interface LogLine {
  level: string;
  message: string;
  [field: string]: unknown;
}

/** A Firstday server in this process: its jobs can be ticked, its log read. */
export interface SuiteServer extends BotServer {
  server: FirstdayServer;
  log: LogLine[];
}

/** The app registration Teams SSO tokens are issued for. */
export interface EntraApp {
  tenantId: string;
  clientId: string;
  host: string;
}

export interface ServerSuiteOptions {
  /** The Bot Connector stand-in (with its options, e.g. Teams' limits enforced). */
  connector?: boolean | StandInOptions;
  /** The Microsoft Graph stand-in. */
  graph?: boolean;
  /** Entra's token signing, for Teams SSO to this app: the servers accept its tokens. */
  entra?: EntraApp;
  /** Production's outside services, for servers started as production processes (test/package). */
  production?: { managedIdentity?: { clientId: string } };
  /**
   * Where the servers reach Microsoft Graph: the Graph stand-in (the default when it runs), the connector
   * stand-in's channel-message routes, or nowhere.
   */
  graphAt?: 'graph' | 'connector' | 'none';
  /**
   * The servers hold an app-only token for Graph (by default when Graph is the Graph stand-in), so they ask it
   * for roles and people; without one Graph is off but for reading the channel.
   */
  graphToken?: boolean;
  /** Schools stored before the servers start. */
  schools?: CallingSchool[];
  /** Any other seeding, after the schools. */
  seed?: (repos: Repositories) => Promise<void>;
  /** The servers' clock; real time if not given. */
  clock?: SuiteClock;
  /** How many servers in this process share the storage (1 unless given). */
  servers?: number;
  /** The service key the servers accept (FIRSTDAY_API_KEY); TEST_API_KEY unless given, null for none. */
  apiKey?: string | null;
  /** Any further settings, e.g. { DEV_SIGN_IN: 'true' }. */
  settings?: Record<string, string>;
}

/** A token source the Graph stand-in accepts (it checks only that a bearer token comes). */
export const standInGraphToken: TokenCredential = { getToken: async () => ({ token: 'stand-in-app-token', expiresOnTimestamp: Date.now() + 3_600_000 }) };

function clockOf(clock: SuiteClock | undefined): (() => Date) | undefined {
  if (clock instanceof TestClock) return clock.now;
  if (typeof clock === 'string' || clock instanceof Date) return clockFrom(typeof clock === 'string' ? clock : clock.toISOString());
  return clock;
}

/** Starts a Firstday server in this process with these settings (PORT 0), logging to `log`. */
export async function startFirstday(settings: Record<string, string>, options: { now?: () => Date; graphToken?: boolean; entra?: EntraStandIn } = {}): Promise<SuiteServer> {
  const log: LogLine[] = [];
  const server = new FirstdayServer({
    config: loadConfig({ ...settings, PORT: '0' }),
    logger: new JsonLogger({ write: (line) => log.push(JSON.parse(line)) }),
    now: options.now,
    graphCredential: options.graphToken ? standInGraphToken : undefined,
    entra: options.entra?.endpoints,
  });
  const { port } = await server.start();
  return { url: `http://127.0.0.1:${port}`, server, log, stop: () => server.stop() };
}

/** Stands in for something the suite did not ask for: any use says so. */
function notAskedFor<T extends object>(what: string): T {
  return new Proxy({} as T, {
    get(_, key) {
      throw new Error(`This suite did not ask for ${what} (reading ${String(key)}).`);
    },
  });
}

export class ServerSuite {
  readonly storage = {} as TestStorage;
  readonly connector: ConnectorStandIn;
  readonly graph: GraphStandIn;
  readonly entra: EntraStandIn;
  readonly production: ProductionStandIns;
  /** The servers started with the suite; more can be started with startServer. */
  readonly servers: SuiteServer[];
  /** The settings the servers run with, for a server or command-line run started in another process. */
  readonly settings: Record<string, string> = {};
  private readonly stops: (() => Promise<unknown> | void)[] = [];
  private now: (() => Date) | undefined;

  constructor(private readonly options: ServerSuiteOptions = {}) {
    this.connector = options.connector ? new ConnectorStandIn(options.connector === true ? {} : options.connector) : notAskedFor('the connector stand-in');
    this.graph = options.graph ? new GraphStandIn() : notAskedFor('the Graph stand-in');
    this.entra = options.entra ? ({} as EntraStandIn) : notAskedFor('the Entra stand-in');
    this.production = options.production ? ({} as ProductionStandIns) : notAskedFor("production's stand-ins");
    this.servers = Array.from({ length: options.servers ?? 1 }, () => ({}) as SuiteServer);
  }

  get repos(): Repositories {
    return this.storage.repos;
  }

  /** The first server. */
  get server(): SuiteServer {
    return this.servers[0];
  }

  async start(): Promise<this> {
    const o = this.options;
    // Storage by identity (production) is the only storage then: there is no connection string to hand out.
    if (!o.production?.managedIdentity) {
      Object.assign(this.storage, await startTestStorage());
      this.stops.push(() => this.storage.azurite.stop());
    }
    if (o.connector) {
      await this.connector.start();
      this.stops.push(() => this.connector.stop());
    }
    if (o.graph) {
      await this.graph.start();
      this.stops.push(() => this.graph.stop());
    }
    if (o.entra) {
      Object.assign(this.entra, await startEntraStandIn(o.entra));
      this.stops.push(() => this.entra.stop());
    }
    if (o.production) {
      Object.assign(this.production, await startProductionStandIns(o.production));
      this.stops.push(() => this.production.stop());
    }
    if (this.storage.connectionString) {
      const graphBaseUrl = this.graphAt === 'graph' ? this.graph.baseUrl : this.graphAt === 'connector' ? this.connector.url : undefined;
      Object.assign(
        this.settings,
        serverSettings({ connectionString: this.storage.connectionString, graphBaseUrl, apiKey: o.apiKey === undefined ? TEST_API_KEY : o.apiKey }),
        o.entra ? { AAD_APP_CLIENT_ID: o.entra.clientId, PUBLIC_HOST: o.entra.host, ALLOWED_TENANTS: o.entra.tenantId } : {},
        o.settings,
      );
      for (const school of o.schools ?? []) await seedCallingSchool(this.repos, school);
      await o.seed?.(this.repos);
    }
    this.now = clockOf(o.clock);
    for (const placeholder of this.servers) Object.assign(placeholder, await this.startOne(this.now));
    return this;
  }

  /** Another server on the suite's storage, on the suite's clock or one of its own; stopped with the suite. */
  async startServer(options: { clock?: SuiteClock } = {}): Promise<SuiteServer> {
    const server = await this.startOne(options.clock === undefined ? this.now : clockOf(options.clock));
    this.servers.push(server);
    return server;
  }

  /** A server in a child process on the suite's storage, its clock starting at the suite's instant. */
  async spawnServer(): Promise<BotServer & { child: ChildProcess }> {
    const { clock } = this.options;
    if (typeof clock !== 'string') throw new Error('A server in another process needs the instant its clock starts at (clock: an ISO string).');
    const server = await spawnBotServer({ connectionString: this.storage.connectionString, graphBaseUrl: this.settings.GRAPH_BASE_URL, startAt: clock });
    this.stops.push(() => server.stop());
    return server;
  }

  /** Production's settings (NODE_ENV production, the app's identity, telemetry, storage), with any changes. */
  productionSettings(changes: Record<string, string> = {}): Record<string, string> {
    return productionSettings(this.production, this.storage.connectionString, changes);
  }

  /** What is wrong with any card the connector stand-in accepted: each suite expects nothing. */
  cardProblems(): string[] {
    return this.connector.ok().flatMap((r) => cardsIn(r.body).flatMap((card) => cardProblems(card)));
  }

  /** Stops the servers, then the stand-ins, then storage; safe to call after a start that failed part way. */
  async stop(): Promise<void> {
    for (const server of this.servers) await server.stop?.();
    while (this.stops.length > 0) await this.stops.pop()!();
  }

  private get graphAt(): 'graph' | 'connector' | 'none' {
    return this.options.graphAt ?? (this.options.graph ? 'graph' : 'none');
  }

  private async startOne(now: (() => Date) | undefined): Promise<SuiteServer> {
    const { graphToken = this.graphAt === 'graph' } = this.options;
    return startFirstday(this.settings, { now, graphToken, entra: this.options.entra ? this.entra : undefined });
  }
}

/** Sets a suite up in beforeAll and stops it in afterAll; the objects handed back are filled in by then. */
export function setUpServerSuite(options: ServerSuiteOptions = {}): ServerSuite {
  const suite = new ServerSuite(options);
  beforeAll(() => suite.start());
  afterAll(() => suite.stop());
  return suite;
}

/** The same, started at once, for a suite that sets up more than one (or one within a test). */
export function startServerSuite(options: ServerSuiteOptions = {}): Promise<ServerSuite> {
  return new ServerSuite(options).start();
}
