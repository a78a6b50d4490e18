/**
 * A school's data import: pupils, contacts, register marks, the lates register and absence reports, as CSV
 * files from the MIS. Every file is read and checked in full (including that every contact, mark and report
 * is for a pupil in the import or on roll) before anything is written; then everything is written or nothing.
 * The same files imported twice change nothing, and an import that stopped part-way completes when re-run.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { Pupil } from '../domain/pupil';
import type { School } from '../domain/school';
import { toLocal } from '../domain/clock';
import { dateOfSessionIndex } from '../domain/session-marks';
import { SchoolFigures } from '../jobs/recompute-figures';
import type { Repositories } from '../store/repositories';
import { readContactsFile, type ContactsSeen } from './contacts-file';
import { IncomingMarks } from './incoming-marks';
import { ImportJournalRepository, type ImportJournalEntry, type ImportLease } from './import-journal-repository';
import { IMPORT_FILE_KINDS, type ImportFile, type ImportFigures, type ImportInput, type ImportResult, type ImportedFile, type ImportFileKind, type ImportSummary } from './import-types';
import { ImportWriteError, ImportWriter, type ImportPlan } from './import-writer';
import { readLatesFile } from './lates-file';
import { readMarksFile } from './marks-file';
import type { MarksFileContext } from './marks-file-context';
import { describeProblem, Problems } from './problems';
import { PupilDirectory } from './pupil-directory';
import { readPupilsFile, type FirstSeen } from './pupils-file';
import { readReportsFile, type ReportsSeen } from './reports-file';

/** The largest file taken: a secondary school's full year of marks, one row per session, is about 30 MB. */
export const MAX_FILE_BYTES = 50 * 1024 * 1024;
/** Files in one import; more is a mistake (and a file's number is kept in a byte per mark). */
export const MAX_FILES = 20;
/** How long an import's hold on its school lasts without renewal: a run that dies frees the school after this. */
export const LEASE_TTL_MS = 2 * 60_000;

/** Pupils first, so every other file can refer to pupils the import adds; lates after marks, which they override. */
const ORDER: Record<ImportFileKind, number> = { pupils: 0, contacts: 1, marks: 2, lates: 3, reports: 4 };

export interface SchoolImportOptions {
  repos: Repositories;
  now?: () => Date;
}

export class SchoolImport {
  private readonly repos: Repositories;
  private readonly journal: ImportJournalRepository;
  private readonly figures: SchoolFigures;
  private readonly now: () => Date;

  constructor(options: SchoolImportOptions) {
    this.repos = options.repos;
    this.journal = new ImportJournalRepository({ store: options.repos.store });
    this.now = options.now ?? (() => new Date());
    this.figures = new SchoolFigures({ repos: options.repos, now: this.now });
  }

  async run(input: ImportInput): Promise<ImportResult> {
    const { urn } = input;
    const stored = await this.repos.schools.get(urn);
    if (!stored) {
      return {
        status: 'unknown-school',
        urn,
        message: `There is no school with URN ${urn} in Firstday. A school must be set up before its data can be imported (the server sets up the demo school 100001 the first time it starts).`,
      };
    }
    const school = stored.value;
    const problems = new Problems();
    checkFiles(input.files, problems);
    if (problems.any) return this.reject(input, problems);

    const importId = contentHash(input.files);
    const done = await this.journal.get(urn, importId);
    if (done?.status === 'applied') return alreadyImported(done);

    const lease: ImportLease = {
      urn,
      runId: randomUUID(),
      importId,
      actorId: input.actor,
      ...(input.actorName ? { actorName: input.actorName } : {}),
      source: input.source,
      startedAt: this.now().toISOString(),
      expiresAt: new Date(this.now().getTime() + LEASE_TTL_MS).toISOString(),
    };
    const attempt = await this.journal.acquireLease(lease, this.now());
    if (!attempt.acquired) return busy(attempt.heldBy, school);
    let etag = attempt.etag;
    try {
      // Another run with the same files may have finished while this one waited for the lease.
      const finished = await this.journal.get(urn, importId);
      if (finished?.status === 'applied') return alreadyImported(finished);

      const storedPupils = new Map((await this.repos.pupils.list(urn)).map((p) => [p.upn, p]));
      const { plan, files } = await readFiles(input.files, school, storedPupils, problems);
      if (problems.any) return this.reject(input, problems);

      const entry: ImportJournalEntry = {
        urn,
        importId,
        status: 'applying',
        actorId: input.actor,
        ...(input.actorName ? { actorName: input.actorName } : {}),
        source: input.source,
        startedAt: lease.startedAt,
        files,
      };
      await this.journal.put(entry);
      const renew = async () => {
        lease.expiresAt = new Date(this.now().getTime() + LEASE_TTL_MS).toISOString();
        try {
          etag = await this.journal.renewLease(lease, etag);
        } catch {
          throw new Error(`the import's hold on school ${urn} expired and another import took it over`);
        }
      };
      const writer = new ImportWriter({ repos: this.repos, beforeEachStep: renew });
      let summary: ImportSummary;
      try {
        summary = { files, ...(await writer.write(plan)) };
      } catch (err) {
        if (!(err instanceof ImportWriteError)) throw err;
        // Rolled back: the journal forgets the run, so the same files import afresh next time. Storage that has
        // just failed may refuse these writes too; an "applying" entry left behind only means a re-run applies
        // the files, and the caller must still learn the outcome.
        if (err.rolledBack) await this.journal.remove(urn, importId).catch(() => undefined);
        await this.audit(input, 'failed', `import ${importId.slice(0, 12)} failed: ${err.message}`).catch(() => undefined);
        return { status: 'failed', importId, message: err.message, rolledBack: err.rolledBack };
      }
      // Under the same hold on the school, and before the journal says "applied": if this stops, the same
      // files run again recompute the same pupils and open any case still missing.
      try {
        await renew();
        summary.figures = await this.updateFigures(school, plan);
      } catch (err) {
        const message = `the import was written, but updating the attendance figures failed (${err instanceof Error ? err.message : String(err)}): run the same import again to complete it`;
        await this.audit(input, 'failed', `import ${importId.slice(0, 12)}: ${message}`).catch(() => undefined);
        return { status: 'failed', importId, message, rolledBack: false };
      }
      await this.journal.put({ ...entry, status: 'applied', finishedAt: this.now().toISOString(), summary });
      await this.audit(input, 'ok', `import ${importId.slice(0, 12)}: ${describeSummary(summary)}`);
      return { status: 'imported', importId, summary };
    } finally {
      // If the release fails the lease simply expires; the import's outcome stands either way.
      await this.journal.releaseLease(urn, etag).catch(() => undefined);
    }
  }

