import type { Concern } from '../domain/concern';
import { AlreadyExistsError } from './errors';
import { JsonTable, type Stored } from './json-table';
import type { TableStore } from './table-store';

/** PartitionKey = URN, RowKey = concern id (time-ordered). Detail for the DSL team only. */
export class ConcernsRepository {
  private readonly table: JsonTable<Concern>;

  constructor(options: { store: TableStore }) {
    this.table = new JsonTable({ store: options.store, table: 'concerns', keys: (c) => ({ partitionKey: c.urn, rowKey: c.id }), columns: (c) => ({ pupilUpn: c.pupilUpn, status: c.status }) });
  }

  /** Records a concern; the same id twice (a retried press) is one concern. */
  async add(concern: Concern): Promise<void> {
    try {
      await this.table.insert(concern);
    } catch (err) {
      if (!(err instanceof AlreadyExistsError)) throw err;
    }
  }

  get(urn: string, id: string): Promise<Stored<Concern> | undefined> {
    return this.table.get(urn, id);
  }

  /** Changes a concern under its ETag, reading again after a clash; the change returns undefined to leave it. */
  update(urn: string, id: string, change: (current: Concern) => Concern | undefined): Promise<Stored<Concern> | undefined> {
    return this.table.update(urn, id, (current) => (current ? change(current) : undefined));
  }

  /** Concerns nobody has acknowledged yet. */
  async open(urn: string): Promise<Concern[]> {
    return (await this.table.list(urn, undefined, "status eq 'raised'")).map((c) => c.value);
  }

  /** Concerns raised from a school day's list. */
  async forDate(urn: string, date: string): Promise<Concern[]> {
    return (await this.table.list(urn)).map((c) => c.value).filter((c) => c.date === date);
  }

  async forPupil(urn: string, upn: string): Promise<Concern[]> {
    return (await this.table.list(urn, undefined, `pupilUpn eq '${upn.replace(/'/g, "''")}'`)).map((c) => c.value);
  }
}
