import { randomUUID } from 'node:crypto';
import { JsonTable } from './json-table';
import type { TableStore } from './table-store';
import type { AuditEvent } from '../domain/audit-event';

/** The audit log's line, for the callers that record one. */
export type { AuditEvent };

/** PartitionKey = URN, RowKey = inverted time + id so the newest reads first; pupilUpn column for a pupil's log. */
export class AuditRepository {
  readonly table: JsonTable<AuditEvent & { id: string }>;

  constructor(options: { store: TableStore }) {
    this.table = new JsonTable({
      store: options.store,
      table: 'audit',
      keys: (e) => ({ partitionKey: e.urn, rowKey: e.id }),
      columns: (e) => ({ pupilUpn: e.pupilUpn ?? '' }),
    });
  }

  async record(event: AuditEvent): Promise<void> {
    const inverted = String(8_640_000_000_000_000 - Date.parse(event.at)).padStart(16, '0');
    await this.table.insert({ ...event, id: `${inverted}|${randomUUID()}` });
  }

  /** A pupil's audit log, newest first. */
  async forPupil(urn: string, upn: string): Promise<AuditEvent[]> {
    return (await this.table.list(urn, undefined, `pupilUpn eq '${upn.replace(/'/g, "''")}'`)).map((e) => strip(e.value));
  }

  /** The school's most recent events. */
  async recent(urn: string, limit = 200): Promise<AuditEvent[]> {
    return (await this.table.list(urn)).slice(0, limit).map((e) => strip(e.value));
  }
}

function strip(e: AuditEvent & { id: string }): AuditEvent {
  const { id: _id, ...event } = e;
  return event;
}
