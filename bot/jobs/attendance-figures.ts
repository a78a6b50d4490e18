/**
 * Keeps each school's stored attendance figures current: the whole school (nightly, or after a
 * change of terms or bands), or just the pupils a morning's import touched, followed by the school
 * summary from the stored per-pupil figures. Returns the band crossings recorded for the first time,
 * so the caller opens or updates the Support First case and tells the head of year exactly once.
 *
 * The first computation of a school's year with marks in it is the baseline: a school joining mid-year
 * brings a term of marks in which hundreds of pupils are already below a band, and treating each as a
 * crossing would open hundreds of cases and alerts at once. Those pupils are recorded as the baseline
 * for the attendance lead to act on band by band; crossings after it are alerted as they happen.
 */
import { addDays, isValidDate, weekdayOf } from '../domain/clock';
import type { Pupil } from '../domain/pupil';
import type { School } from '../domain/school';
import { academicYearOf, type PupilYearMarks } from '../domain/session-marks';
import { bandCrossings, whoToTell, type PupilBand } from '../domain/statistics/bands';
import { PupilFiguresCalculator, type PupilFigures } from '../domain/statistics/pupil-figures';
import { SchoolCalendar } from '../domain/statistics/school-calendar';
import { summariseSchool, type SchoolSummary } from '../domain/statistics/school-summary';
import type { BandCrossingRecord, BaselinePupil, FiguresRepository, SchoolFigures } from '../store/figures-repository';
import type { Repositories } from '../store/repositories';

export interface NewBandCrossing {
  urn: string;
  academicYear: number;
  upn: string;
  yearGroup: number;
  band: PupilBand;
  /** The band the pupil was in before, if any. */
  from?: PupilBand;
  /** Year-to-date attendance, rounded down to one decimal place. */
  percent: number;
  /** The date of the figures that crossed the band, and the instant the crossing was recorded. */
  crossedOn: string;
  recordedAt: string;
  /** The member of staff who watches the band, if the school named one. */
  watcherUpn?: string;
  /** The heads of year for the pupil's year group. */
  headsOfYear: string[];
}

export interface FiguresUpdate {
  academicYear: number;
  /** Pupils whose figures were recomputed. */
  pupils: number;
  summary: SchoolSummary;
  /** Crossings recorded by this run and by no earlier one. */
  crossings: NewBandCrossing[];
  /** Set when this run took the year's baseline: the pupils it recorded in each band instead of as crossings. */
  baseline?: { asOf: string; pupils: number };
}

export interface AttendanceFiguresOptions {
  repos: Repositories;
  figures: FiguresRepository;
  /** Possible sessions a pupil needs before bands apply (see BAND_MINIMUM_POSSIBLE_SESSIONS). */
  bandMinimumSessions?: number;
  now?: () => Date;
}

/** Above this many touched pupils (one round of parallel reads), one range read of the school is cheaper. */
const READ_WHOLE_SCHOOL_ABOVE = 16;
const PARALLEL_READS = 16;

export class AttendanceFigures {
  private readonly repos: Repositories;
  private readonly figures: FiguresRepository;
  private readonly bandMinimumSessions?: number;
  private readonly now: () => Date;

  constructor(options: AttendanceFiguresOptions) {
    this.repos = options.repos;
    this.figures = options.figures;
    this.bandMinimumSessions = options.bandMinimumSessions;
    this.now = options.now ?? (() => new Date());
  }

  /** Every pupil's figures from the school's marks, then the summary. */
  async recomputeSchool(urn: string, asOf: string): Promise<FiguresUpdate> {
    const { school, academicYear } = await this.begin(urn, asOf);
    const etag = await this.figures.schoolEtag(urn, academicYear);
    const [pupils, marks, stored] = await Promise.all([
      this.repos.pupils.list(urn),
      this.repos.marks.listYear(urn, academicYear),
      this.figures.readSchool(urn, academicYear),
    ]);
    // Figures of pupils no longer on the school's records go, so the summary no longer counts them.
    const onRoll = new Set(pupils.map((p) => p.upn));
    const gone = stored.pupils.filter((f) => !onRoll.has(f.upn)).map((f) => f.upn);
    return this.apply({ school, academicYear, asOf, pupils, marks: byUpn(marks.map((m) => m.value)), stored, etag, gone });
  }

