import type { PupilYearMarks } from '../domain/session-marks';
import { JsonTable, type Stored } from './json-table';
import type { TableStore } from './table-store';

/**
 * Session marks packed one row per pupil per academic year.
 * PartitionKey = URN|academic year (a school's year is one range), RowKey = UPN.
 */
export class MarksRepository {
  readonly table: JsonTable<PupilYearMarks & { urn: string }>;

  constructor(options: { store: TableStore }) {
    this.table = new JsonTable({
      store: options.store,
      table: 'marks',
      keys: (m) => ({ partitionKey: `${m.urn}|${m.academicYear}`, rowKey: m.upn }),
    });
  }

  async get(urn: string, academicYear: number, upn: string): Promise<Stored<PupilYearMarks> | undefined> {
    const found = await this.table.get(`${urn}|${academicYear}`, upn);
    return found && { value: strip(found.value), etag: found.etag };
  }

  async listYear(urn: string, academicYear: number): Promise<Stored<PupilYearMarks>[]> {
    return (await this.table.list(`${urn}|${academicYear}`)).map((m) => ({ value: strip(m.value), etag: m.etag }));
  }

  replace(urn: string, marks: PupilYearMarks, etag: string): Promise<string> {
    return this.table.replace({ ...marks, urn }, etag);
  }

  insert(urn: string, marks: PupilYearMarks): Promise<string> {
    return this.table.insert({ ...marks, urn });
  }

  upsertMany(urn: string, marks: PupilYearMarks[]): Promise<void> {
    return this.table.upsertMany(marks.map((m) => ({ ...m, urn })));
  }
}

function strip(m: PupilYearMarks & { urn?: string }): PupilYearMarks {
  const { urn: _urn, ...marks } = m;
  return marks;
}
