/**
 * A school's data import: its staff list and calendar, pupils, contacts, register marks, the lates register
 * and absence reports, as CSV files from the MIS. Every file is read and checked in full (including that every contact, mark and report
 * is for a pupil in the import or on roll) before anything is written; then everything is written or nothing.
 * The same files imported twice change nothing, and an import that stopped part-way completes when re-run.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { Pupil } from '../domain/pupil';
import type { BankHolidays } from '../domain/bank-holidays';
import type { School, StaffMember } from '../domain/school';
import { toLocal } from '../domain/clock';
import { dateOfSessionIndex } from '../domain/session-marks';
import { SchoolFigures } from '../jobs/recompute-figures';
import type { Stored } from '../store/json-table';
import type { Repositories } from '../store/repositories';
import { JsonLogger, type Logger } from '../platform/logger';
import { planCalendar, readCalendarFile, type CalendarEntry } from './calendar-file';
import { readContactsFile, type ContactsSeen } from './contacts-file';
import { IncomingMarks } from './incoming-marks';
import { ImportJournalRepository, type ImportJournalEntry, type ImportLease } from './import-journal-repository';
import { IMPORT_FILE_KINDS, type CalendarSummary, type ImportFile, type ImportFigures, type ImportInput, type ImportResult, type ImportedFile, type ImportFileKind, type ImportSummary } from './import-types';
import { ImportWriteError, ImportWriter, type ImportPlan } from './import-writer';
import { knownBankHolidays } from './known-bank-holidays';
import { readLatesFile } from './lates-file';
import { readMarksFile } from './marks-file';
import type { MarksFileContext } from './marks-file-context';
import { describeProblem, Problems } from './problems';
import { PupilDirectory } from './pupil-directory';
import { readPupilsFile, type FirstSeen } from './pupils-file';
import { readReportsFile, type ReportsSeen } from './reports-file';
import { checkStaffList, newStaffSeen, readStaffFile, staffListFrom, type StaffRow } from './staff-file';

/** The largest file taken: a secondary school's full year of marks, one row per session, is about 30 MB. */
export const MAX_FILE_BYTES = 50 * 1024 * 1024;
/** Files in one import; more is a mistake (and a file's number is kept in a byte per mark). */
export const MAX_FILES = 20;
/** How long an import's hold on its school lasts without renewal: a run that dies frees the school after this. */
export const LEASE_TTL_MS = 2 * 60_000;

/** Pupils before the files that refer to them; lates after marks, which they override. */
const ORDER: Record<ImportFileKind, number> = { staff: 0, calendar: 1, pupils: 2, contacts: 3, marks: 4, lates: 5, reports: 6 };

export interface SchoolImportOptions {
  repos: Repositories;
  now?: () => Date;
  /**
   * Called once an import that replaced the staff list is written, with those no longer on it, so that what
   * they held (claimed cards) can be handed back and the newcomers found in Teams. Its errors are logged; the
   * import stands.
   */
  onStaffReplaced?: (urn: string, leavers: StaffMember[]) => Promise<void>;
  logger?: Logger;
  /** England's bank holidays; by default the copy of GOV.UK's list in bot/data/bank-holidays.json. */
  bankHolidays?: BankHolidays;
}

export class SchoolImport {
  private readonly repos: Repositories;
  private readonly journal: ImportJournalRepository;
  private readonly figures: SchoolFigures;
  private readonly now: () => Date;
  private readonly onStaffReplaced: SchoolImportOptions['onStaffReplaced'];
  private readonly logger: Logger;
  private readonly bankHolidays: BankHolidays | undefined;

