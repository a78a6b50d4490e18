/** A list that waits for its register: the scheduler looks again every few minutes, once per look, in one step row. */
import { JsonLogger } from '../../bot/platform/logger';
import type { School } from '../../bot/domain/school';
import { JobScheduler, type JobContext } from '../../bot/jobs/scheduler';
import { JobStepsRepository } from '../../bot/store/job-steps-repository';
import { createRepositories } from '../../bot/store/repositories';
import { TableStore } from '../../bot/store/table-store';
import { startTestStorage, type TestStorage } from '../support/azurite';

let storage: TestStorage;

beforeAll(async () => {
  storage = await startTestStorage();
});
afterAll(() => storage.azurite.stop());

/** Local time on Tuesday 9 September 2025 (BST, UTC+1). */
const local = (hhmm: string) => {
  const [h, m] = hhmm.split(':').map(Number);
  return new Date(Date.UTC(2025, 8, 9, h - 1, m));
};

test('a list that answers "not yet" is looked at again five minutes later, by one of two servers, until it is done', async () => {
  const school: School = {
    urn: '300001',
    name: 'Castle Hill Academy',
    timeZone: 'Europe/London',
    registerCloseTime: '09:10',
    afternoonRegisterCloseTime: '13:40',
    notifyByTime: '08:30',
    staff: [],
    roleGroups: {},
    bands: [],
    terms: [{ name: 'Autumn', start: '2025-09-03', end: '2025-12-19' }],
    closures: [],
    reviewBeforePosting: false,
    concernAcknowledgeMinutes: 10,
  };
  await storage.repos.schools.insert(school);
  const clock = { now: local('09:15') };
  const looks: { at: string; holder: string; attempt: number }[] = [];
  let registerIn = false;
  const instance = (holder: string) =>
    new JobScheduler({
      repos: createRepositories(new TableStore({ connectionString: storage.connectionString })),
      logger: new JsonLogger({ write: () => undefined }),
      holder,
      now: () => clock.now,
      jobs: {
        'morning-list': async (ctx: JobContext) => {
          looks.push({ at: ctx.now.toISOString(), holder, attempt: ctx.attempt });
          return registerIn ? undefined : 'not-yet';
        },
      },
    });
  const servers = [instance('server-a'), instance('server-b')];
  const tickBoth = async (hhmm: string) => {
    clock.now = local(hhmm);
    await Promise.all(servers.map((s) => s.tick()));
  };

  await tickBoth('09:15');
  await tickBoth('09:16');
  await tickBoth('09:19');
  expect(looks.map((l) => l.at)).toEqual([local('09:15').toISOString()]);

  const steps = new JobStepsRepository({ store: storage.store });
  expect((await steps.get(school.urn, '2025-09-09', 'morning-list'))?.value).toMatchObject({ slot: '09:15', status: 'waiting', recheckAt: local('09:20').toISOString() });

  await tickBoth('09:20');
  registerIn = true;
  await tickBoth('09:24');
  await tickBoth('09:25');
  await tickBoth('09:30');
  await tickBoth('11:00');
  expect(looks.map((l) => l.at)).toEqual([local('09:15'), local('09:20'), local('09:25')].map((d) => d.toISOString()));
  // Waiting is not failing: every look is a first attempt, so a long wait is never given up.
  expect(looks.every((l) => l.attempt === 1)).toBe(true);
  expect((await steps.forDay(school.urn, '2025-09-09')).filter((s) => s.job === 'morning-list')).toEqual([
    expect.objectContaining({ slot: '09:15', status: 'done', attempts: 1 }),
  ]);
});
