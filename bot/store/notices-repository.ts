/**
 * Things Firstday tells a school once: "today's register has not arrived", "your calendar runs out". Each notice
 * has a key; the first writer of the key (an insert only one instance wins) says it, records where it went, and
 * nobody says it again. A send that fails is marked failed so a later look says it; a sayer that died mid-send
 * leaves 'sending', taken over (under its ETag) after a few minutes. That can say it twice in the rare crash
 * between Teams accepting and the record saying so; a notice missing for good would be worse.
 *
 * PartitionKey = URN, RowKey = the notice's key.
 */
import { AlreadyExistsError, ConcurrencyError } from './errors';
import { JsonTable, type Stored } from './json-table';
import type { TableStore } from './table-store';

export interface SchoolNotice {
  urn: string;
  key: string;
  state: 'sending' | 'sent' | 'failed';
  since: string;
  /** Who it reached: "officer", "lead", "channel", with the conversation ids. */
  reached?: { who: string; conversationId: string; activityId?: string }[];
  error?: string;
}

/** How long a 'sending' notice is left to its sayer before another takes it over. */
const SENDING_HOLD_MS = 5 * 60_000;

export class NoticesRepository {
  private readonly table: JsonTable<SchoolNotice>;

  constructor(options: { store: TableStore }) {
    this.table = new JsonTable({ store: options.store, table: 'schoolnotices', keys: (n) => ({ partitionKey: n.urn, rowKey: n.key }) });
  }

  get(urn: string, key: string): Promise<Stored<SchoolNotice> | undefined> {
    return this.table.get(urn, key);
  }

  /**
   * Says the notice unless it was said (or is being said) already. Returns whether this call said it.
   * `say` returns where it went; when it throws, the notice is left for a later call.
   */
  async sayOnce(urn: string, key: string, now: () => Date, say: () => Promise<SchoolNotice['reached']>): Promise<boolean> {
    const claim: SchoolNotice = { urn, key, state: 'sending', since: now().toISOString() };
    let etag: string;
    try {
      etag = await this.table.insert(claim);
    } catch (err) {
      if (!(err instanceof AlreadyExistsError)) throw err;
      const existing = await this.table.get(urn, key);
      if (!existing) return false;
      const { state, since } = existing.value;
      const stale = state === 'failed' || (state === 'sending' && now().getTime() - Date.parse(since) > SENDING_HOLD_MS);
      if (!stale) return false;
      try {
        etag = await this.table.replace(claim, existing.etag);
      } catch (e) {
        if (e instanceof ConcurrencyError) return false;
        throw e;
      }
    }
    let reached: SchoolNotice['reached'];
    try {
      reached = await say();
    } catch (err) {
      await this.table.replace({ ...claim, state: 'failed', error: (err as Error).message.slice(0, 500) }, etag).catch(() => undefined);
      throw err;
    }
    await this.table.replace({ ...claim, state: 'sent', reached }, etag);
    return true;
  }
}