  /**
   * The touched pupils' figures from their marks; the summary from every pupil's stored figures.
   * A UPN not on the school's roll is refused before anything is written.
   */
  async updatePupils(urn: string, upns: readonly string[], asOf: string): Promise<FiguresUpdate> {
    const { school, academicYear } = await this.begin(urn, asOf);
    const wanted = [...new Set(upns)];
    // The summary's ETag first, then every pupil's stored figures: the summary is made from this list.
    const etag = await this.figures.schoolEtag(urn, academicYear);
    const [stored, { pupils, marks }] = await Promise.all([this.figures.readSchool(urn, academicYear), this.readTouched(urn, academicYear, wanted)]);
    const found = new Set(pupils.map((p) => p.upn));
    const missing = wanted.filter((upn) => !found.has(upn));
    if (missing.length) throw new Error(`Attendance figures for school ${urn}: ${missing.length === 1 ? 'pupil' : 'pupils'} ${missing.join(', ')} not on roll`);
    return this.apply({ school, academicYear, asOf, pupils, marks: byUpn(marks), stored, etag, gone: [] });
  }

  private async readTouched(urn: string, academicYear: number, upns: readonly string[]): Promise<{ pupils: Pupil[]; marks: PupilYearMarks[] }> {
    if (upns.length > READ_WHOLE_SCHOOL_ABOVE) {
      const touched = new Set(upns);
      const [pupils, marks] = await Promise.all([this.repos.pupils.list(urn), this.repos.marks.listYear(urn, academicYear)]);
      return { pupils: pupils.filter((p) => touched.has(p.upn)), marks: marks.map((m) => m.value).filter((m) => touched.has(m.upn)) };
    }
    const read = await inBatches(upns, (upn) => Promise.all([this.repos.pupils.get(urn, upn), this.repos.marks.get(urn, academicYear, upn)]));
    return { pupils: read.flatMap(([p]) => (p ? [p.value] : [])), marks: read.flatMap(([, m]) => (m ? [m.value] : [])) };
  }

  private async begin(urn: string, asOf: string): Promise<{ school: School; academicYear: number }> {
    if (!isValidDate(asOf)) throw new RangeError(`Attendance figures for school ${urn}: as-of date "${asOf}" is not a YYYY-MM-DD date`);
    const school = (await this.repos.schools.get(urn))?.value;
    if (!school) throw new Error(`Attendance figures: school ${urn} not found`);
    return { school, academicYear: academicYearOf(asOf) };
  }

