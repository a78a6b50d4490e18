/**
 * Keeps each school's stored attendance figures current: the whole school (nightly, or after a
 * change of terms or bands), or just the pupils a morning's import touched, followed by the school
 * summary from the stored per-pupil figures. Returns the band crossings recorded for the first time,
 * so the caller opens or updates the Support First case and tells the head of year exactly once.
 */
import { addDays, isValidDate, weekdayOf } from '../domain/clock';
import type { Pupil } from '../domain/pupil';
import type { School } from '../domain/school';
import { academicYearOf, type PupilYearMarks } from '../domain/session-marks';
import { bandCrossings, whoToTell, type PupilBand } from '../domain/statistics/bands';
import { PupilFiguresCalculator, type PupilFigures } from '../domain/statistics/pupil-figures';
import { SchoolCalendar } from '../domain/statistics/school-calendar';
import { summariseSchool, type SchoolSummary } from '../domain/statistics/school-summary';
import type { BandCrossingRecord, FiguresRepository } from '../store/figures-repository';
import type { Repositories } from '../store/repositories';

export interface NewBandCrossing {
  urn: string;
  academicYear: number;
  upn: string;
  yearGroup: number;
  band: PupilBand;
  /** The band the pupil was in before, if any. */
  from?: PupilBand;
  /** Year-to-date attendance. */
  percent: number;
  crossedOn: string;
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
}

export interface AttendanceFiguresOptions {
  repos: Repositories;
  figures: FiguresRepository;
  /** Possible sessions a pupil needs before bands apply (see BAND_MINIMUM_POSSIBLE_SESSIONS). */
  bandMinimumSessions?: number;
  now?: () => Date;
}

/** Above this many touched pupils, one range read of the school beats a read per pupil. */
const READ_WHOLE_SCHOOL_ABOVE = 60;
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
    const [pupils, marks, previous] = await Promise.all([
      this.repos.pupils.list(urn),
      this.repos.marks.listYear(urn, academicYear),
      this.figures.listPupils(urn, academicYear),
    ]);
    // Figures of pupils no longer on the school's records go, so the summary no longer counts them.
    const onRoll = new Set(pupils.map((p) => p.upn));
    const gone = previous.filter((f) => !onRoll.has(f.upn));
    if (gone.length) await this.figures.deletePupils(urn, academicYear, gone.map((f) => f.upn));
    return this.apply(school, academicYear, asOf, pupils, byUpn(marks.map((m) => m.value)), byUpn(previous));
  }

  /**
   * The touched pupils' figures from their marks; the summary from every pupil's stored figures.
   * A UPN not on the school's roll is refused before anything is written.
   */
  async updatePupils(urn: string, upns: readonly string[], asOf: string): Promise<FiguresUpdate> {
    const { school, academicYear } = await this.begin(urn, asOf);
    const wanted = [...new Set(upns)];
    let pupils: Pupil[];
    let marks: Map<string, PupilYearMarks>;
    let previous: Map<string, PupilFigures>;
    if (wanted.length > READ_WHOLE_SCHOOL_ABOVE) {
      const touched = new Set(wanted);
      const [allPupils, allMarks, allFigures] = await Promise.all([
        this.repos.pupils.list(urn),
        this.repos.marks.listYear(urn, academicYear),
        this.figures.listPupils(urn, academicYear),
      ]);
      pupils = allPupils.filter((p) => touched.has(p.upn));
      marks = byUpn(allMarks.map((m) => m.value).filter((m) => touched.has(m.upn)));
      previous = byUpn(allFigures.filter((f) => touched.has(f.upn)));
    } else {
      const read = await inBatches(wanted, (upn) =>
        Promise.all([this.repos.pupils.get(urn, upn), this.repos.marks.get(urn, academicYear, upn), this.figures.getPupil(urn, academicYear, upn)]),
      );
      pupils = read.flatMap(([p]) => (p ? [p.value] : []));
      marks = byUpn(read.flatMap(([, m]) => (m ? [m.value] : [])));
      previous = byUpn(read.flatMap(([, , f]) => (f ? [f] : [])));
    }
    const found = new Set(pupils.map((p) => p.upn));
    const missing = wanted.filter((upn) => !found.has(upn));
    if (missing.length) throw new Error(`Attendance figures for school ${urn}: ${missing.length === 1 ? 'pupil' : 'pupils'} ${missing.join(', ')} not on roll`);
    return this.apply(school, academicYear, asOf, pupils, marks, previous);
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
  private async apply(
    school: School,
    academicYear: number,
    asOf: string,
    pupils: readonly Pupil[],
    marks: ReadonlyMap<string, PupilYearMarks>,
    previous: ReadonlyMap<string, PupilFigures>,
  ): Promise<FiguresUpdate> {
    const calc = new PupilFiguresCalculator({
      calendar: new SchoolCalendar(school, academicYear),
      asOf,
      bands: school.bands,
      ...(this.bandMinimumSessions !== undefined ? { bandMinimumSessions: this.bandMinimumSessions } : {}),
    });
    const computed = pupils.map((p) => calc.compute(p, marks.get(p.upn)));
    const before = new Map<string, PupilBand | undefined>(computed.map((f) => [f.upn, previous.get(f.upn)?.band]));
    const recordedAt = this.now().toISOString();
    const candidates = bandCrossings(before, computed).map((c): BandCrossingRecord => {
      const tell = whoToTell(school, c.to, c.yearGroup);
      return {
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
        ...tell,
      };
    });
    const recorded = await inBatches(candidates, async (c) => ((await this.figures.recordCrossing(c)) ? c : undefined));
    await this.figures.putPupils(school.urn, computed);
    const summary = await this.refresh(school, academicYear, asOf);
    const crossings = recorded.flatMap((c) => (c ? [toNewCrossing(c, previous.get(c.upn)?.band)] : []));
    return { academicYear, pupils: computed.length, summary, crossings };
  }

  private async refresh(school: School, academicYear: number, asOf: string): Promise<SchoolSummary> {
    const monday = addDays(asOf, 1 - weekdayOf(asOf));
    const thisWeek = await this.figures.crossingsBetween(school.urn, academicYear, monday, asOf);
    return this.figures.refreshSchool(school.urn, academicYear, (pupils) =>
      summariseSchool({
        urn: school.urn,
        academicYear,
        asOf,
        bands: school.bands,
        pupils,
        crossingsThisWeek: thisWeek.map((c) => ({ upn: c.upn, yearGroup: c.yearGroup, belowPercent: c.belowPercent, label: c.label, crossedOn: c.crossedOn, percent: c.percent })),
      }),
    );
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
    ...(c.watcherUpn ? { watcherUpn: c.watcherUpn } : {}),
    headsOfYear: c.headsOfYear,
  };
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
