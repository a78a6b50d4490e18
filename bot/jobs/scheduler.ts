/**
 * Runs the school day's jobs (bot/domain/school-day.ts) for every school, with any number of server
 * instances side by side: each step (school, job, date, slot) runs once.
 *
 * How: on each tick, for each school, the due steps that are not yet done are found; the instance then
 * takes the school's lease ("school-day", Table Storage, ETag) and, under it, re-reads each step,
 * records it as begun, runs the handler and records it done. The lease is renewed while handlers run
 * and released when they finish. A handler that throws leaves the step 'failed': it is run again on a
 * later tick, up to maxAttempts. An instance that dies mid-step leaves it 'running' under a lease that
 * expires; the next instance to take the lease runs it again. So handlers must be safe to run twice for
 * the same slot (check what is already sent or recorded), which every Firstday step is anyway.
 *
 *   const scheduler = new JobScheduler({ repos, logger, jobs: {
 *     'morning-list': async ({ urn, date }) => { ... },
 *     'concern-realerts': async ({ school, now }) => { ... },
 *   } });
 *   scheduler.start();            // ticks every 15 s; await scheduler.stop() on shutdown
 *   await scheduler.tick();       // or drive it directly (tests, a CLI)
 */
import os from 'node:os';
import { randomUUID } from 'node:crypto';
import type { Logger } from '../platform/logger';
import type { School } from '../domain/school';
import { DEFAULT_SCHOOL_DAY, dueSteps, type DueStep, type SchoolDaySettings, type SchoolJobName } from '../domain/school-day';
import { AlreadyExistsError, ConcurrencyError } from '../store/errors';
import { JobStepsRepository, type JobStep, type JobStepStatus } from '../store/job-steps-repository';
import type { Stored } from '../store/json-table';
import { LeasesRepository, type HeldLease } from '../store/leases-repository';
import type { Repositories } from '../store/repositories';

export interface JobContext {
  urn: string;
  school: School;
  /** The school's local date, YYYY-MM-DD. */
  date: string;
  /** The slot's local start time, HH:MM. */
  slot: string;
  /** When the slot started; `now` may be later (catch-up after a restart, a retry). */
  scheduledFor: Date;
  /** The scheduler's clock when the step began. */
  now: Date;
  /** 1 on the first attempt at this slot, 2 on the first retry, ... */
  attempt: number;
}

/**
 * A handler resolves when its step is done; 'not-yet' when there was nothing to do yet and the slot should be
 * looked at again (a list waiting for its register). Only 'once' jobs with recheckMinutes are looked at again.
 */
export type JobHandler = (ctx: JobContext) => Promise<void | 'not-yet'>;

export interface JobSchedulerOptions {
  repos: Pick<Repositories, 'schools' | 'store'>;
  logger: Logger;
  /** Handlers by job; a job without one is not run. */
  jobs: Partial<Record<SchoolJobName, JobHandler>>;
  /** Defaults to a LeasesRepository over repos.store. */
  leases?: LeasesRepository;
  /** Defaults to a JobStepsRepository over repos.store. */
  steps?: JobStepsRepository;
  /** The clock; tests drive it. */
  now?: () => Date;
  /** Between ticks when started. Default 15 s: re-alerts are due every minute. */
  tickIntervalMs?: number;
  /** How long a lease lasts without renewal. Default 60 s; renewed every third of that while handlers run. */
  leaseTtlMs?: number;
  /** This instance's name in leases and step records. Default host/pid/random. */
  holder?: string;
  /** Attempts at one slot before it is abandoned (and logged as an error). Default 5. */
  maxAttempts?: number;
  /** A school's day settings. Default DEFAULT_SCHOOL_DAY for every school. */
  settingsFor?: (school: School) => SchoolDaySettings;
}

export interface StepOutcome {
  urn: string;
  job: SchoolJobName;
  date: string;
  slot: string;
  attempt: number;
  status: Exclude<JobStepStatus, 'running'>;
}

export const SCHOOL_DAY_LEASE = 'school-day';

/** A school lease this instance holds, shared by its steps running under it. */
interface SchoolLeaseInUse {
  lease: HeldLease;
  users: number;
  heartbeat: NodeJS.Timeout;
  renewing?: Promise<void>;
}

