/**
 * Writes a validated import through the repositories, all or nothing. Everything it will overwrite is read
 * first (the marks must be read anyway, to merge into), so when a write fails part-way every row it may have
 * touched is put back as it was and every row it may have added is removed. Only rows whose content changes
 * are written.
 */
import type { AbsenceReport } from '../domain/absence-report';
import type { Contact, Pupil } from '../domain/pupil';
import type { School, StaffMember } from '../domain/school';
import type { PupilYearMarks } from '../domain/session-marks';
import type { JsonTable, Keys, Stored } from '../store/json-table';
import type { Repositories } from '../store/repositories';
import type { CalendarPlan } from './calendar-file';
import { mergeYear, type IncomingMarks } from './incoming-marks';
import type { ImportSummary } from './import-types';
import { applyPupilUpdate, type PupilUpdate } from './pupils-file';

export interface ImportPlan {
  urn: string;
  /** The school row as read under the import's lease: its ETag guards the write of the staff list and calendar. */
  school: Stored<School>;
  /** Present when the import has staff files: the school's whole new staff list. */
  staff?: StaffMember[];
  /** Present when the import has calendar files: the school's terms and closures after it. */
  calendar?: CalendarPlan;
  /** The school's pupils as read when the import was validated (under the school's import lease). */
  storedPupils: Map<string, Pupil>;
  pupils: PupilUpdate[];
  /** Present when the import has contacts files: those pupils' complete contact lists. */
  contacts?: { pupils: Set<string>; contacts: Contact[] };
  marks: IncomingMarks;
  reports: AbsenceReport[];
}

export type WriteCounts = Omit<ImportSummary, 'files'>;

/** Writing failed; `rolledBack` says whether the store was put back as it was. */
export class ImportWriteError extends Error {
  constructor(
    readonly writeError: unknown,
    readonly rolledBack: boolean,
    readonly rollbackError?: unknown,
  ) {
    super(
      rolledBack
        ? `writing the import failed and nothing was kept: ${messageOf(writeError)}`
        : `writing the import failed (${messageOf(writeError)}) and putting the store back failed too (${messageOf(rollbackError)}): run the same import again to complete it`,
    );
    this.name = 'ImportWriteError';
  }
}

interface Step {
  write(): Promise<void>;
  undo(): Promise<void>;
}

/** A row to write, with what was there before it (undefined: the row is new). */
interface Change<T> {
  before?: T;
  after: T;
}

export class ImportWriter {
  constructor(
    private readonly options: {
      repos: Repositories;
      /** Runs before each stage of writes (the school row, then the tables): the caller renews its lease here, and throws if it was lost. */
      beforeEachStep?: () => Promise<void>;
    },
  ) {}

  async write(plan: ImportPlan): Promise<WriteCounts> {
    const counts: WriteCounts = {
      pupils: { added: 0, updated: 0, unchanged: 0 },
      contacts: { pupils: 0, added: 0, updated: 0, removed: 0, unchanged: 0 },
      marks: { marks: plan.marks.marks, lates: plan.marks.lates, sessionsChanged: 0, recordsWritten: 0 },
      reports: { added: 0, updated: 0, unchanged: 0 },
    };
    // Every read happens before the first write, so a failure here leaves nothing to undo. The school row
    // goes first: a settings change made since it was read is the likeliest refusal, and then nothing is written.
    // The tables after it are independent of each other and are written side by side.
    const school = this.schoolStep(plan, counts);
    const tables = [
      this.pupilsStep(plan, counts),
      await this.contactsStep(plan, counts),
      await this.marksStep(plan, counts),
      await this.reportsStep(plan, counts),
    ].filter((s): s is Step => s !== undefined);
    const stages = [school ? [school] : [], tables].filter((stage) => stage.length > 0);

    const started: Step[] = [];
    try {
      for (const stage of stages) {
        await this.options.beforeEachStep?.();
        started.push(...stage);
        // Every write in the stage settles before a failure is acted on, so the undo runs over still tables.
        const outcomes = await Promise.allSettled(stage.map((step) => step.write()));
        const failed = outcomes.find((o): o is PromiseRejectedResult => o.status === 'rejected');
        if (failed) throw failed.reason;
      }
    } catch (err) {
      try {
        for (const step of started.reverse()) await step.undo();
      } catch (undoErr) {
        throw new ImportWriteError(err, false, undoErr);
      }
      throw new ImportWriteError(err, true);
    }
    return counts;
  }

  /** The staff list and calendar are fields of the one school row: written with the ETag it was read with. */
  private schoolStep(plan: ImportPlan, counts: WriteCounts): Step | undefined {
    if (!plan.staff && !plan.calendar) return undefined;
    const before = plan.school.value;
    const after: School = { ...before };
    if (plan.staff) {
      after.staff = plan.staff;
      const stored = new Map(before.staff.map((s) => [s.upn.toLowerCase(), s]));
      const kept = new Set(plan.staff.map((s) => s.upn.toLowerCase()));
      const staff = { added: 0, updated: 0, unchanged: 0, left: before.staff.filter((s) => !kept.has(s.upn.toLowerCase())).map((s) => s.upn) };
      for (const member of plan.staff) {
        const was = stored.get(member.upn.toLowerCase());
        if (!was) staff.added++;
        else if (sameRecord(was, member)) staff.unchanged++;
        else staff.updated++;
      }
      counts.staff = staff;
    }
    if (plan.calendar) {
      after.terms = plan.calendar.terms;
      after.closures = plan.calendar.closures;
      counts.calendar = plan.calendar.summary;
    }
    if (sameRecord(before, after)) return undefined;
    const schools = this.options.repos.schools;
    let written: string | undefined;
    return {
      async write() {
        // ConcurrencyError when the school was changed since it was read (e.g. in Settings): the import fails whole.
        written = await schools.replace(after, plan.school.etag);
      },
      async undo() {
        if (written) await schools.replace(before, written);
      },
    };
  }

