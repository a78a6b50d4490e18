import type { School } from '../domain/school';
import { JsonTable, type Stored } from './json-table';
import type { TableStore } from './table-store';

/** One row per school: PartitionKey = URN, RowKey = "school". */
export class SchoolsRepository {
  private readonly table: JsonTable<School>;

  constructor(options: { store: TableStore }) {
    this.table = new JsonTable<School>({ store: options.store, table: 'schools', keys: (s) => ({ partitionKey: s.urn, rowKey: 'school' }) });
  }

  get(urn: string): Promise<Stored<School> | undefined> {
    return this.table.get(urn, 'school');
  }

  insert(school: School): Promise<string> {
    return this.table.insert(school);
  }

  replace(school: School, etag: string): Promise<string> {
    return this.table.replace(school, etag);
  }

  async list(): Promise<School[]> {
    return (await this.table.listAll("RowKey eq 'school'")).map((s) => s.value);
  }
}