  constructor(options: SchoolImportOptions) {
    this.repos = options.repos;
    this.journal = new ImportJournalRepository({ store: options.repos.store });
    this.now = options.now ?? (() => new Date());
    this.figures = new SchoolFigures({ repos: options.repos, now: this.now });
    this.onStaffReplaced = options.onStaffReplaced;
    this.logger = options.logger ?? new JsonLogger();
    this.bankHolidays = options.bankHolidays;
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

    if (input.checkOnly) {
      // The same reading as an import, without the school's hold: a check never waits for an import, nor blocks one.
      const storedPupils = new Map((await this.repos.pupils.list(urn)).map((p) => [p.upn, p]));
      const { files } = await readFiles(input.files, stored, storedPupils, problems, this.holidays());
      if (problems.any) return this.reject(input, problems);
      await this.audit(input, 'ok', `checked ${files.map((f) => `${f.name} (${f.kind}, ${f.rows} rows)`).join(', ')}: no problems`);
      return { status: 'checked', files };
    }

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

      // Read again under the hold: its ETag guards the staff list and calendar this import may write.
      const current = (await this.repos.schools.get(urn)) ?? stored;
      const storedPupils = new Map((await this.repos.pupils.list(urn)).map((p) => [p.upn, p]));
      const { plan, files } = await readFiles(input.files, current, storedPupils, problems, this.holidays());
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
      // Those who left lose access with the write; what they held is handed back whatever follows.
      const leavers = summary.staff ? plan.school.value.staff.filter((s) => summary.staff!.left.includes(s.upn)) : undefined;
      // Under the same hold on the school, and before the journal says "applied": if this stops, the same
      // files run again recompute the same pupils and open any case still missing.
      try {
        await renew();
        const figures = await this.updateFigures(school, plan);
        if (figures) summary.figures = figures;
      } catch (err) {
        const message = `the import was written, but updating the attendance figures failed (${err instanceof Error ? err.message : String(err)}): run the same import again to complete it`;
        await this.audit(input, 'failed', `import ${importId.slice(0, 12)}: ${message}`).catch(() => undefined);
        await this.staffLeft(urn, leavers);
        return { status: 'failed', importId, message, rolledBack: false };
      }
      await this.journal.put({ ...entry, status: 'applied', finishedAt: this.now().toISOString(), summary });
      await this.audit(input, 'ok', `import ${importId.slice(0, 12)}: ${describeSummary(summary)}`);
      await this.staffLeft(urn, leavers);
      return { status: 'imported', importId, summary };
    } finally {
      // If the release fails the lease simply expires; the import's outcome stands either way.
      await this.journal.releaseLease(urn, etag).catch(() => undefined);
    }
  }

  private holidays(): BankHolidays {
    return this.bankHolidays ?? knownBankHolidays();
  }

  private async staffLeft(urn: string, leavers: StaffMember[] | undefined): Promise<void> {
    if (!leavers || !this.onStaffReplaced) return;
    try {
      await this.onStaffReplaced(urn, leavers);
    } catch (err) {
      this.logger.error('Handing back what staff who left held failed; the import stands', { urn, leavers: leavers.length, error: err instanceof Error ? err.message : String(err) });
    }
  }

  /** The figures of the pupils whose records or marks the import brought, and the cases their crossings open. */
  private async updateFigures(school: School, plan: ImportPlan): Promise<ImportFigures | undefined> {
    // A new calendar changes every pupil's possible sessions; a staff list alone changes no figure.
    const upns = new Set(plan.calendar ? plan.storedPupils.keys() : []);
    for (const p of plan.pupils) upns.add(p.upn);
    let latestMarked: string | undefined;
    for (const academicYear of plan.marks.academicYears()) {
      for (const year of plan.marks.forYear(academicYear)) {
        upns.add(year.upn);
        const last = dateOfSessionIndex(academicYear, year.maxIndex).date;
        if (!latestMarked || last > latestMarked) latestMarked = last;
      }
    }
    const pupilData = plan.pupils.length > 0 || plan.contacts !== undefined || plan.reports.length > 0 || upns.size > 0;
    if (!pupilData) return undefined;
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
    await this.audit(input, 'failed', `${input.checkOnly ? 'checked: ' : ''}rejected with ${problems.count} problem${problems.count === 1 ? '' : 's'}; the first: ${describeProblem(first)}`);
    return { status: 'rejected', errors: problems.list, errorCount: problems.count };
  }

  private audit(input: ImportInput, outcome: 'ok' | 'failed', detail: string): Promise<void> {
    return this.repos.audit.record({
      urn: input.urn,
      at: this.now().toISOString(),
      actorId: input.actor,
      ...(input.actorName ? { actorName: input.actorName } : {}),
      action: input.checkOnly ? 'import.check' : 'import.apply',
      source: input.source,
      outcome,
      detail,
    });
  }
}

