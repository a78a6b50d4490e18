/**
 * Attendance bands (the early intervention for attendance guidance): each school sets levels above the 90% line and names who watches each,
 * so a drop is seen before a pupil is persistently absent. A pupil is in the lowest band whose
 * percentage their year-to-date attendance is at or below.
 */
import type { AttendanceBand } from '../school';

export interface PupilBand {
  belowPercent: number;
  label: string;
}

/**
 * Bands are not placed until a pupil has this many possible sessions (two school weeks): on the first
 * day of term one absence is 0% or 50%, and a band crossed then would spend the pupil's only alert.
 */
export const BAND_MINIMUM_POSSIBLE_SESSIONS = 20;

/** The school's bands, highest first, checked: a clear error names the band at fault. */
export function orderedBands(bands: readonly AttendanceBand[]): AttendanceBand[] {
  const seen = new Set<number>();
  bands.forEach((b, i) => {
    if (!Number.isFinite(b.belowPercent) || b.belowPercent <= 0 || b.belowPercent > 100) {
      throw new RangeError(`Attendance band ${i + 1} ("${b.label}"): belowPercent ${b.belowPercent} must be more than 0 and at most 100`);
    }
    if (seen.has(b.belowPercent)) throw new RangeError(`Attendance band ${i + 1} ("${b.label}"): a band at ${b.belowPercent}% is set twice`);
    seen.add(b.belowPercent);
  });
  return [...bands].sort((a, b) => b.belowPercent - a.belowPercent);
}

/** The band for attended out of possible sessions; bands must be highest first (orderedBands). */
export function bandFor(
  bands: readonly AttendanceBand[],
  attended: number,
  possible: number,
  minimumPossible = BAND_MINIMUM_POSSIBLE_SESSIONS,
): PupilBand | undefined {
  if (possible === 0 || possible < minimumPossible) return undefined;
  let found: AttendanceBand | undefined;
  // Compared as attended × 100 ≤ percent × possible: no rounding puts a pupil on the wrong side of a line.
  for (const b of bands) if (attended * 100 <= b.belowPercent * possible) found = b;
  return found && { belowPercent: found.belowPercent, label: found.label };
}

/** Has the pupil moved into a lower band than before (from no band counts). */
export function isLowerBand(before: PupilBand | undefined, after: PupilBand | undefined): after is PupilBand {
  return after !== undefined && (before === undefined || after.belowPercent < before.belowPercent);
}

export interface BandCrossing {
  upn: string;
  yearGroup: number;
  from?: PupilBand;
  to: PupilBand;
  /** Year-to-date attendance when the band was crossed, rounded down to one decimal place (never shown above the line). */
  percent: number;
}

/** Pupils who moved into a lower band between two computations; a pupil new to `before` had no band. */
export function bandCrossings(
  before: ReadonlyMap<string, PupilBand | undefined>,
  after: readonly { upn: string; yearGroup: number; band?: PupilBand; yearToDate: { percent?: number } }[],
): BandCrossing[] {
  const out: BandCrossing[] = [];
  for (const f of after) {
    const from = before.get(f.upn);
    if (!isLowerBand(from, f.band)) continue;
    out.push({ upn: f.upn, yearGroup: f.yearGroup, ...(from ? { from } : {}), to: f.band, percent: Math.floor((f.yearToDate.percent ?? 0) * 10) / 10 });
  }
  return out;
}

/** Who is told of a crossing: the band's watcher, and the heads of year for the pupil's year group. */
export function whoToTell(
  school: { bands: readonly AttendanceBand[]; staff: readonly { upn: string; roles: readonly string[]; yearGroups?: readonly number[] }[] },
  band: PupilBand,
  yearGroup: number,
): { watcherUpn?: string; headsOfYear: string[] } {
  const watcherUpn = school.bands.find((b) => b.belowPercent === band.belowPercent)?.watcherUpn;
  const headsOfYear = school.staff.filter((s) => s.roles.includes('head-of-year') && s.yearGroups?.includes(yearGroup)).map((s) => s.upn);
  return { ...(watcherUpn ? { watcherUpn } : {}), headsOfYear };
}
