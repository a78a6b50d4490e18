/**
 * Puts the demo school into an empty store, so that `npm start` on a fresh machine shows a school, by the
 * path a real school takes: created with the defaults (createSchool), one setting changed as its lead would
 * in Settings, then its staff, calendar, pupils, contacts, marks, lates and reports brought in by the
 * ordinary import, as CSV files rendered from the generated demo. Every start on empty storage runs the
 * import end to end.
 *
 * Two servers starting at once: createSchool lets exactly one create the school; the other stands back. A
 * start that stopped after creating the school and before its import was applied is finished by the next
 * start (the import is all or nothing, and the same files import once). Once the demo's import is applied,
 * later starts leave the school alone.
 */
import { createSchool, type SchoolCreator } from '../schools/create-school';
import { ConcurrencyError } from '../store/errors';
import type { Repositories } from '../store/repositories';
import { academicYearOf } from '../domain/session-marks';
import type { CrossingCases } from '../jobs/band-crossing-cases';
import { SchoolFigures } from '../jobs/recompute-figures';
import { FiguresRepository } from '../store/figures-repository';
import { ImportJournalRepository } from '../import/import-journal-repository';
import { describeProblem } from '../import/problems';
import { SchoolImport } from '../import/school-import';
import { knownBankHolidays } from '../import/known-bank-holidays';
import { schoolDayOnOrBefore } from './demo-calendar';
import { demoFiles } from './demo-files';
import { DEMO_SCHOOL_NAME, DEMO_URN, generateDemoSchool, type DemoSchool } from './demo-school';

export interface SeedDemoSchoolResult {
  /** True only for the call that imported the demo school's files. */
  seeded: boolean;
  /** The demo school's URN, or the URN of the school already there. */
  urn: string;
  /** Pupils imported by this call: 0 when it seeded nothing. */
  pupils: number;
  /** The seeded school's register day, or the existing school's latest school day on or before today ('' if it has none). */
  registerDay: string;
}

/** Who the audit log and the import journal say created and imported the demo school. */
export const DEMO_ACTOR: SchoolCreator = { id: 'demo', name: 'Firstday demo', source: 'demo' };

export async function seedDemoSchoolIfEmpty(repos: Repositories, options: { today: string; seed?: number; now?: () => Date }): Promise<SeedDemoSchoolResult> {
  const now = options.now ?? (() => new Date());
  const existing = (await repos.schools.list()).sort((a, b) => (a.urn < b.urn ? -1 : a.urn > b.urn ? 1 : 0));
  const unfinished = existing.length === 1 && existing[0].urn === DEMO_URN && existing[0].name === DEMO_SCHOOL_NAME && !(await demoImported(repos));
  if (existing.length > 0 && !unfinished) {
    const school = existing[0];
    return { seeded: false, urn: school.urn, pupils: 0, registerDay: schoolDayOnOrBefore(school, options.today) ?? '' };
  }

  const demo = generateDemoSchool(options);
  const stoodBack: SeedDemoSchoolResult = { seeded: false, urn: demo.school.urn, pupils: 0, registerDay: demo.registerDay };
  if (!unfinished) {
    const created = await createSchool(repos, { urn: demo.school.urn, name: demo.school.name }, DEMO_ACTOR, now());
    if (created.status === 'invalid') throw new Error(`The demo school could not be created: ${created.errors.map((e) => e.message).join('; ')}`);
    // Another server created it a moment ago and is importing its files.
    if (created.status === 'exists') return stoodBack;
  }
  await adjustSettings(repos, demo);

  const result = await new SchoolImport({ repos, now }).run({
    urn: demo.school.urn,
    files: demoFiles(demo, knownBankHolidays()),
    actor: DEMO_ACTOR.id,
    actorName: DEMO_ACTOR.name,
    source: DEMO_ACTOR.source,
  });
  switch (result.status) {
    case 'imported':
      return { seeded: true, urn: demo.school.urn, pupils: demo.pupils.length, registerDay: demo.registerDay };
    case 'already-imported':
    case 'busy':
      // Another server finishing the same start: its import stands.
      return stoodBack;
    case 'rejected':
      throw new Error(`The demo school's files were refused (a fault in the demo, not the data): ${result.errors.slice(0, 5).map(describeProblem).join('; ')}`);
    case 'failed':
    case 'unknown-school':
    case 'checked':
      throw new Error(`The demo school's files were not imported: ${'message' in result ? result.message : result.status}`);
  }
}