export class JobScheduler {
  readonly holder: string;
  private readonly leases: LeasesRepository;
  private readonly steps: JobStepsRepository;
  private readonly now: () => Date;
  private readonly ttl: number;
  /** "urn|job" of steps running in this instance: a slow step is not started twice here. */
  private readonly running = new Set<string>();
  /** Leases this instance holds, with how many of its steps run under each. */
  private readonly held = new Map<string, SchoolLeaseInUse>();
  private readonly ticks = new Set<Promise<StepOutcome[]>>();
  private readonly reportedProblems = new Map<string, string>();
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly options: JobSchedulerOptions) {
    this.holder = options.holder ?? `${os.hostname()}/${process.pid}/${randomUUID().slice(0, 8)}`;
    this.leases = options.leases ?? new LeasesRepository({ store: options.repos.store });
    this.steps = options.steps ?? new JobStepsRepository({ store: options.repos.store });
    this.now = options.now ?? (() => new Date());
    this.ttl = options.leaseTtlMs ?? 60_000;
  }

  /** Ticks now and then every tickIntervalMs until stop(). */
  start(): void {
    if (this.timer) return;
    const run = () => {
      this.tick().catch((err) => this.options.logger.error('The school-day scheduler tick failed', { error: (err as Error).message }));
    };
    this.timer = setInterval(run, this.options.tickIntervalMs ?? 15_000);
    this.timer.unref();
    run();
  }

  /** Stops ticking, waits for running steps to finish, and gives up leases. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await Promise.allSettled([...this.ticks]);
  }

  /** Runs every due step that is not done, for every school; resolves with what ran when they have finished. */
  tick(): Promise<StepOutcome[]> {
    const run = this.runTick();
    this.ticks.add(run);
    void run.finally(() => this.ticks.delete(run)).catch(() => undefined);
    return run;
  }

  private async runTick(): Promise<StepOutcome[]> {
    const now = this.now();
    const schools = await this.options.repos.schools.list();
    const results = await Promise.all(schools.map((school) => this.tickSchool(school, now)));
    return results.flat();
  }

  private async tickSchool(school: School, now: Date): Promise<StepOutcome[]> {
    try {
      let due: DueStep[];
      try {
        due = dueSteps(school, now, this.options.settingsFor?.(school) ?? DEFAULT_SCHOOL_DAY);
        this.reportedProblems.delete(school.urn);
      } catch (err) {
        this.reportOnce(school.urn, `The school-day jobs of school ${school.urn} cannot be planned: ${(err as Error).message}`);
        return [];
      }
      due = due.filter((d) => this.options.jobs[d.job] && !this.running.has(`${school.urn}|${d.job}`));
      if (!due.length) return [];

      // Without the lease first: once a slot is done, ticks cost a read per job and no write.
      const states = await Promise.all(due.map((d) => this.steps.get(school.urn, d.date, d.job)));
      const pending = due.filter((d, i) => needsRun(d, states[i]?.value, now));
      if (!pending.length) return [];

      const claimed = pending.filter((d) => this.claimLocally(school.urn, d.job));
      if (!claimed.length) return [];
      try {
        if (!(await this.holdLease(school.urn, claimed.length))) return [];
        try {
          // Settled, not all: the lease is let go only when every step under it has ended.
          const settled = await Promise.allSettled(claimed.map((d) => this.runStep(school, d)));
          const outcomes: StepOutcome[] = [];
          settled.forEach((s, i) => {
            if (s.status === 'fulfilled') {
              if (s.value) outcomes.push(s.value);
            } else {
              const { job, slot } = claimed[i];
              this.options.logger.error(`School ${school.urn}: ${job} ${slot} could not be recorded in storage; it is looked at again on the next tick`, {
                urn: school.urn,
                job,
                slot,
                error: (s.reason as Error)?.message,
              });
            }
          });
          return outcomes;
        } finally {
          await this.letGoOfLease(school.urn, claimed.length);
        }
      } finally {
        for (const d of claimed) this.running.delete(`${school.urn}|${d.job}`);
      }
    } catch (err) {
      this.options.logger.error(`The school-day scheduler could not tick school ${school.urn}`, { urn: school.urn, error: (err as Error).message });
      return [];
    }
  }

  private claimLocally(urn: string, job: SchoolJobName): boolean {
    const key = `${urn}|${job}`;
    if (this.running.has(key)) return false;
    this.running.add(key);
    return true;
  }

  private async runStep(school: School, due: DueStep): Promise<StepOutcome | undefined> {
    const { urn } = school;
    // Re-read under the lease: another instance may have finished it since the first look.
    const current = await this.steps.get(urn, due.date, due.job);
    if (!needsRun(due, current?.value, this.now())) return undefined;
    // Waiting is not failing: a look after a wait is a first attempt again.
    const attempt = current?.value.slot === due.slot && current.value.status !== 'waiting' ? current.value.attempts + 1 : 1;
    const maxAttempts = this.options.maxAttempts ?? 5;
    const started = this.now();
    const step: JobStep = { urn, date: due.date, job: due.job, slot: due.slot, status: 'running', attempts: attempt, holder: this.holder, startedAt: started.toISOString() };

    if (attempt > maxAttempts) {
      await this.begin(current, { ...step, attempts: maxAttempts, status: 'abandoned', error: current?.value.error, finishedAt: started.toISOString() });
      this.options.logger.error(`Gave up on ${due.job} ${due.date} ${due.slot} for school ${urn} after ${maxAttempts} attempts`, { urn, job: due.job, slot: due.slot });
      return undefined;
    }
    const etag = await this.begin(current, step);
    if (!etag) return undefined;

    let result: void | 'not-yet';
    try {
      result = await this.options.jobs[due.job]!({ urn, school, date: due.date, slot: due.slot, scheduledFor: due.scheduledFor, now: started, attempt });
    } catch (err) {
      const message = (err as Error)?.message ?? String(err);
      const status = attempt >= maxAttempts ? 'abandoned' : 'failed';
      await this.steps.settle({ ...step, status, error: message.slice(0, 1000), finishedAt: this.now().toISOString() }, etag);
      this.options.logger.error(
        `School ${urn}: ${due.job} ${due.date} ${due.slot} failed on attempt ${attempt}; ${status === 'failed' ? 'it runs again on a later tick' : 'giving up'}`,
        { urn, job: due.job, slot: due.slot, attempt, error: message },
      );
      return { urn, job: due.job, date: due.date, slot: due.slot, attempt, status };
    }
    const finished = this.now();
    if (result === 'not-yet' && due.recheckMinutes) {
      // The same row, replaced: a list that waits all day leaves one step record, not one per look.
      const recheckAt = new Date(finished.getTime() + due.recheckMinutes * 60_000).toISOString();
      await this.steps.settle({ ...step, status: 'waiting', recheckAt, finishedAt: finished.toISOString() }, etag);
      return { urn, job: due.job, date: due.date, slot: due.slot, attempt, status: 'waiting' };
    }
    await this.steps.settle({ ...step, status: 'done', finishedAt: finished.toISOString() }, etag);
    return { urn, job: due.job, date: due.date, slot: due.slot, attempt, status: 'done' };
  }

  /** Records the step as begun; undefined if another instance changed it first (it is theirs now). */
  private async begin(current: Stored<JobStep> | undefined, step: JobStep): Promise<string | undefined> {
    try {
      return await this.steps.begin(current, step);
    } catch (err) {
      if (err instanceof ConcurrencyError || err instanceof AlreadyExistsError) return undefined;
      throw err;
    }
  }

  /** Takes (or shares, within this instance) the school's lease; false when another instance holds it. */
  private async holdLease(urn: string, users: number): Promise<boolean> {
    const existing = this.held.get(urn);
    if (existing) {
      existing.users += users;
      return true;
    }
    const lease = await this.leases.acquire({ urn, name: SCHOOL_DAY_LEASE }, this.holder, this.ttl, this.now());
    if (!lease) return false;
    // Another tick of ours took it while we waited for storage; our acquire renewed it, so ours has the newer ETag.
    const raced = this.held.get(urn);
    if (raced) {
      raced.users += users;
      raced.lease = lease;
      return true;
    }
    const entry: SchoolLeaseInUse = { lease, users, heartbeat: setInterval(() => this.renew(urn), Math.max(1000, this.ttl / 3)) };
    entry.heartbeat.unref();
    this.held.set(urn, entry);
    return true;
  }

  private renew(urn: string): void {
    const entry = this.held.get(urn);
    if (!entry || entry.renewing) return;
    entry.renewing = (async () => {
      try {
        const renewed = await this.leases.renew(entry.lease, this.ttl, this.now());
        if (renewed) entry.lease = renewed;
        else this.options.logger.error(`Lost the school-day lease of school ${urn} while its jobs were running; another instance may run them again`, { urn });
      } catch (err) {
        this.options.logger.warn(`Could not renew the school-day lease of school ${urn}`, { urn, error: (err as Error).message });
      } finally {
        entry.renewing = undefined;
      }
    })();
  }

  private async letGoOfLease(urn: string, users: number): Promise<void> {
    const entry = this.held.get(urn);
    if (!entry) return;
    entry.users -= users;
    if (entry.users > 0) return;
    clearInterval(entry.heartbeat);
    this.held.delete(urn);
    await entry.renewing;
    await this.leases.release(entry.lease).catch((err) => {
      this.options.logger.warn(`Could not release the school-day lease of school ${urn}; it expires by itself`, { urn, error: (err as Error).message });
    });
  }

  private reportOnce(urn: string, message: string): void {
    if (this.reportedProblems.get(urn) === message) return;
    this.reportedProblems.set(urn, message);
    this.options.logger.error(message, { urn });
  }
}

/** Whether a due step still has to run, given the job's latest recorded step that day. */
function needsRun(due: DueStep, latest: JobStep | undefined, now: Date): boolean {
  if (!latest || latest.slot < due.slot) return true;
  if (latest.slot > due.slot) return false;
  if (latest.status === 'waiting') return !latest.recheckAt || Date.parse(latest.recheckAt) <= now.getTime();
  return latest.status === 'running' || latest.status === 'failed';
}
