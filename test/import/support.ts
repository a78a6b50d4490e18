/** Shared by the import suites: a school to import into, fixture files, valid UPNs, and a snapshot of the store. */
import fs from 'node:fs';
import path from 'node:path';
import { upnCheckLetter } from '../../bot/domain/pupil';
import { DEFAULT_BANDS, type School } from '../../bot/domain/school';
import type { ImportFile, ImportFileKind } from '../../bot/import/import-types';
import type { TableStore } from '../../bot/store/table-store';

export const URN = '100001';

export function testSchool(urn = URN): School {
  return {
    urn,
    name: 'Firstday Test Academy',
    timeZone: 'Europe/London',
    registerCloseTime: '09:10',
    afternoonRegisterCloseTime: '13:40',
    notifyByTime: '08:30',
    staff: [{ upn: 'a.officer@school.example', displayName: 'Ms Officer', roles: ['attendance-officer'] }],
    roleGroups: {},
    bands: DEFAULT_BANDS,
    terms: [{ name: 'Autumn 2025', start: '2025-09-01', end: '2025-12-19' }],
    closures: [],
    reviewBeforePosting: false,
    concernAcknowledgeMinutes: 15,
  };
}

/** A valid UPN for a pupil number (LA 938, establishment 2025, serials from n). */
export function upnFor(n: number): string {
  const rest = `9382025${String(n).padStart(5, '0')}`;
  return upnCheckLetter(rest) + rest;
}

export const FIXTURES = path.join(__dirname, 'fixtures');

export function fixture(kind: ImportFileKind, name: string): ImportFile {
  return { kind, name: path.basename(name), content: fs.readFileSync(path.join(FIXTURES, name)) };
}

export function csvFile(kind: ImportFileKind, name: string, lines: string[]): ImportFile {
  return { kind, name, content: Buffer.from(lines.join('\r\n') + '\r\n') };
}

export interface StoredRow {
  table: string;
  partitionKey: string;
  rowKey: string;
  etag: string;
  json: string;
}

/** Every row of the given tables (one school's, if a URN is given), with its ETag: to show an operation changed nothing at all. */
export async function snapshot(store: TableStore, tables: string[], urn?: string): Promise<StoredRow[]> {
  const rows: StoredRow[] = [];
  for (const table of tables) {
    const client = await store.table(table);
    for await (const e of client.listEntities<{ json: string }>()) {
      const pk = e.partitionKey!;
      if (urn && pk !== urn && !pk.startsWith(`${urn}|`)) continue;
      rows.push({ table, partitionKey: pk, rowKey: e.rowKey!, etag: e.etag, json: e.json });
    }
  }
  return rows;
}

/** The tables that hold a school's data (the journal and audit log are records of imports, not data). */
export const DATA_TABLES = ['schools', 'pupils', 'contacts', 'marks', 'absencereports'];
/** The data and the import journal: everything an import may change apart from the audit log. */
export const STORE_TABLES = [...DATA_TABLES, 'importjournal'];

/** Rows without ETags: a restored row has its old content but, necessarily, a new ETag. */
export function contentOf(rows: StoredRow[]): Array<Omit<StoredRow, 'etag'>> {
  return rows.map(({ etag: _etag, ...rest }) => rest);
}
