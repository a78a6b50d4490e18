import { setTimeout as sleep } from 'node:timers/promises';
import { JsonLogger } from '../../bot/platform/logger';
import type { School } from '../../bot/domain/school';
import { dueSteps } from '../../bot/domain/school-day';
import { JobScheduler, SCHOOL_DAY_LEASE, type JobContext, type JobSchedulerOptions } from '../../bot/jobs/scheduler';
import { JobStepsRepository } from '../../bot/store/job-steps-repository';
import { LeasesRepository } from '../../bot/store/leases-repository';
import { createRepositories } from '../../bot/store/repositories';
import { TableStore } from '../../bot/store/table-store';
import { startTestStorage, type TestStorage } from '../support/azurite';

let storage: TestStorage;
let nextUrn = 200000;

beforeAll(async () => {
  storage = await startTestStorage();
});
afterAll(() => storage.azurite.stop());

/** A school of its own per test (the suite shares one Azurite); its day follows British time. */
async function newSchool(overrides: Partial<School> = {}): Promise<School> {
  const school: School = {
    urn: String(++nextUrn),
    name: 'Castle Hill Academy',
    timeZone: 'Europe/London',
    registerCloseTime: '09:10',
    afternoonRegisterCloseTime: '13:40',
    notifyByTime: '08:30',
    staff: [],
    roleGroups: {},
    bands: [],
    terms: [{ name: 'Autumn', start: '2025-09-03', end: '2025-12-19' }],
    closures: ['2025-09-03'],
    reviewBeforePosting: false,
    concernAcknowledgeMinutes: 10,
    ...overrides,
  };
  await storage.repos.schools.insert(school);
  return school;
}

/** Local time on Tuesday 9 September 2025 (BST, UTC+1) as an instant. */
const local = (hhmm: string, seconds = 0) => {
  const [h, m] = hhmm.split(':').map(Number);
  return new Date(Date.UTC(2025, 8, 9, h - 1, m, seconds));
};

interface Run {
  urn: string;
  job: string;
  slot: string;
  attempt: number;
  holder: string;
}

function captureLog() {
  const lines: { level: string; message: string; [k: string]: unknown }[] = [];
  return { logger: new JsonLogger({ write: (l) => lines.push(JSON.parse(l)) }), lines };
}

/**
 * A server instance: its own TableStore (its own connections to the shared Azurite), its own clock,
 * handlers that log what ran for the test's school only (other tests' schools share the storage).
 */
function instance(name: string, urn: string, runs: Run[], clock: { now: Date }, extra: Partial<JobSchedulerOptions> = {}) {
  const repos = createRepositories(new TableStore({ connectionString: storage.connectionString }));
  const record = (job: string) => async (ctx: JobContext) => {
    if (ctx.urn !== urn) return;
    await sleep(5);
    runs.push({ urn: ctx.urn, job, slot: ctx.slot, attempt: ctx.attempt, holder: name });
  };
  const { logger, lines } = captureLog();
  const scheduler = new JobScheduler({
    repos,
    logger,
    holder: name,
    now: () => clock.now,
    ...extra,
    jobs: { 'morning-list': record('morning-list'), reminders: record('reminders'), 'concern-realerts': record('concern-realerts'), 'end-of-day': record('end-of-day'), ...extra.jobs },
  });
  return { scheduler, lines };
}

test('two server instances ticking the same instants run each job step once', async () => {
  const school = await newSchool();
  const runs: Run[] = [];
  const clock = { now: local('09:00') };
  const a = instance('server-a', school.urn, runs, clock);
  const b = instance('server-b', school.urn, runs, clock);
  const instants = [
    ...Array.from({ length: 20 }, (_, i) => local(`09:${String(8 + i).padStart(2, '0')}`, 20)),
    local('16:29'),
    local('16:30'),
    local('16:30', 30),
    local('17:01'),
  ];

  for (const t of instants) {
    clock.now = t;
    await Promise.all([a.scheduler.tick(), b.scheduler.tick()]);
  }

  const ran = runs.map((r) => `${r.job} ${r.slot}`);
  const handled = new Set(['morning-list', 'reminders', 'concern-realerts', 'end-of-day']);
  const expected = new Set(instants.flatMap((t) => dueSteps(school, t).filter((d) => handled.has(d.job)).map((d) => `${d.job} ${d.slot}`)));
  expect(ran.sort()).toEqual([...expected].sort());
  expect(ran.filter((r) => r.startsWith('morning-list'))).toEqual(['morning-list 09:15']);
  expect(ran.filter((r) => r.startsWith('end-of-day'))).toEqual(['end-of-day 16:30']);
  expect(runs.every((r) => r.attempt === 1)).toBe(true);
});

