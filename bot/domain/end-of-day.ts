/**
 * The end-of-day summary (DESIGN.md step 11): how the day's list ended. Counts only, so it can go to the
 * whole pastoral channel: no names, no reasons beyond the outcome's category.
 */
import { REASONS, type ReasonHeard } from './call-script';
import type { Concern } from './concern';
import type { PupilCard } from './pupil-card';

export interface EndOfDaySummary {
  date: string;
  unexplained: number;
  resolved: number;
  resolvedBy: { reason: ReasonHeard; label: string; count: number }[];
  stillOpen: number;
  noContact: number;
  concernsRaised: number;
  concernsAcknowledged: number;
  /** Home visits made after no contact (an outcome recorded), whoever went. */
  homeVisits: number;
}

export function endOfDaySummary(date: string, cards: Pick<PupilCard, 'status' | 'outcome' | 'escalation'>[], concerns: Pick<Concern, 'acknowledged' | 'date'>[]): EndOfDaySummary {
  const resolved = cards.filter((c) => c.status === 'resolved' && c.outcome);
  const todays = concerns.filter((c) => c.date === date);
  return {
    date,
    unexplained: cards.length,
    resolved: resolved.length,
    resolvedBy: REASONS.map((r) => ({ reason: r.value, label: r.title, count: resolved.filter((c) => c.outcome!.reason === r.value).length })).filter((r) => r.count > 0),
    stillOpen: cards.filter((c) => c.status === 'unclaimed' || c.status === 'in-progress').length,
    noContact: cards.filter((c) => c.status === 'no-contact').length,
    concernsRaised: todays.length,
    concernsAcknowledged: todays.filter((c) => c.acknowledged).length,
    homeVisits: cards.filter((c) => c.escalation?.visit).length,
  };
}
