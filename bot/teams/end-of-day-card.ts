/** The end-of-day summary as the pastoral channel sees it: counts only (template cards/end-of-day.json). */
import type { EndOfDaySummary } from '../domain/end-of-day';
import { renderCard, type AdaptiveCard } from './cards/card-templates';
import { longDate } from './card-views';

export function endOfDayCard(summary: EndOfDaySummary, schoolName: string): AdaptiveCard {
  return renderCard('end-of-day', {
    dateLong: longDate(summary.date),
    schoolName,
    unexplained: summary.unexplained,
    resolved: summary.resolved,
    resolvedBy: summary.resolvedBy.map((r) => ({ label: reasonLabel(r.label), count: r.count })),
    stillOpen: summary.stillOpen,
    noContact: summary.noContact,
    concernsRaised: summary.concernsRaised,
    concernsAcknowledged: summary.concernsAcknowledged,
    homeVisits: summary.homeVisits,
    carriesOver: summary.stillOpen + summary.noContact > 0,
  });
}

/** The script's reasons name the child ("{child} is unwell"); a count of several pupils names none. */
function reasonLabel(label: string): string {
  const said = label.replace(/\{child\}/g, 'the pupil');
  return said.charAt(0).toUpperCase() + said.slice(1);
}
