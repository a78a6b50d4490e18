/** The import's public shapes: what a caller hands in, and what it gets back. */
import type { ImportProblem } from './problems';

export const IMPORT_FILE_KINDS = ['pupils', 'contacts', 'marks', 'lates', 'reports'] as const;
export type ImportFileKind = (typeof IMPORT_FILE_KINDS)[number];

export interface ImportFile {
  kind: ImportFileKind;
  /** The file's name, used in every message about it. */
  name: string;
  content: Buffer;
}

export interface ImportInput {
  urn: string;
  files: ImportFile[];
  /** Who runs it: a staff member's UPN or Entra object id, "service", or the CLI's user. */
  actor: string;
  actorName?: string;
  /** Where from, for the audit log: "api", "cli", plus the client address where there is one. */
  source: string;
}

export interface ImportedFile {
  kind: ImportFileKind;
  name: string;
  bytes: number;
  /** Data rows read (blank rows not counted). */
  rows: number;
}

export interface ImportSummary {
  files: ImportedFile[];
  pupils: { added: number; updated: number; unchanged: number };
  contacts: { pupils: number; added: number; updated: number; removed: number; unchanged: number };
  /** Register marks and late arrivals read, sessions whose stored mark changed, pupil-year records written. */
  marks: { marks: number; lates: number; sessionsChanged: number; recordsWritten: number };
  reports: { added: number; updated: number; unchanged: number };
  /** The attendance figures of the pupils the import touched, and the Support First cases their band crossings opened. */
  figures?: ImportFigures;
}

export interface ImportFigures {
  academicYear: number;
  /** The date the figures run to. */
  asOf: string;
  pupils: number;
  /** Pupils who crossed one of the school's bands for the first time. */
  crossings: number;
  /** Cases opened, reopened or moved to a lower band for crossings not yet acted on (this import's, or an earlier run's). */
  cases: { opened: number; reopened: number; bandRecorded: number };
}

export type ImportResult =
  | { status: 'imported'; importId: string; summary: ImportSummary }
  | { status: 'already-imported'; importId: string; importedAt: string; importedBy: string; summary?: ImportSummary }
  /** Nothing was written: the files need fixing. `errorCount` counts every problem; `errors` lists the first hundred. */
  | { status: 'rejected'; errors: ImportProblem[]; errorCount: number }
  | { status: 'unknown-school'; urn: string; message: string }
  /** Another import for the school is being applied; nothing was written. */
  | { status: 'busy'; message: string }
  /** Writing failed. rolledBack: the store is as it was; otherwise run the same import again to complete it. */
  | { status: 'failed'; importId: string; message: string; rolledBack: boolean };
