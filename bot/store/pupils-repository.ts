import type { Pupil } from '../domain/pupil';
import { JsonTable, type Stored } from './json-table';
import type { TableStore } from './table-store';

/** PartitionKey = URN, RowKey = UPN. */
export class PupilsRepository {
  readonly table: JsonTable<Pupil & { urn: string }>;

  constructor(options: { store: TableStore }) {
    this.table = new JsonTable({ store: options.store, table: 'pupils', keys: (p) => ({ partitionKey: p.urn, rowKey: p.upn }) });
  }

  async get(urn: string, upn: string): Promise<Stored<Pupil> | undefined> {
    const found = await this.table.get(urn, upn);
    return found && { value: strip(found.value), etag: found.etag };
  }

  async list(urn: string): Promise<Pupil[]> {
    return (await this.table.list(urn)).map((p) => strip(p.value));
  }

  upsertMany(urn: string, pupils: Pupil[]): Promise<void> {
    return this.table.upsertMany(pupils.map((p) => ({ ...p, urn })));
  }
}

function strip(p: Pupil & { urn?: string }): Pupil {
  const { urn: _urn, ...pupil } = p;
  return pupil;
}