  /** The figures of the pupils whose records or marks the import brought, and the cases their crossings open. */
  private async updateFigures(school: School, plan: ImportPlan): Promise<ImportFigures> {
    const upns = new Set(plan.pupils.map((p) => p.upn));
    let latestMarked: string | undefined;
    for (const academicYear of plan.marks.academicYears()) {
      for (const year of plan.marks.forYear(academicYear)) {
        upns.add(year.upn);
        const last = dateOfSessionIndex(academicYear, year.maxIndex).date;
        if (!latestMarked || last > latestMarked) latestMarked = last;
      }
    }
    const today = toLocal(this.now(), school.timeZone).date;
    const done = await this.figures.afterImport(school.urn, { upns: [...upns], today, ...(latestMarked ? { latestMarked } : {}) });
    return {
      academicYear: done.academicYear,
      asOf: done.asOf,
      pupils: done.pupils,
      crossings: done.crossings.length,
      cases: { opened: done.cases.opened, reopened: done.cases.reopened, bandRecorded: done.cases.bandRecorded },
    };
  }

  private async reject(input: ImportInput, problems: Problems): Promise<ImportResult> {
    const first = problems.list[0];
    await this.audit(input, 'failed', `rejected with ${problems.count} problem${problems.count === 1 ? '' : 's'}; the first: ${describeProblem(first)}`);
    return { status: 'rejected', errors: problems.list, errorCount: problems.count };
  }

  private audit(input: ImportInput, outcome: 'ok' | 'failed', detail: string): Promise<void> {
    return this.repos.audit.record({
      urn: input.urn,
      at: this.now().toISOString(),
      actorId: input.actor,
      ...(input.actorName ? { actorName: input.actorName } : {}),
      action: 'import.apply',
      source: input.source,
      outcome,
      detail,
    });
  }
}

function checkFiles(files: ImportFile[], problems: Problems): void {
  if (files.length === 0) problems.add({ file: '(none)', message: 'no files were given: give at least one of pupils, contacts, marks, lates or reports' });
  if (files.length > MAX_FILES) problems.add({ file: '(all)', message: `${files.length} files were given; one import takes at most ${MAX_FILES}` });
  for (const file of files) {
    if (!(IMPORT_FILE_KINDS as readonly string[]).includes(file.kind)) {
      problems.add({ file: file.name, message: `"${file.kind}" is not a kind of file the import takes: use ${IMPORT_FILE_KINDS.join(', ')}` });
    }
    if (file.content.length > MAX_FILE_BYTES) {
      problems.add({ file: file.name, message: `the file is too large (${megabytes(file.content.length)}); the import takes files up to ${MAX_FILE_BYTES / 1024 / 1024} MB: export a shorter date range` });
    }
  }
}

