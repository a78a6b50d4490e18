/**
 * The attendance lead's view of a school, summed from its pupils' figures (never from marks): the
 * school's and each year group's attendance, persistent and severe absence, the weekday picture,
 * the bands, the week-by-week trend, and the pupils who crossed a band this week.
 */
import type { AttendanceBand } from '../school';
import { orderedBands } from './bands';
import {
  attendancePercent,
  type HerringboneDay,
  type LateFigures,
  type PupilFigures,
  type SessionCounts,
} from './pupil-figures';
import { trendOf, type Trend, type WeekFigures } from './trend';

export interface GroupFigures extends SessionCounts {
  /** Pupils with at least one possible session this year. */
  pupils: number;
  percent?: number;
  persistent: number;
  severe: number;
}

export interface BandCount {
  belowPercent: number;
  label: string;
  pupils: number;
}

export interface CrossingThisWeek {
  upn: string;
  yearGroup: number;
  belowPercent: number;
  label: string;
  /** The date of the figures that first put the pupil in the band. */
  crossedOn: string;
  percent: number;
}

export interface SchoolSummary {
  urn: string;
  academicYear: number;
  asOf: string;
  school: GroupFigures;
  /** Lowest year group first. */
  yearGroups: (GroupFigures & { yearGroup: number })[];
  /** Monday to Friday, AM and PM: possible sessions, absences and lates across the school. */
  weekdays: HerringboneDay[];
  lates: LateFigures;
  /** Pupils now in each band, highest band first. */
  bands: BandCount[];
  /** Pupils at or over the penalty-notice threshold (10 unauthorised sessions in 10 school weeks). */
  penaltyThreshold: string[];
  weeks: WeekFigures[];
  trend: Trend;
  crossingsThisWeek: CrossingThisWeek[];
}

export interface SummaryInput {
  urn: string;
  academicYear: number;
  asOf: string;
  bands: readonly AttendanceBand[];
  pupils: readonly PupilFigures[];
  crossingsThisWeek: readonly CrossingThisWeek[];
}

export function summariseSchool(input: SummaryInput): SchoolSummary {
  const school = emptyGroup();
  const years = new Map<number, GroupFigures>();
  const weekdays: HerringboneDay[] = Array.from({ length: 5 }, (_, i) => ({
    weekday: i + 1,
    am: { possible: 0, absent: 0, late: 0 },
    pm: { possible: 0, absent: 0, late: 0 },
  }));
  const lates: LateFigures = { beforeClose: { sessions: 0, minutes: 0, timed: 0 }, afterClose: { sessions: 0, minutes: 0, timed: 0 } };
  const bands = orderedBands(input.bands).map((b) => ({ belowPercent: b.belowPercent, label: b.label, pupils: 0 }));
  const bandIndex = new Map(bands.map((b, i) => [b.belowPercent, i]));
  const weeks = new Map<string, WeekFigures>();
  const penaltyThreshold: string[] = [];

  for (const p of input.pupils) {
    if (p.academicYear !== input.academicYear) {
      throw new RangeError(`Pupil ${p.upn}: figures for academic year ${p.academicYear} in a summary of ${input.academicYear}`);
    }
    if (p.yearToDate.possible === 0) continue;
    let year = years.get(p.yearGroup);
    if (!year) years.set(p.yearGroup, (year = emptyGroup()));
    addPupil(school, p);
    addPupil(year, p);
    for (let d = 0; d < 5; d++) {
      for (const half of ['am', 'pm'] as const) {
        const to = weekdays[d][half];
        const from = p.herringbone[d][half];
        to.possible += from.possible;
        to.absent += from.absent;
        to.late += from.late;
      }
    }
    for (const side of ['beforeClose', 'afterClose'] as const) {
      lates[side].sessions += p.lates[side].sessions;
      lates[side].minutes += p.lates[side].minutes;
      lates[side].timed += p.lates[side].timed;
    }
    if (p.band) {
      const i = bandIndex.get(p.band.belowPercent);
      if (i !== undefined) bands[i].pupils++;
    }
    if (p.unauthorisedTenWeeks.thresholdReached) penaltyThreshold.push(p.upn);
    for (const w of p.weeks) {
      const sum = weeks.get(w.monday);
      if (sum) {
        sum.possible += w.possible;
        sum.attended += w.attended;
      } else weeks.set(w.monday, { ...w });
    }
  }
  const weekList = [...weeks.values()].sort((a, b) => a.monday.localeCompare(b.monday));
  return {
    urn: input.urn,
    academicYear: input.academicYear,
    asOf: input.asOf,
    school: withPercent(school),
    yearGroups: [...years.entries()].sort(([a], [b]) => a - b).map(([yearGroup, g]) => ({ yearGroup, ...withPercent(g) })),
    weekdays,
    lates,
    bands,
    penaltyThreshold: penaltyThreshold.sort(),
    weeks: weekList,
    trend: trendOf(weekList),
    crossingsThisWeek: [...input.crossingsThisWeek].sort((a, b) => a.crossedOn.localeCompare(b.crossedOn) || a.upn.localeCompare(b.upn)),
  };
}

function emptyGroup(): GroupFigures {
  return { pupils: 0, possible: 0, present: 0, approvedActivity: 0, authorised: 0, unauthorised: 0, persistent: 0, severe: 0 };
}

function addPupil(g: GroupFigures, p: PupilFigures): void {
  const y = p.yearToDate;
  g.pupils++;
  g.possible += y.possible;
  g.present += y.present;
  g.approvedActivity += y.approvedActivity;
  g.authorised += y.authorised;
  g.unauthorised += y.unauthorised;
  if (p.persistent) g.persistent++;
  if (p.severe) g.severe++;
}

function withPercent(g: GroupFigures): GroupFigures {
  const percent = attendancePercent(g);
  return percent === undefined ? g : { ...g, percent };
}
