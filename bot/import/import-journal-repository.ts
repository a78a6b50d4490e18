/**
 * The import journal, in Table Storage: one row per applied (or applying) set of files per school, keyed by
 * the files' content hash, so the same files imported twice are recognised; and one lease row per school, so
 * two imports never merge marks into the same records at once.
 * PartitionKey = URN; RowKey = "import|<content hash>" or "lease".
 */
import { AlreadyExistsError, ConcurrencyError } from '../store/errors';
import { JsonTable, type Stored } from '../store/json-table';
import type { TableStore } from '../store/table-store';
import type { ImportedFile, ImportFileKind, ImportSummary } from './import-types';

export interface ImportJournalEntry {
  urn: string;
  importId: string;
  /** "applying" once writing starts; a run that stopped there is completed by running the same files again. */
  status: 'applying' | 'applied';
  actorId: string;
  actorName?: string;
  source: string;
  startedAt: string;
  finishedAt?: string;
  files: ImportedFile[];
  summary?: ImportSummary;
}

export interface ImportLease {
  urn: string;
  runId: string;
  importId: string;
  actorId: string;
  actorName?: string;
  source: string;
  startedAt: string;
  /** ISO instant after which another run may take the lease (the holder stopped without releasing it). */
  expiresAt: string;
}

/** The last applied import that had a file of a kind: for the Import page's "last imported" line. */
export interface LastImport {
  importId: string;
  /** When it was applied (ISO instant). */
  at: string;
  actorId: string;
  actorName?: string;
  source: string;
  /** That import's files of this kind. */
  files: ImportedFile[];
}

export type LeaseAttempt = { acquired: true; etag: string } | { acquired: false; heldBy: ImportLease };

const ENTRY_PREFIX = 'import|';

export class ImportJournalRepository {
  private readonly entries: JsonTable<ImportJournalEntry>;
  private readonly leases: JsonTable<ImportLease>;

  constructor(options: { store: TableStore }) {
    this.entries = new JsonTable({
      store: options.store,
      table: 'importjournal',
      keys: (e) => ({ partitionKey: e.urn, rowKey: `${ENTRY_PREFIX}${e.importId}` }),
    });
    this.leases = new JsonTable({ store: options.store, table: 'importjournal', keys: (l) => ({ partitionKey: l.urn, rowKey: 'lease' }) });
  }

  async get(urn: string, importId: string): Promise<ImportJournalEntry | undefined> {
    return (await this.entries.get(urn, `${ENTRY_PREFIX}${importId}`))?.value;
  }

  /** Writes the entry as it now stands (applying, then applied). */
  async put(entry: ImportJournalEntry): Promise<void> {
    await this.entries.upsert(entry);
  }

  async remove(urn: string, importId: string): Promise<void> {
    await this.entries.delete(urn, `${ENTRY_PREFIX}${importId}`);
  }

  /** The school's imports, newest first. */
  async list(urn: string): Promise<ImportJournalEntry[]> {
    const all = await this.entries.list(urn, ENTRY_PREFIX);
    return all.map((e) => e.value).sort((a, b) => b.startedAt.localeCompare(a.startedAt));
  }

  /** For each kind of file, the last applied import that had one: when, by whom, from where, and which files. */
  async lastByKind(urn: string): Promise<Partial<Record<ImportFileKind, LastImport>>> {
    const last: Partial<Record<ImportFileKind, LastImport>> = {};
    for (const entry of await this.list(urn)) {
      if (entry.status !== 'applied') continue;
      const at = entry.finishedAt ?? entry.startedAt;
      for (const kind of new Set(entry.files.map((f) => f.kind))) {
        const known = last[kind];
        if (known && known.at >= at) continue;
        last[kind] = {
          importId: entry.importId,
          at,
          actorId: entry.actorId,
          ...(entry.actorName ? { actorName: entry.actorName } : {}),
          source: entry.source,
          files: entry.files.filter((f) => f.kind === kind),
        };
      }
    }
    return last;
  }

  /** Takes the school's import lease unless another run holds one that has not expired. */
  async acquireLease(lease: ImportLease, now: Date): Promise<LeaseAttempt> {
    for (;;) {
      const current = await this.leases.get(lease.urn, 'lease');
      if (current && Date.parse(current.value.expiresAt) > now.getTime() && current.value.runId !== lease.runId) {
        return { acquired: false, heldBy: current.value };
      }
      try {
        const etag = current ? await this.leases.replace(lease, current.etag) : await this.leases.insert(lease);
        return { acquired: true, etag };
      } catch (err) {
        // Someone else took or renewed it between the read and the write: look again.
        if (!(err instanceof ConcurrencyError || err instanceof AlreadyExistsError)) throw err;
      }
    }
  }

  /** Extends a held lease; throws ConcurrencyError if it was lost (expired and taken). */
  renewLease(lease: ImportLease, etag: string): Promise<string> {
    return this.leases.replace(lease, etag);
  }

  /** Lets the lease go, unless another run has since taken it. */
  async releaseLease(urn: string, etag: string): Promise<void> {
    try {
      await this.leases.delete(urn, 'lease', etag);
    } catch (err) {
      if (!(err instanceof ConcurrencyError)) throw err;
    }
  }

  async currentLease(urn: string): Promise<Stored<ImportLease> | undefined> {
    return this.leases.get(urn, 'lease');
  }
}
