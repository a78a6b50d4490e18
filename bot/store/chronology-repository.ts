import type { ChronologyEntry } from '../domain/chronology';
import { JsonTable } from './json-table';
import type { TableStore } from './table-store';

/** PartitionKey = URN|UPN (one pupil's history is one partition, read in time order), RowKey = entry id. */
export class ChronologyRepository {
  readonly table: JsonTable<ChronologyEntry & { urn: string }>;

  constructor(options: { store: TableStore }) {
    this.table = new JsonTable({
      store: options.store,
      table: 'chronology',
      keys: (e) => ({ partitionKey: `${e.urn}|${e.pupilUpn}`, rowKey: e.id }),
    });
  }

  /** Adds an entry; written with upsert so a retried step writes it once (same id, same row). */
  async add(urn: string, entry: ChronologyEntry): Promise<void> {
    await this.table.upsert({ ...entry, urn });
  }

  /** The pupil's history, oldest first. */
  async forPupil(urn: string, upn: string): Promise<ChronologyEntry[]> {
    return (await this.table.list(`${urn}|${upn}`)).map((e) => {
      const { urn: _urn, ...entry } = e.value;
      return entry;
    });
  }
}
