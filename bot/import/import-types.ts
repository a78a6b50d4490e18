/** The import's public shapes: what a caller hands in, and what it gets back. */
import type { ImportProblem } from './problems';

export const IMPORT_FILE_KINDS = ['staff', 'calendar', 'pupils', 'contacts', 'marks', 'lates', 'reports'] as const;
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
  /** Read and check every file as usual, then stop: no hold on the school, nothing written (audited as import.check). */
  checkOnly?: boolean;
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
  /** Present when the import had a staff file: the list it replaced, and the sign-in names of those who left. */
  staff?: { added: number; updated: number; unchanged: number; left: string[] };
  /** Present when the import had a calendar file. */
  calendar?: CalendarSummary;
  /** The attendance figures of the pupils the import touched, and the Support First cases their band crossings opened. */
  figures?: ImportFigures;
}

export interface CalendarSummary {
  /** The academic years (by their first calendar year) whose terms and closures the file replaced. */
  academicYears: number[];
  terms: number;
  /** INSET days and other closures, as weekdays closed. */
  insetDays: number;
  closures: number;
  /** Bank holidays on weekdays in term, closed without being listed. */
  bankHolidays: { date: string; title: string }[];
  /** Set when a term runs past the last day Firstday knows bank holidays for (list later ones as closures). */
  bankHolidaysKnownTo?: string;
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
  /** Check only: every file was read and has no problem; nothing was written. */
  | { status: 'checked'; files: ImportedFile[] }
  /** Nothing was written: the files need fixing. `errorCount` counts every problem; `errors` lists the first hundred. */
  | { status: 'rejected'; errors: ImportProblem[]; errorCount: number }
  | { status: 'unknown-school'; urn: string; message: string }
  /** Another import for the school is being applied; nothing was written. */
  | { status: 'busy'; message: string }
  /** Writing failed. rolledBack: the store is as it was; otherwise run the same import again to complete it. */
  | { status: 'failed'; importId: string; message: string; rolledBack: boolean };
