import { JsonTable, type Stored } from './json-table';
import type { TableStore } from './table-store';

/** Who started or approved something. */
export interface ByWhom {
  id: string;
  name: string;
  at: string;
}

/** A preview of the list sent to an attendance officer in a 1:1 chat. */
export interface ListPreview {
  aadObjectId: string;
  conversationId: string;
  serviceUrl: string;
  activityId?: string;
}

/**
 * One school's daily run: the list as it stands, whether it waits for review, and how far posting has got.
 * Kept in Table Storage so a second run, a second server or a restart carries on where it left off.
 */
export interface DailyRunRecord {
  urn: string;
  date: string;
  state: 'awaiting-review' | 'posting' | 'posted';
  created: ByWhom;
  /** Pupils on the list, UPNs in the order their cards are posted (the afternoon's after the morning's). */
  list: string[];
  /** Pupils the officer took off the list when double-checking it (the register was wrong). */
  leftOff: (ByWhom & { upn: string })[];
  previews: ListPreview[];
  approved?: ByWhom;
  /** The summary card: posted first, its message starts the day's thread. */
  summary: {
    state: 'pending' | 'sending' | 'posted';
    activityId?: string;
    sendingSince?: string;
    /** The channel it was posted in; the day's thread is this conversation with ";messageid=<activityId>". */
    where?: { serviceUrl: string; conversationId: string; tenantId?: string };
  };
  /**
   * The afternoon list, once the afternoon register was in: its pupils (present this morning, absent and
   * unexplained this afternoon) are also on `list`, after the morning's, and posted into the same thread.
   */
  afternoon?: { list: string[]; created: ByWhom; postedAt?: string };
  /** The process posting now, and until when its claim holds unless renewed. */
  runner?: { id: string; leaseUntil: string };
  postedAt?: string;
}

/** PartitionKey = URN, RowKey = date. */
export class DailyRunsRepository {
  private readonly table: JsonTable<DailyRunRecord>;

  constructor(options: { store: TableStore }) {
    this.table = new JsonTable({ store: options.store, table: 'dailyruns', keys: (r) => ({ partitionKey: r.urn, rowKey: r.date }) });
  }

  get(urn: string, date: string): Promise<Stored<DailyRunRecord> | undefined> {
    return this.table.get(urn, date);
  }

  insert(run: DailyRunRecord): Promise<string> {
    return this.table.insert(run);
  }

  replace(run: DailyRunRecord, etag: string): Promise<string> {
    return this.table.replace(run, etag);
  }
}
