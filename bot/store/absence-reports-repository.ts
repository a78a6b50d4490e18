import type { AbsenceReport } from '../domain/absence-report';
import { JsonTable } from './json-table';
import type { TableStore } from './table-store';

/** PartitionKey = URN, RowKey = report id; fromDate/toDate columns let a day's reports be filtered by the service. */
export class AbsenceReportsRepository {
  readonly table: JsonTable<AbsenceReport & { urn: string }>;

  constructor(options: { store: TableStore }) {
    this.table = new JsonTable({
      store: options.store,
      table: 'absencereports',
      keys: (r) => ({ partitionKey: r.urn, rowKey: r.id }),
      columns: (r) => ({ fromDate: r.fromDate, toDate: r.toDate }),
    });
  }

  /** Reports that cover any session of the date. */
  async forDate(urn: string, date: string): Promise<AbsenceReport[]> {
    const rows = await this.table.list(urn, undefined, `fromDate le '${date}' and toDate ge '${date}'`);
    return rows.map((r) => strip(r.value));
  }

  async list(urn: string): Promise<AbsenceReport[]> {
    return (await this.table.list(urn)).map((r) => strip(r.value));
  }

  upsertMany(urn: string, reports: AbsenceReport[]): Promise<void> {
    return this.table.upsertMany(reports.map((r) => ({ ...r, urn })));
  }
}

function strip(r: AbsenceReport & { urn?: string }): AbsenceReport {
  const { urn: _urn, ...report } = r;
  return report;
}
