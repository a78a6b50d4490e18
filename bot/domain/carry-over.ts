/**
 * Carry-over (issue 4, "day 2"): a pupil still unexplained at the end of a school day who is on the next
 * school day's list again is not a fresh case. Their card counts the consecutive school days and brings the
 * previous day's calls with it, so the caller does not start cold and the channel sees how long it has gone on.
 */
import type { CallAttempt } from './call-log';
import { addDays } from './clock';
import type { PupilCard } from './pupil-card';
import type { School } from './school';
import { isSchoolDay } from './school';

export interface CarryOver {
  /** Consecutive school days unexplained, today included: 2 on the first day carried. */
  day: number;
  /** The first school day of the run, YYYY-MM-DD. */
  since: string;
  /** The previous school day's card, as it stood at the end of that day. */
  previous: {
    date: string;
    /** What happened, in a line: "Not claimed", "No contact recorded by …", "Claimed by …; no outcome recorded". */
    summary: string;
    attempts: CallAttempt[];
  };
}

/** Holidays can be long: look back this far for the previous school day before giving up. */
const LOOK_BACK_DAYS = 60;

export function previousSchoolDay(school: Pick<School, 'terms' | 'closures'>, date: string): string | undefined {
  for (let i = 1; i <= LOOK_BACK_DAYS; i++) {
    const day = addDays(date, -i);
    if (isSchoolDay(school, day)) return day;
  }
  return undefined;
}

/** Did the day end with the pupil's absence still unexplained: nobody reached, or nobody recorded an outcome. */
export function stillUnexplained(card: Pick<PupilCard, 'status' | 'outcome'>): boolean {
  if (card.status === 'unclaimed' || card.status === 'no-contact') return true;
  return card.status === 'in-progress' && !card.outcome;
}

/**
 * The carry-over for a pupil on today's list, from their card on the previous school day (undefined when they
 * were not on it, were left off it, or their absence was explained by the end of it).
 */
export function carryOverFrom(previous: PupilCard | undefined): CarryOver | undefined {
  if (!previous || !stillUnexplained(previous)) return undefined;
  return {
    day: (previous.carriedOver?.day ?? 1) + 1,
    since: previous.carriedOver?.since ?? previous.date,
    previous: { date: previous.date, summary: endOfDaySummary(previous), attempts: previous.attempts },
  };
}

function endOfDaySummary(card: PupilCard): string {
  const calls = `${card.attempts.length} call${card.attempts.length === 1 ? '' : 's'} logged`;
  if (card.status === 'no-contact' && card.noContact) return `No contact recorded by ${card.noContact.byName} after ${card.noContact.completedRounds} full rounds; passed to the safeguarding team`;
  if (card.status === 'in-progress' && card.claim) return `Claimed by ${card.claim.byName}; no outcome recorded (${calls})`;
  return card.attempts.length ? `No outcome recorded (${calls})` : 'Not claimed; nobody rang';
}
