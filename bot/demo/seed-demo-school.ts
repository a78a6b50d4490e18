/**
 * Puts the demo school into an empty store, so that `npm start` on a fresh machine shows a school.
 *
 * The school row is written last and is the claim. Until it exists no part of the app sees the demo
 * school, so nobody reads it half-written; a start interrupted part-way leaves no school row, and the
 * next start writes everything again. Two servers starting at once both write the same rows (same
 * seed, same day, idempotent upserts) and then race to insert the school row: exactly one insert
 * wins, and the loser writes nothing more.
 */
import type { JsonTable, Keys } from '../store/json-table';
import { AlreadyExistsError } from '../store/errors';
import type { Repositories } from '../store/repositories';
import { academicYearOf } from '../domain/session-marks';
import type { CrossingCases } from '../jobs/band-crossing-cases';
import { SchoolFigures } from '../jobs/recompute-figures';
import { FiguresRepository } from '../store/figures-repository';
import { schoolDayOnOrBefore } from './demo-calendar';
import { generateDemoSchool, type DemoSchool } from './demo-school';

export interface SeedDemoSchoolResult {
  /** True only for the call that wrote the demo school. */
  seeded: boolean;
  /** The demo school's URN, or the URN of the school already there. */
  urn: string;
  /** Pupils written by this call: 0 when it seeded nothing. */
  pupils: number;
  /** The seeded school's register day, or the existing school's latest school day on or before today ('' if it has none). */
  registerDay: string;
}

export async function seedDemoSchoolIfEmpty(repos: Repositories, options: { today: string; seed?: number }): Promise<SeedDemoSchoolResult> {
  const existing = (await repos.schools.list()).sort((a, b) => (a.urn < b.urn ? -1 : a.urn > b.urn ? 1 : 0));
  if (existing.length > 0) {
    const school = existing[0];
    return { seeded: false, urn: school.urn, pupils: 0, registerDay: schoolDayOnOrBefore(school, options.today) ?? '' };
  }

  const demo = generateDemoSchool(options);
  const urn = demo.school.urn;
  const leftovers = await rowsFromAnEarlierAttempt(repos, demo);
  await Promise.all([
    repos.pupils.upsertMany(urn, demo.pupils),
    repos.contacts.upsertMany(urn, demo.contacts),
    repos.marks.upsertMany(urn, demo.marks),
    repos.absenceReports.upsertMany(urn, demo.reports),
  ]);
  await Promise.all(leftovers.map((l) => l.remove()));

  try {
    await repos.schools.insert(demo.school);
  } catch (err) {
    if (err instanceof AlreadyExistsError) return { seeded: false, urn, pupils: 0, registerDay: demo.registerDay };
    throw err;
  }
  return { seeded: true, urn, pupils: demo.pupils.length, registerDay: demo.registerDay };
}

export interface DemoFiguresResult {
  /** True when this call computed the figures (there were none for the register day's year). */
  computed: boolean;
  academicYear: number;
  /** Cases opened or updated for band crossings no one had acted on. */
  cases: CrossingCases;
}

/**
 * The demo school's attendance figures and a Support First case for each pupil in a band, so that the tab
 * has something to show after `npm start`. The figures are computed once, to the register day, when the
 * year has none (after seeding, or on the start after one that stopped before they were stored); later
 * days are the nightly job's. The sweep of crossings runs on every start: it opens any case a stopped
 * start left unopened, and otherwise reads one case header per crossing.
 */
export async function figureDemoSchool(repos: Repositories, options: { urn: string; registerDay: string; now?: () => Date }): Promise<DemoFiguresResult> {
  const figures = new FiguresRepository({ store: repos.store });
  const job = new SchoolFigures({ repos, figures, ...(options.now ? { now: options.now } : {}) });
  const academicYear = academicYearOf(options.registerDay);
  if (await figures.getSchool(options.urn, academicYear)) {
    return { computed: false, academicYear, cases: await job.openCasesForCrossings(options.urn, academicYear) };
  }
  const done = await job.recomputeFigures(options.urn, options.registerDay);
  return { computed: true, academicYear, cases: done.cases };
}

/**
 * Rows in the demo school's partitions that this generation does not write: left by a start that was
 * stopped before it wrote the school row, on another day. On an empty store each read finds nothing.
 */
async function rowsFromAnEarlierAttempt(repos: Repositories, demo: DemoSchool): Promise<{ remove: () => Promise<void> }[]> {
  const urn = demo.school.urn;
  const academicYear = academicYearOf(demo.registerDay);
  return Promise.all([
    staleRows(repos.pupils.table, urn, demo.pupils.map((p) => ({ ...p, urn }))),
    staleRows(repos.contacts.table, urn, demo.contacts.map((c) => ({ ...c, urn }))),
    staleRows(repos.marks.table, `${urn}|${academicYear}`, demo.marks.map((m) => ({ ...m, urn }))),
    staleRows(repos.absenceReports.table, urn, demo.reports.map((r) => ({ ...r, urn }))),
  ]);
}

async function staleRows<T>(table: JsonTable<T>, partition: string, keep: T[]): Promise<{ remove: () => Promise<void> }> {
  const wanted = new Set(keep.map((v) => table.keysOf(v).rowKey));
  const stale: Keys[] = [];
  for (const row of await table.list(partition)) {
    const keys = table.keysOf(row.value);
    if (!wanted.has(keys.rowKey)) stale.push(keys);
  }
  return { remove: () => table.deleteMany(stale) };
}