test('a job that throws is recorded as failed and run again on the next tick, then never again', async () => {
  const school = await newSchool();
  const steps = new JobStepsRepository({ store: storage.store });
  const clock = { now: local('09:15') };
  const attempts: number[] = [];
  const { logger, lines } = captureLog();
  const scheduler = new JobScheduler({
    repos: storage.repos,
    logger,
    holder: 'server-a',
    now: () => clock.now,
    jobs: {
      'morning-list': async (ctx) => {
        if (ctx.urn !== school.urn) return;
        attempts.push(ctx.attempt);
        if (ctx.attempt === 1) throw new Error('the connector answered 502');
      },
    },
  });

  const first = await scheduler.tick();
  expect(first.filter((o) => o.urn === school.urn)).toEqual([{ urn: school.urn, job: 'morning-list', date: '2025-09-09', slot: '09:15', attempt: 1, status: 'failed' }]);
  expect((await steps.get(school.urn, '2025-09-09', 'morning-list'))?.value).toMatchObject({ status: 'failed', attempts: 1, error: 'the connector answered 502' });
  expect(lines.find((l) => l.urn === school.urn && l.level === 'error')?.message).toBe(
    `School ${school.urn}: morning-list 2025-09-09 09:15 failed on attempt 1; it runs again on a later tick`,
  );

  clock.now = local('09:15', 15);
  await scheduler.tick();
  clock.now = local('09:16');
  await scheduler.tick();

  expect(attempts).toEqual([1, 2]);
  expect((await steps.get(school.urn, '2025-09-09', 'morning-list'))?.value).toMatchObject({ status: 'done', attempts: 2, holder: 'server-a' });
});

test('a step that keeps failing is given up after maxAttempts, with an error in the log', async () => {
  const school = await newSchool();
  const clock = { now: local('09:15') };
  let calls = 0;
  const { logger, lines } = captureLog();
  const scheduler = new JobScheduler({
    repos: storage.repos,
    logger,
    now: () => clock.now,
    maxAttempts: 2,
    jobs: {
      'morning-list': async (ctx) => {
        if (ctx.urn !== school.urn) return;
        calls++;
        throw new Error('still broken');
      },
    },
  });

  for (const t of ['09:15', '09:16', '09:17', '09:18']) {
    clock.now = local(t);
    await scheduler.tick();
  }

  expect(calls).toBe(2);
  expect(lines.filter((l) => l.urn === school.urn).map((l) => l.message)).toEqual([
    `School ${school.urn}: morning-list 2025-09-09 09:15 failed on attempt 1; it runs again on a later tick`,
    `School ${school.urn}: morning-list 2025-09-09 09:15 failed on attempt 2; giving up`,
  ]);
});

test('after a restart a finished step is not run again, and the next slot is', async () => {
  const school = await newSchool();
  const runs: Run[] = [];
  const clock = { now: local('09:15') };
  await instance('server-a', school.urn, runs, clock).scheduler.tick();

  clock.now = local('09:20');
  await instance('server-a-restarted', school.urn, runs, clock).scheduler.tick();

  expect(runs.map((r) => `${r.job} ${r.slot} ${r.holder}`)).toEqual(
    expect.arrayContaining([
      'morning-list 09:15 server-a',
      'reminders 09:15 server-a',
      'concern-realerts 09:15 server-a',
      'reminders 09:20 server-a-restarted',
      'concern-realerts 09:20 server-a-restarted',
    ]),
  );
  expect(runs).toHaveLength(5);
});

