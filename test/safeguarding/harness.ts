/**
 * A Firstday server for the safeguarding suites: in this process, against the suite's Azurite, the connector
 * stand-in and the Graph stand-in, on a clock the test moves by hand (jobs are ticked, never waited for).
 */
import { loadConfig } from '../../bot/config';
import { JsonLogger } from '../../bot/logger';
import { FirstdayServer } from '../../bot/server';
import type { StaffMember } from '../../bot/domain/school';
import { TEST_API_KEY } from '../support/bot-server';
import type { CallingSchool, TeamsPerson } from '../support/calling-school';
import { testCredential } from '../graph/graph-test-kit';

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

export interface SafeguardingServer {
  url: string;
  server: FirstdayServer;
  log: { level: string; message: string; [k: string]: unknown }[];
  stop(): Promise<void>;
}

export async function startServer(options: { connectionString: string; graphBaseUrl: string; clock: TestClock }): Promise<SafeguardingServer> {
  const log: SafeguardingServer['log'] = [];
  const server = new FirstdayServer({
    config: loadConfig({ PORT: '0', TABLES_CONNECTION_STRING: options.connectionString, SEED_DEMO: 'false', FIRSTDAY_API_KEY: TEST_API_KEY, GRAPH_BASE_URL: options.graphBaseUrl }),
    logger: new JsonLogger({ write: (line) => log.push(JSON.parse(line)) }),
    now: options.clock.now,
    graphCredential: testCredential(),
  });
  const { port } = await server.start();
  return { url: `http://127.0.0.1:${port}`, server, log, stop: () => server.stop() };
}

/** A deputy DSL with no Entra id on the staff list (found through Graph by UPN), and a head of year. */
export function withSafeguardingStaff(s: CallingSchool): CallingSchool & { deputy: TeamsPerson; deputyId: string } {
  const domain = `school${s.school.urn}.example`;
  const deputy: TeamsPerson = { mri: '29:deputy', aadObjectId: '00000000-0000-4000-8000-0000000de901', name: 'Rosa Mensah', upn: `deputy${s.school.urn}@${domain}` };
  const staff: StaffMember = { upn: deputy.upn, displayName: deputy.name, title: 'Ms Mensah', roles: ['deputy-dsl'] };
  s.school.staff.push(staff);
  return { ...s, deputy, deputyId: deputy.aadObjectId };
}

/** Polls until the check gives a value (for stand-ins that do not signal, like Graph's). */
export async function eventually<T>(check: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 15_000, what = 'the expected state'): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > until) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