  private pupilsStep(plan: ImportPlan, counts: WriteCounts): Step | undefined {
    const changes: Change<Pupil>[] = [];
    for (const update of plan.pupils) {
      const before = plan.storedPupils.get(update.upn);
      const after = applyPupilUpdate(update, before);
      if (before && sameRecord(before, after)) counts.pupils.unchanged++;
      else {
        changes.push({ before, after });
        if (before) counts.pupils.updated++;
        else counts.pupils.added++;
      }
    }
    return tableStep(this.options.repos.pupils.table, plan.urn, changes);
  }

  private async contactsStep(plan: ImportPlan, counts: WriteCounts): Promise<Step | undefined> {
    if (!plan.contacts) return undefined;
    const { pupils, contacts } = plan.contacts;
    counts.contacts.pupils = pupils.size;
    const key = (c: Contact) => `${c.pupilUpn}|${c.contactId}`;
    const stored = new Map((await this.options.repos.contacts.list(plan.urn)).filter((c) => pupils.has(c.pupilUpn)).map((c) => [key(c), c]));
    const changes: Change<Contact>[] = [];
    const kept = new Set<string>();
    for (const after of contacts) {
      const before = stored.get(key(after));
      kept.add(key(after));
      if (before && sameRecord(before, after)) counts.contacts.unchanged++;
      else {
        changes.push({ before, after });
        if (before) counts.contacts.updated++;
        else counts.contacts.added++;
      }
    }
    const removed = [...stored.values()].filter((c) => !kept.has(key(c)));
    counts.contacts.removed = removed.length;
    return tableStep(this.options.repos.contacts.table, plan.urn, changes, removed);
  }

  private async marksStep(plan: ImportPlan, counts: WriteCounts): Promise<Step | undefined> {
    const changes: Change<PupilYearMarks>[] = [];
    for (const academicYear of plan.marks.academicYears()) {
      const stored = new Map((await this.options.repos.marks.listYear(plan.urn, academicYear)).map((m) => [m.value.upn, m.value]));
      for (const incoming of plan.marks.forYear(academicYear)) {
        const before = stored.get(incoming.upn);
        const { merged, changed } = mergeYear(before, incoming);
        if (changed === 0) continue;
        counts.marks.sessionsChanged += changed;
        changes.push({ before, after: merged });
      }
    }
    counts.marks.recordsWritten = changes.length;
    return tableStep(this.options.repos.marks.table, plan.urn, changes);
  }

  private async reportsStep(plan: ImportPlan, counts: WriteCounts): Promise<Step | undefined> {
    if (plan.reports.length === 0) return undefined;
    const stored = new Map((await this.options.repos.absenceReports.list(plan.urn)).map((r) => [r.id, r]));
    const changes: Change<AbsenceReport>[] = [];
    for (const after of plan.reports) {
      const before = stored.get(after.id);
      if (before && sameRecord(before, after)) counts.reports.unchanged++;
      else {
        changes.push({ before, after });
        if (before) counts.reports.updated++;
        else counts.reports.added++;
      }
    }
    return tableStep(this.options.repos.absenceReports.table, plan.urn, changes);
  }
}

/** Writes the changes (and removes rows); undoing restores every before-image and removes every added row. */
function tableStep<T>(table: JsonTable<T & { urn: string }>, urn: string, changes: Change<T>[], removals: T[] = []): Step | undefined {
  if (changes.length === 0 && removals.length === 0) return undefined;
  const row = (value: T) => ({ ...value, urn });
  return {
    async write() {
      if (changes.length) await table.upsertMany(changes.map((c) => row(c.after)));
      if (removals.length) await table.deleteMany(removals.map((r) => table.keysOf(row(r))));
    },
    async undo() {
      const added = changes.filter((c) => !c.before).map((c) => table.keysOf(row(c.after)));
      const restore = [...changes.flatMap((c) => (c.before ? [c.before] : [])), ...removals];
      await deleteIfPresent(table, added);
      if (restore.length) await table.upsertMany(restore.map(row));
    },
  };
}

/** Rows a failed write may or may not have added: a batch delete fails on a missing row, so fall back to one by one. */
async function deleteIfPresent<T>(table: JsonTable<T>, keys: Keys[]): Promise<void> {
  if (keys.length === 0) return;
  try {
    await table.deleteMany(keys);
  } catch {
    const queue = [...keys];
    const worker = async () => {
      for (let k = queue.shift(); k; k = queue.shift()) await table.delete(k.partitionKey, k.rowKey);
    };
    await Promise.all(Array.from({ length: 8 }, worker));
  }
}

/** Same content, whatever the key order and however absent fields were written. */
export function sameRecord(a: unknown, b: unknown): boolean {
  return canonical(a) === canonical(b);
}

function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (!v || typeof v !== 'object' || Array.isArray(v)) return v;
    return Object.fromEntries(
      Object.entries(v as Record<string, unknown>)
        .filter(([, x]) => x !== undefined)
        .sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0)),
    );
  });
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