function checkFiles(files: ImportFile[], problems: Problems): void {
  if (files.length === 0) problems.add({ file: '(none)', message: `no files were given: give at least one of ${IMPORT_FILE_KINDS.join(', ')}` });
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
async function readFiles(
  files: ImportFile[],
  schoolRow: Stored<School>,
  storedPupils: Map<string, Pupil>,
  problems: Problems,
  holidays: BankHolidays,
): Promise<{ plan: ImportPlan; files: ImportedFile[] }> {
  const school = schoolRow.value;
  const directory = new PupilDirectory(school.urn, storedPupils.keys());
  const plan: ImportPlan = { urn: school.urn, school: schoolRow, storedPupils, pupils: [], marks: new IncomingMarks(), reports: [] };
  const staffSeen = newStaffSeen();
  const staffRows: StaffRow[] = [];
  const calendarEntries: CalendarEntry[] = [];
  // The staff list and the calendar are also checked whole, once their rows are all good.
  let staffRowsBad = false;
  let calendarRowsBad = false;
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
      case 'staff': {
        const before = problems.count;
        const read = readStaffFile(file.content, fileProblems, staffSeen);
        staffRows.push(...read.staff);
        staffRowsBad ||= problems.count > before;
        rows.set(file, read.rows);
        break;
      }
      case 'calendar': {
        const before = problems.count;
        const read = readCalendarFile(file.content, fileProblems);
        calendarEntries.push(...read.entries);
        calendarRowsBad ||= problems.count > before;
        rows.set(file, read.rows);
        break;
      }
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
  const staffFiles = files.filter((f) => f.kind === 'staff');
  if (staffFiles.length) {
    if (!staffRowsBad) checkStaffList(staffRows, school, problems.forFile(staffFiles[0].name));
    plan.staff = staffListFrom(staffRows, school.staff);
  }
  const calendarFiles = files.filter((f) => f.kind === 'calendar');
  if (calendarFiles.length && !calendarRowsBad) {
    plan.calendar = planCalendar(calendarEntries, calendarFiles.map((f) => f.name), school, holidays, problems);
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
    s.staff && `staff: ${s.staff.added} added, ${s.staff.updated} updated, ${s.staff.unchanged} unchanged, ${s.staff.left.length} left${s.staff.left.length ? ` (${s.staff.left.join(', ')})` : ''}`,
    s.calendar && describeCalendar(s.calendar),
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

function describeCalendar(c: CalendarSummary): string {
  const years = c.academicYears.map((y) => `${y}/${String(y + 1).slice(2)}`).join(' and ');
  const holidays = c.bankHolidays.length ? `${c.bankHolidays.length} bank holiday${c.bankHolidays.length === 1 ? '' : 's'} in term closed (${c.bankHolidays.map((h) => h.date).join(', ')})` : 'no bank holiday in term';
  const unknown = c.bankHolidaysKnownTo ? `; Firstday knows bank holidays only to ${c.bankHolidaysKnownTo}: list later ones as closures` : '';
  return `calendar for ${years}: ${c.terms} terms, ${c.insetDays} INSET days, ${c.closures} other closure days, ${holidays}${unknown}`;
}

function describeFigures(f: ImportFigures): string {
  const cases = [f.cases.opened && `${f.cases.opened} opened`, f.cases.reopened && `${f.cases.reopened} reopened`, f.cases.bandRecorded && `${f.cases.bandRecorded} moved to a lower band`].filter(Boolean);
  return `attendance figures for ${f.pupils} pupils to ${f.asOf}: ${f.crossings ? `${f.crossings} crossed a band` : 'no one crossed a band'}${cases.length ? `; Support First cases ${cases.join(', ')}` : ''}`;
}

function megabytes(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
