/** The direction of a pupil's (or a group's) attendance: the last four school weeks against the four before. */

export type TrendDirection = 'improving' | 'declining' | 'steady' | 'not-enough-data';

export interface WeekFigures {
  /** The Monday that starts the school week. */
  monday: string;
  possible: number;
  attended: number;
}

export interface Trend {
  direction: TrendDirection;
  /** Attendance over the last four school weeks, and over the four before them. */
  lastFourWeeks?: number;
  previousFourWeeks?: number;
}

/** A change smaller than this many percentage points is "steady": one session of a full four weeks is 2.5, two are 5. */
export const TREND_STEADY_POINTS = 3;
const WINDOW = 4;

export function trendOf(weeks: readonly WeekFigures[]): Trend {
  const last = sum(weeks.slice(-WINDOW));
  const previous = sum(weeks.slice(-2 * WINDOW, -WINDOW));
  if (last.possible === 0 || previous.possible === 0 || weeks.length < 2 * WINDOW) {
    return { direction: 'not-enough-data', ...(last.possible ? { lastFourWeeks: pct(last) } : {}) };
  }
  const lastFourWeeks = pct(last);
  const previousFourWeeks = pct(previous);
  const change = lastFourWeeks - previousFourWeeks;
  const direction = change >= TREND_STEADY_POINTS ? 'improving' : change <= -TREND_STEADY_POINTS ? 'declining' : 'steady';
  return { direction, lastFourWeeks, previousFourWeeks };
}

function sum(weeks: readonly WeekFigures[]): { possible: number; attended: number } {
  let possible = 0;
  let attended = 0;
  for (const w of weeks) {
    possible += w.possible;
    attended += w.attended;
  }
  return { possible, attended };
}

function pct(c: { possible: number; attended: number }): number {
  return (c.attended * 100) / c.possible;
}