/**
 * The demo's settings that are not a new school's defaults, changed as its attendance lead would in Settings:
 * the afternoon register closes at 13:50. A concurrent change (another server doing the same) is left to stand.
 */
async function adjustSettings(repos: Repositories, demo: DemoSchool): Promise<void> {
  const stored = await repos.schools.get(demo.school.urn);
  if (!stored || stored.value.afternoonRegisterCloseTime === demo.school.afternoonRegisterCloseTime) return;
  try {
    await repos.schools.replace({ ...stored.value, afternoonRegisterCloseTime: demo.school.afternoonRegisterCloseTime }, stored.etag);
  } catch (err) {
    if (!(err instanceof ConcurrencyError)) throw err;
  }
}

/** Whether an import into the demo school has been applied: its seeding finished. */
async function demoImported(repos: Repositories): Promise<boolean> {
  const journal = new ImportJournalRepository({ store: repos.store });
  return Object.keys(await journal.lastByKind(DEMO_URN)).length > 0;
}

export interface DemoFiguresResult {
  /** True when this call computed the figures (there were none for the register day's year). */
  computed: boolean;
  academicYear: number;
  /** Cases opened or updated for band crossings no one had acted on. */
  cases: CrossingCases;
  /** Cases the demo's attendance lead opened from the persistent-absence band of the year's baseline (0 once done). */
  baselineCases: number;
}

/** The band whose baseline the demo's lead opens cases for: persistent absence, the pupils a school works first. */
export const DEMO_BASELINE_BAND = 90;

/**
 * What the server runs after seeding, in the background. The import computes the demo's figures to the
 * register day as it applies its files, and those first figures are the year's baseline: no band opens a case
 * on its own. So that the case tab has casework to show, the demo's attendance lead then opens the
 * persistent-absence band's cases as a lead would on the school page (once: the band then says who opened
 * them); the other bands stay on the school page for the lead to decide. The figures are computed here only
 * for a year that has none (a store seeded before the demo came in by import).
 */
export async function figureDemoSchool(repos: Repositories, options: { urn: string; registerDay: string; now?: () => Date }): Promise<DemoFiguresResult> {
  const figures = new FiguresRepository({ store: repos.store });
  const job = new SchoolFigures({ repos, figures, ...(options.now ? { now: options.now } : {}) });
  const academicYear = academicYearOf(options.registerDay);
  let computed = false;
  let cases: CrossingCases;
  if (await figures.getSchool(options.urn, academicYear)) {
    cases = await job.openCasesForCrossings(options.urn, academicYear);
  } else {
    cases = (await job.recomputeFigures(options.urn, options.registerDay)).cases;
    computed = true;
  }
  const baseline = await figures.baseline(options.urn, academicYear);
  const band = baseline.bands.find((b) => b.belowPercent === DEMO_BASELINE_BAND);
  let baselineCases = 0;
  if (band && !band.casesOpened) {
    const school = (await repos.schools.get(options.urn))?.value;
    const lead = school?.staff.find((s) => s.roles.includes('attendance-lead'));
    const by = lead ? { id: lead.upn, name: lead.displayName } : { id: 'demo', name: 'Firstday demo' };
    baselineCases = (await job.openBaselineCases(options.urn, academicYear, DEMO_BASELINE_BAND, by)).opened.length;
  }
  return { computed, academicYear, cases, baselineCases };
}
