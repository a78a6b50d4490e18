/**
 * The attendance figures and the Support First cases they open, as one step for a school:
 * - `recomputeFigures(urn, date)`: the nightly job. Every pupil's figures to the date, the school
 *   summary, then a case opened or updated for every band crossing not yet acted on.
 * - `afterImport(urn, ...)`: what an applied import calls. Only the pupils it touched, to the school's
 *   today (or the import's latest mark, if earlier), then the same sweep of crossings.
 * Both are safe to repeat: a crossing is recorded once (FiguresRepository), and opening a case for it
 * is idempotent, so a run that stopped part-way is made good by the next import or the next night.
 * The first computation of a year with marks takes the baseline instead (AttendanceFigures): the pupils
 * already in a band open no case until the attendance lead opens a band's cases (`openBaselineCases`).
 *
 * Registering the nightly job with the scheduler (bot/jobs/scheduler.ts) once a job name for it exists
 * in bot/domain/school-day.ts (a 'once' job in the evening, after the afternoon register):
 *   const { recomputeFigures } = new SchoolFigures({ repos });
 *   new JobScheduler({ repos, logger, jobs: { 'nightly-figures': async ({ urn, date }) => { await recomputeFigures(urn, date); } } });
 */
import { isValidDate } from '../domain/clock';
import { academicYearOf } from '../domain/session-marks';
import { FiguresRepository } from '../store/figures-repository';
import type { Repositories } from '../store/repositories';
import type { Actor } from '../domain/cases/support-case';
import { AttendanceFigures, type FiguresUpdate } from './attendance-figures';
import { openBaselineCases, openCasesForCrossings, type BaselineOpening, type CrossingCases } from './band-crossing-cases';

export interface FiguresOutcome {
  academicYear: number;
  /** The date the figures run to. */
  asOf: string;
  /** Pupils whose figures were computed. */
  pupils: number;
  /** Crossings recorded by this run for the first time (each to be alerted once, by whoever sweeps unhandled crossings). */
  crossings: FiguresUpdate['crossings'];
  /** What the sweep of crossings not yet acted on did to the school's cases. */
  cases: CrossingCases;
  /** Set when this run took the year's baseline: how many pupils it recorded in bands (none of them crossings). */
  baseline?: FiguresUpdate['baseline'];
}

export interface SchoolFiguresOptions {
  repos: Repositories;
  /** Defaults to a FiguresRepository over repos.store. */
  figures?: FiguresRepository;
  now?: () => Date;
}

export class SchoolFigures {
  private readonly repos: Repositories;
  private readonly figures: FiguresRepository;
  private readonly attendance: AttendanceFigures;
  private readonly now: () => Date;

  constructor(options: SchoolFiguresOptions) {
    this.now = options.now ?? (() => new Date());
    this.repos = options.repos;
    this.figures = options.figures ?? new FiguresRepository({ store: options.repos.store });
    this.attendance = new AttendanceFigures({ repos: options.repos, figures: this.figures, ...(options.now ? { now: options.now } : {}) });
  }

  /** The nightly job: the whole school's figures to the date, then cases for every crossing not yet acted on. */
  readonly recomputeFigures = async (urn: string, date: string): Promise<FiguresOutcome> => {
    const update = await this.attendance.recomputeSchool(urn, date);
    const cases = await this.openCasesForCrossings(urn, update.academicYear);
    return { academicYear: update.academicYear, asOf: date, pupils: update.pupils, crossings: update.crossings, cases, ...(update.baseline ? { baseline: update.baseline } : {}) };
  };

  /**
   * After an import has been applied: the touched pupils' figures, then cases for crossings not yet acted
   * on. The figures run to the school's today, or to the import's latest mark when that is earlier (an
   * import of last year's registers is figured in last year); never to a date earlier than the school's
   * stored figures for that year already reach, so a correction to an old mark does not roll them back.
   */
  async afterImport(urn: string, input: { upns: readonly string[]; latestMarked?: string; today: string }): Promise<FiguresOutcome> {
    const { today, latestMarked } = input;
    for (const [field, date] of [['today', today], ['latestMarked', latestMarked]] as const) {
      if (date !== undefined && !isValidDate(date)) throw new RangeError(`Figures after an import for school ${urn}: ${field} "${date}" is not a YYYY-MM-DD date`);
    }
    let asOf = latestMarked && latestMarked < today ? latestMarked : today;
    const academicYear = academicYearOf(asOf);
    const stored = (await this.figures.getSchool(urn, academicYear))?.asOf;
    if (stored && stored > asOf && stored <= today) asOf = stored;
    const pupils = input.upns.length ? await this.attendance.updatePupils(urn, input.upns, asOf) : undefined;
    const cases = await this.openCasesForCrossings(urn, academicYear);
    return { academicYear, asOf, pupils: pupils?.pupils ?? 0, crossings: pupils?.crossings ?? [], cases, ...(pupils?.baseline ? { baseline: pupils.baseline } : {}) };
  }

  /** Opens or updates the case of every pupil whose band crossing in the year no one has acted on yet. */
  openCasesForCrossings(urn: string, academicYear: number): Promise<CrossingCases> {
    return openCasesForCrossings({ repos: this.repos, figures: this.figures }, urn, academicYear);
  }

  /**
   * Opens the cases of every pupil in one band's baseline for the year, as `by` would from the tab (the
   * school's attendance lead): idempotent, and the first opener is recorded against the band.
   */
  readonly openBaselineCases = (urn: string, academicYear: number, belowPercent: number, by: Actor): Promise<BaselineOpening> =>
    openBaselineCases({ repos: this.repos, figures: this.figures }, { urn, academicYear, belowPercent, by, at: this.now().toISOString() });
}