  /**
   * Crossings are recorded before the figures are written: if the run stops in between, the next run
   * still sees the old band, and the crossing is found already recorded rather than lost.
   */
  private async apply(run: {
    school: School;
    academicYear: number;
    asOf: string;
    pupils: readonly Pupil[];
    marks: ReadonlyMap<string, PupilYearMarks>;
    /** Every pupil's stored figures, read after the summary's ETag was read. */
    stored: SchoolFigures;
    etag: string | undefined;
    /** Pupils whose figures are removed: no longer on the school's records. */
    gone: readonly string[];
  }): Promise<FiguresUpdate> {
    const { school, academicYear, asOf } = run;
    const calc = new PupilFiguresCalculator({
      calendar: new SchoolCalendar(school, academicYear),
      asOf,
      bands: school.bands,
      ...(this.bandMinimumSessions !== undefined ? { bandMinimumSessions: this.bandMinimumSessions } : {}),
    });
    const previous = byUpn(run.stored.pupils);
    const computed = run.pupils.map((p) => calc.compute(p, run.marks.get(p.upn)));
    const before = new Map<string, PupilBand | undefined>(computed.map((f) => [f.upn, previous.get(f.upn)?.band]));
    const recordedAt = this.now().toISOString();
    const candidates = bandCrossings(before, computed).map((c): BandCrossingRecord => ({
      urn: school.urn,
      academicYear,
      upn: c.upn,
      yearGroup: c.yearGroup,
      belowPercent: c.to.belowPercent,
      label: c.to.label,
      ...(c.from ? { fromBelowPercent: c.from.belowPercent } : {}),
      percent: c.percent,
      crossedOn: asOf,
      recordedAt,
      ...whoToTell(school, c.to, c.yearGroup),
    }));
    // Stored figures without a possible session are only a roll (pupils imported before any marks): the
    // baseline waits for the first marks, or it would be empty and every pupil would then cross.
    const baseline = !run.stored.pupils.some((f) => f.yearToDate.possible > 0) && computed.some((f) => f.yearToDate.possible > 0);
    if (baseline) {
      const pupils = candidates.map((c): BaselinePupil => ({ urn: c.urn, academicYear, upn: c.upn, yearGroup: c.yearGroup, belowPercent: c.belowPercent, label: c.label, percent: c.percent }));
      await this.figures.recordBaseline({ urn: school.urn, academicYear, asOf, recordedAt, bands: school.bands, pupils });
    }
    const recorded = baseline ? [] : await inBatches(candidates, async (c) => ((await this.figures.recordCrossing(c)) ? c : undefined));
    // Figures that come out the same (the same update run again) are not written again.
    const changed = computed.filter((f) => !sameFigures(previous.get(f.upn), f));
    if (changed.length || run.gone.length) await this.figures.savePupils(school.urn, academicYear, { put: changed, remove: run.gone }, run.stored);
    const monday = addDays(asOf, 1 - weekdayOf(asOf));
    const latest = new Map(previous);
    for (const upn of run.gone) latest.delete(upn);
    for (const f of computed) latest.set(f.upn, f);
    const summary = await this.figures.refreshSchool(
      school.urn,
      academicYear,
      // Read on each attempt: a clash means another run may have recorded crossings since.
      async (pupils) => {
        const thisWeek = await this.figures.crossingsBetween(school.urn, academicYear, monday, asOf);
        return summariseSchool({
          urn: school.urn,
          academicYear,
          asOf,
          bands: school.bands,
          pupils,
          crossingsThisWeek: thisWeek.map((c) => ({ upn: c.upn, yearGroup: c.yearGroup, belowPercent: c.belowPercent, label: c.label, crossedOn: c.crossedOn, percent: c.percent })),
        });
      },
      { etag: run.etag, pupils: [...latest.values()] },
    );
    const crossings = recorded.flatMap((c) => (c ? [toNewCrossing(c, previous.get(c.upn)?.band)] : []));
    return { academicYear, pupils: computed.length, summary, crossings, ...(baseline ? { baseline: { asOf, pupils: candidates.length } } : {}) };
  }
}

function toNewCrossing(c: BandCrossingRecord, from: PupilBand | undefined): NewBandCrossing {
  return {
    urn: c.urn,
    academicYear: c.academicYear,
    upn: c.upn,
    yearGroup: c.yearGroup,
    band: { belowPercent: c.belowPercent, label: c.label },
    ...(from ? { from } : {}),
    percent: c.percent,
    crossedOn: c.crossedOn,
    recordedAt: c.recordedAt,
    ...(c.watcherUpn ? { watcherUpn: c.watcherUpn } : {}),
    headsOfYear: c.headsOfYear,
  };
}

/** Figures carry their date, so only a rerun for the same date can come out the same. */
function sameFigures(a: PupilFigures | undefined, b: PupilFigures): boolean {
  return a !== undefined && a.asOf === b.asOf && JSON.stringify(a) === JSON.stringify(b);
}

function byUpn<T extends { upn: string }>(items: readonly T[]): Map<string, T> {
  return new Map(items.map((i) => [i.upn, i]));
}

/** Runs fn over items a few at a time, keeping the order. */
async function inBatches<T, R>(items: readonly T[], fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < items.length; i += PARALLEL_READS) out.push(...(await Promise.all(items.slice(i, i + PARALLEL_READS).map(fn))));
  return out;
}