test('a server that died mid-step holds the lease until it expires; then another takes it over and finishes the step', async () => {
  const school = await newSchool();
  const leases = new LeasesRepository({ store: storage.store });
  const steps = new JobStepsRepository({ store: storage.store });
  // What a crash leaves behind: the lease, and the morning list begun but not finished.
  await leases.acquire({ urn: school.urn, name: SCHOOL_DAY_LEASE }, 'server-dead', 60_000, local('09:15'));
  await steps.begin(undefined, { urn: school.urn, date: '2025-09-09', job: 'morning-list', slot: '09:15', status: 'running', attempts: 1, holder: 'server-dead', startedAt: local('09:15').toISOString() });
  const runs: Run[] = [];
  const clock = { now: local('09:15', 40) };
  const b = instance('server-b', school.urn, runs, clock);

  await b.scheduler.tick();
  expect(runs).toEqual([]);

  clock.now = local('09:16', 0);
  await b.scheduler.tick();
  expect(runs.map((r) => `${r.job} ${r.slot} attempt ${r.attempt}`)).toEqual(
    expect.arrayContaining(['morning-list 09:15 attempt 2', 'reminders 09:15 attempt 1', 'concern-realerts 09:16 attempt 1']),
  );
  expect((await steps.get(school.urn, '2025-09-09', 'morning-list'))?.value).toMatchObject({ status: 'done', attempts: 2, holder: 'server-b' });
  expect(await leases.get({ urn: school.urn, name: SCHOOL_DAY_LEASE })).toBeUndefined();
});

test('while one server is still posting the morning list, the other does not start it, and its own next tick runs only new slots', async () => {
  const school = await newSchool();
  const runs: Run[] = [];
  const clock = { now: local('09:15') };
  let finishList!: () => void;
  const listPosted = new Promise<void>((resolve) => (finishList = resolve));
  let listStarts = 0;
  const slowList = async (ctx: JobContext) => {
    if (ctx.urn !== school.urn) return;
    listStarts++;
    await listPosted;
    runs.push({ urn: ctx.urn, job: 'morning-list', slot: ctx.slot, attempt: ctx.attempt, holder: 'server-a' });
  };
  const a = instance('server-a', school.urn, runs, clock, { jobs: { 'morning-list': slowList } });
  const b = instance('server-b', school.urn, runs, clock);

  const aTick = a.scheduler.tick();
  while (listStarts === 0) await sleep(5);
  await b.scheduler.tick();
  clock.now = local('09:16');
  await a.scheduler.tick();
  expect(listStarts).toBe(1);

  finishList();
  await aTick;
  clock.now = local('09:16', 30);
  await b.scheduler.tick();
  expect(runs.filter((r) => r.job === 'morning-list')).toHaveLength(1);
  expect(runs.map((r) => `${r.job} ${r.slot}`).sort()).toEqual(['concern-realerts 09:15', 'concern-realerts 09:16', 'morning-list 09:15', 'reminders 09:15']);
});

test("a school whose day cannot be planned is reported once, and the other schools' jobs still run", async () => {
  const broken = await newSchool({ registerCloseTime: 'ten past nine' });
  const fine = await newSchool();
  const clock = { now: local('09:15') };
  const ran: string[] = [];
  const { logger, lines } = captureLog();
  const scheduler = new JobScheduler({
    repos: storage.repos,
    logger,
    now: () => clock.now,
    jobs: { 'morning-list': async (ctx) => void ran.push(ctx.urn) },
  });

  await scheduler.tick();
  clock.now = local('09:16');
  await scheduler.tick();

  expect(ran).toContain(fine.urn);
  expect(ran).not.toContain(broken.urn);
  expect(lines.filter((l) => l.urn === broken.urn).map((l) => l.message)).toEqual([
    `The school-day jobs of school ${broken.urn} cannot be planned: School ${broken.urn}: registerCloseTime is "ten past nine", which is not a time (HH:MM, 24-hour)`,
  ]);
});

test('started, it ticks on its own; stopped, it waits for running steps and leaves no lease behind', async () => {
  const school = await newSchool();
  const leases = new LeasesRepository({ store: storage.store });
  const runs: Run[] = [];
  const clock = { now: local('09:15') };
  const a = instance('server-a', school.urn, runs, clock, { tickIntervalMs: 50 });

  a.scheduler.start();
  while (!runs.some((r) => r.job === 'morning-list')) await sleep(10);
  await sleep(200);
  await a.scheduler.stop();

  expect(runs.filter((r) => r.job === 'morning-list')).toHaveLength(1);
  expect(await leases.get({ urn: school.urn, name: SCHOOL_DAY_LEASE })).toBeUndefined();
});
