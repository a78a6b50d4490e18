/**
 * The safeguarding suites' school: the calling school with a deputy DSL. (Their servers, stand-ins and clock:
 * setUpServerSuite in test/support/server-suite.ts; `startServer` remains for a suite that starts its own.)
 */
import type { StaffMember } from '../../bot/domain/school';
import { serverSettings } from '../support/bot-server';
import type { CallingSchool, TeamsPerson } from '../support/calling-school';
import { startFirstday, type SuiteServer, type TestClock } from '../support/server-suite';

export { TestClock } from '../support/server-suite';
export type SafeguardingServer = SuiteServer;

/** A server in this process against the Graph stand-in, on a clock the test moves by hand. */
export function startServer(options: { connectionString: string; graphBaseUrl: string; clock: TestClock }): Promise<SafeguardingServer> {
  return startFirstday(serverSettings(options), { now: options.clock.now, graphToken: true });
}

/** A deputy DSL with no Entra id on the staff list (found through Graph by UPN), and a head of year. */
export function withSafeguardingStaff(s: CallingSchool): CallingSchool & { deputy: TeamsPerson; deputyId: string } {
  const domain = `school${s.school.urn}.example`;
  const deputy: TeamsPerson = { mri: '29:deputy', aadObjectId: '00000000-0000-4000-8000-0000000de901', name: 'Rosa Mensah', upn: `deputy${s.school.urn}@${domain}` };
  const staff: StaffMember = { upn: deputy.upn, displayName: deputy.name, title: 'Ms Mensah', roles: ['deputy-dsl'] };
  s.school.staff.push(staff);
  return { ...s, deputy, deputyId: deputy.aadObjectId };
}
