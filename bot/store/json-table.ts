/**
 * A repository's storage: domain records kept as JSON in one table, keyed by PartitionKey/RowKey,
 * every change guarded by ETag. Repositories wrap this with keys that mean something to a school.
 */
import type { TableClient, TableEntityResult, TransactionAction } from '@azure/data-tables';
import { AlreadyExistsError, ConcurrencyError, statusOf } from './errors';
import type { TableStore } from './table-store';

export interface Stored<T> {
  value: T;
  etag: string;
}

export interface Keys {
  partitionKey: string;
  rowKey: string;
}

export interface JsonTableOptions<T> {
  store: TableStore;
  table: string;
  keys: (value: T) => Keys;
  /** Extra plain columns, for filters the service evaluates (e.g. a date). */
  columns?: (value: T) => Record<string, string | number | boolean>;
}

type Row = { partitionKey: string; rowKey: string; json: string } & Record<string, unknown>;

/** Table Storage takes at most 100 operations in one transaction, all in one partition. */
export const MAX_BATCH = 100;

export class JsonTable<T> {
  constructor(private readonly options: JsonTableOptions<T>) {}

  get name(): string {
    return this.options.table;
  }

  keysOf(value: T): Keys {
    return this.options.keys(value);
  }

  async get(partitionKey: string, rowKey: string): Promise<Stored<T> | undefined> {
    const client = await this.client();
    try {
      const row = await client.getEntity<Row>(partitionKey, rowKey);
      return this.fromRow(row);
    } catch (err) {
      if (statusOf(err) === 404) return undefined;
      throw err;
    }
  }

  /** Adds a record that must not exist yet. */
  async insert(value: T): Promise<string> {
    const row = this.toRow(value);
    const client = await this.client();
    try {
      const res = await client.createEntity(row);
      return res.etag!;
    } catch (err) {
      if (statusOf(err) === 409) throw new AlreadyExistsError(this.name, row.partitionKey, row.rowKey);
      throw err;
    }
  }

  /** Replaces the record only if it is unchanged since it was read with this ETag. */
  async replace(value: T, etag: string): Promise<string> {
    const row = this.toRow(value);
    const client = await this.client();
    try {
      const res = await client.updateEntity(row, 'Replace', { etag });
      return res.etag!;
    } catch (err) {
      const status = statusOf(err);
      if (status === 412 || status === 404) throw new ConcurrencyError(this.name, row.partitionKey, row.rowKey);
      throw err;
    }
  }

  /** Writes the record whatever is there: for idempotent writes of the same content (imports). */
  async upsert(value: T): Promise<string> {
    const client = await this.client();
    const res = await client.upsertEntity(this.toRow(value), 'Replace');
    return res.etag!;
  }

  async delete(partitionKey: string, rowKey: string, etag?: string): Promise<void> {
    const client = await this.client();
    try {
      await client.deleteEntity(partitionKey, rowKey, etag ? { etag } : undefined);
    } catch (err) {
      const status = statusOf(err);
      if (status === 404 && !etag) return;
      if (status === 412 || status === 404) throw new ConcurrencyError(this.name, partitionKey, rowKey);
      throw err;
    }
  }

  /**
   * Read, change, write, retried while someone else got there first. `change` returns the new value,
   * or undefined to leave the record alone. Returns what was stored.
   */
  async update(partitionKey: string, rowKey: string, change: (current: T | undefined) => T | undefined, attempts = 10): Promise<Stored<T> | undefined> {
    for (let attempt = 1; ; attempt++) {
      const current = await this.get(partitionKey, rowKey);
      const next = change(current?.value);
      if (next === undefined) return current;
      try {
        const etag = current ? await this.replace(next, current.etag) : await this.insert(next);
        return { value: next, etag };
      } catch (err) {
        const retry = err instanceof ConcurrencyError || err instanceof AlreadyExistsError;
        if (!retry || attempt >= attempts) throw err;
      }
    }
  }

  /** Every record in a partition, optionally only those whose RowKey starts with a prefix. */
  async list(partitionKey: string, rowKeyPrefix?: string, extraFilter?: string): Promise<Stored<T>[]> {
    const client = await this.client();
    const clauses = [`PartitionKey eq '${escape(partitionKey)}'`];
    if (rowKeyPrefix) {
      clauses.push(`RowKey ge '${escape(rowKeyPrefix)}'`, `RowKey lt '${escape(rowKeyPrefix)}\uffff'`);
    }
    if (extraFilter) clauses.push(`(${extraFilter})`);
    const out: Stored<T>[] = [];
    for await (const row of client.listEntities<Row>({ queryOptions: { filter: clauses.join(' and ') } })) {
      out.push(this.fromRow(row));
    }
    return out;
  }

  /** Records across every partition whose key starts with a prefix (e.g. every school). */
  async listAll(filter?: string): Promise<Stored<T>[]> {
    const client = await this.client();
    const out: Stored<T>[] = [];
    for await (const row of client.listEntities<Row>(filter ? { queryOptions: { filter } } : undefined)) {
      out.push(this.fromRow(row));
    }
    return out;
  }

  /** Upserts in transactions of up to 100 per partition; each transaction applies whole or not at all. */
  async upsertMany(values: T[]): Promise<void> {
    await this.transact(values.map((v) => ['upsert', this.toRow(v), 'Replace'] as TransactionAction));
  }

  async deleteMany(keys: Keys[]): Promise<void> {
    await this.transact(keys.map((k) => ['delete', { partitionKey: k.partitionKey, rowKey: k.rowKey }] as TransactionAction));
  }

  private async transact(actions: TransactionAction[]): Promise<void> {
    const client = await this.client();
    const byPartition = new Map<string, TransactionAction[]>();
    for (const action of actions) {
      const pk = action[1].partitionKey;
      const list = byPartition.get(pk) ?? [];
      list.push(action);
      byPartition.set(pk, list);
    }
    const batches: TransactionAction[][] = [];
    for (const list of byPartition.values()) {
      for (let i = 0; i < list.length; i += MAX_BATCH) batches.push(list.slice(i, i + MAX_BATCH));
    }
    // A few batches in flight at once: the storage account takes them in parallel.
    const inFlight = 4;
    let next = 0;
    const worker = async () => {
      while (next < batches.length) {
        const batch = batches[next++];
        await client.submitTransaction(batch);
      }
    };
    await Promise.all(Array.from({ length: Math.min(inFlight, batches.length) }, worker));
  }

  private toRow(value: T): Row {
    const { partitionKey, rowKey } = this.options.keys(value);
    return { ...(this.options.columns?.(value) ?? {}), partitionKey, rowKey, json: JSON.stringify(value) };
  }

  private fromRow(row: TableEntityResult<Row>): Stored<T> {
    return { value: JSON.parse(row.json) as T, etag: row.etag };
  }

  private client(): Promise<TableClient> {
    return this.options.store.table(this.options.table);
  }
}

/** OData string literal escaping: a quote is doubled. */
export function escape(value: string): string {
  return value.replace(/'/g, "''");
}
