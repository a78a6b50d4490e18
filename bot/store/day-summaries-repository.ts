import { AlreadyExistsError } from './errors';
import { JsonTable, type Stored } from './json-table';
import type { TableStore } from './table-store';

/** The end-of-day summary of a school day: `sending` is written before the post, `posted` with its id after. */
export interface DaySummaryRecord {
  urn: string;
  date: string;
  state: 'sending' | 'posted';
  at: string;
  activityId?: string;
}

/** PartitionKey = URN, RowKey = date. */
export class DaySummariesRepository {
  private readonly table: JsonTable<DaySummaryRecord>;

  constructor(options: { store: TableStore }) {
    this.table = new JsonTable({ store: options.store, table: 'daysummaries', keys: (r) => ({ partitionKey: r.urn, rowKey: r.date }) });
  }

  get(urn: string, date: string): Promise<Stored<DaySummaryRecord> | undefined> {
    return this.table.get(urn, date);
  }

  /** True for the one caller that begins the day's summary; false when it was begun already. */
  async begin(record: DaySummaryRecord): Promise<boolean> {
    try {
      await this.table.insert(record);
      return true;
    } catch (err) {
      if (err instanceof AlreadyExistsError) return false;
      throw err;
    }
  }

  async posted(urn: string, date: string, activityId: string, at: string): Promise<void> {
    await this.table.update(urn, date, (r) => (r ? { ...r, state: 'posted', activityId, at } : undefined));
  }
}
