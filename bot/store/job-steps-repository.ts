/**
 * The scheduler's memory of what it has done: for each school, job and local date, the latest slot
 * begun, whether it finished, and how many attempts it took. A finished step is never rerun after a
 * restart; a step left 'running' or 'failed' is run again. Every write is guarded by ETag.
 *
 * PartitionKey = URN, RowKey = "<date>|<job>": a handful of rows per school per day, however often the
 * job runs (each slot replaces the last).
 */
import { JsonTable, type Stored } from './json-table';
import type { TableStore } from './table-store';

/** 'waiting': the handler found nothing to do yet (the register has not arrived); the slot is due again at recheckAt. */
export type JobStepStatus = 'running' | 'done' | 'waiting' | 'failed' | 'abandoned';

export interface JobStep {
  urn: string;
  /** The school's local date, YYYY-MM-DD. */
  date: string;
  job: string;
  /** Local HH:MM the slot starts. */
  slot: string;
  status: JobStepStatus;
  /** Attempts at this slot, counting the current one. */
  attempts: number;
  /** The server instance that ran the latest attempt. */
  holder: string;
  startedAt: string;
  finishedAt?: string;
  /** The last failure's message ('failed', 'abandoned'). */
  error?: string;
  /** 'waiting': when the slot is due again. */
  recheckAt?: string;
}

export class JobStepsRepository {
  private readonly table: JsonTable<JobStep>;

  constructor(options: { store: TableStore }) {
    this.table = new JsonTable<JobStep>({
      store: options.store,
      table: 'jobsteps',
      keys: (s) => ({ partitionKey: s.urn, rowKey: `${s.date}|${s.job}` }),
      columns: (s) => ({ status: s.status, slot: s.slot }),
    });
  }

  get(urn: string, date: string, job: string): Promise<Stored<JobStep> | undefined> {
    return this.table.get(urn, `${date}|${job}`);
  }

  /** Records a step as begun: inserts, or replaces the row read as `previous`. ConcurrencyError / AlreadyExistsError if it changed. */
  begin(previous: Stored<JobStep> | undefined, step: JobStep): Promise<string> {
    return previous ? this.table.replace(step, previous.etag) : this.table.insert(step);
  }

  /** Records how a begun step ended. */
  settle(step: JobStep, etag: string): Promise<string> {
    return this.table.replace(step, etag);
  }

  /** Every job's latest step for a school on a date. */
  async forDay(urn: string, date: string): Promise<JobStep[]> {
    return (await this.table.list(urn, `${date}|`)).map((s) => s.value);
  }
}