/** Reads every file in dependency order; the problems collect everything wrong, across all files. */
async function readFiles(files: ImportFile[], school: School, storedPupils: Map<string, Pupil>, problems: Problems): Promise<{ plan: ImportPlan; files: ImportedFile[] }> {
  const directory = new PupilDirectory(school.urn, storedPupils.keys());
  const plan: ImportPlan = { urn: school.urn, storedPupils, pupils: [], marks: new IncomingMarks(), reports: [] };
  const pupilsSeen: FirstSeen = new Map();
  const contactsSeen: ContactsSeen = new Map();
  const reportsSeen: ReportsSeen = new Map();
  const rows = new Map<ImportFile, number>();
  const ordered = files.map((file, fileNo) => ({ file, fileNo })).sort((a, b) => ORDER[a.file.kind] - ORDER[b.file.kind]);
  for (const { file, fileNo } of ordered) {
    const fileProblems = problems.forFile(file.name);
    const marksContext: MarksFileContext = {
      school,
      directory,
      fileNo,
      where: (earlier) => (earlier.file === fileNo ? `line ${earlier.line}` : `${files[earlier.file].name} line ${earlier.line}`),
    };
    switch (file.kind) {
      case 'pupils': {
        const read = readPupilsFile(file.content, fileProblems, directory, pupilsSeen);
        plan.pupils.push(...read.updates);
        rows.set(file, read.rows);
        break;
      }
      case 'contacts': {
        const read = readContactsFile(file.content, fileProblems, directory, contactsSeen);
        plan.contacts ??= { pupils: new Set(), contacts: [] };
        for (const upn of read.pupils) plan.contacts.pupils.add(upn);
        plan.contacts.contacts.push(...read.contacts);
        rows.set(file, read.rows);
        break;
      }
      case 'marks':
        rows.set(file, (await readMarksFile(file.content, fileProblems, marksContext, plan.marks)).rows);
        break;
      case 'lates':
        rows.set(file, (await readLatesFile(file.content, fileProblems, marksContext, plan.marks)).rows);
        break;
      case 'reports': {
        const read = readReportsFile(file.content, fileProblems, school, directory, reportsSeen);
        plan.reports.push(...read.reports);
        rows.set(file, read.rows);
        break;
      }
    }
  }
  return { plan, files: files.map((f) => ({ kind: f.kind, name: f.name, bytes: f.content.length, rows: rows.get(f) ?? 0 })) };
}

/** The files' identity: their kinds and contents, not their names or order. */
export function contentHash(files: ImportFile[]): string {
  const parts = files.map((f) => `${f.kind}:${createHash('sha256').update(f.content).digest('hex')}`).sort();
  return createHash('sha256').update(parts.join('\n')).digest('hex');
}

function alreadyImported(entry: ImportJournalEntry): ImportResult {
  return {
    status: 'already-imported',
    importId: entry.importId,
    importedAt: entry.finishedAt ?? entry.startedAt,
    importedBy: entry.actorName ?? entry.actorId,
    ...(entry.summary ? { summary: entry.summary } : {}),
  };
}

function busy(holder: ImportLease, school: School): ImportResult {
  const at = (iso: string) => toLocal(new Date(iso), school.timeZone).time;
  return {
    status: 'busy',
    message: `Another import for school ${school.urn} is being written (started at ${at(holder.startedAt)} by ${holder.actorName ?? holder.actorId} via ${holder.source}). Nothing was written: try again after ${at(holder.expiresAt)}.`,
  };
}

export function describeSummary(s: ImportSummary): string {
  const has = (...kinds: ImportFileKind[]) => s.files.some((f) => kinds.includes(f.kind));
  return [
    s.files.map((f) => `${f.name} (${f.kind}, ${f.rows} rows)`).join(', '),
    has('pupils') && `pupils: ${s.pupils.added} added, ${s.pupils.updated} updated, ${s.pupils.unchanged} unchanged`,
    has('contacts') &&
      `contacts for ${s.contacts.pupils} pupils: ${s.contacts.added} added, ${s.contacts.updated} updated, ${s.contacts.removed} removed, ${s.contacts.unchanged} unchanged`,
    has('marks', 'lates') &&
      `marks: ${s.marks.marks} register marks and ${s.marks.lates} lates read, ${s.marks.sessionsChanged} sessions changed in ${s.marks.recordsWritten} pupil records`,
    has('reports') && `absence reports: ${s.reports.added} added, ${s.reports.updated} updated, ${s.reports.unchanged} unchanged`,
    s.figures && describeFigures(s.figures),
  ]
    .filter(Boolean)
    .join('; ');
}

function describeFigures(f: ImportFigures): string {
  const cases = [f.cases.opened && `${f.cases.opened} opened`, f.cases.reopened && `${f.cases.reopened} reopened`, f.cases.bandRecorded && `${f.cases.bandRecorded} moved to a lower band`].filter(Boolean);
  return `attendance figures for ${f.pupils} pupils to ${f.asOf}: ${f.crossings ? `${f.crossings} crossed a band` : 'no one crossed a band'}${cases.length ? `; Support First cases ${cases.join(', ')}` : ''}`;
}

function megabytes(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
