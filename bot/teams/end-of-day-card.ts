/** The end-of-day summary as the pastoral channel sees it: counts only. */
import type { EndOfDaySummary } from '../domain/end-of-day';
import { longDate, type AdaptiveCard } from './card-views';

export function endOfDayCard(summary: EndOfDaySummary, schoolName: string): AdaptiveCard {
  const facts = [
    { title: 'Unexplained this morning', value: String(summary.unexplained) },
    { title: 'Resolved', value: String(summary.resolved) },
    ...summary.resolvedBy.map((r) => ({ title: `· ${r.label}`, value: String(r.count) })),
    { title: 'Still open', value: String(summary.stillOpen) },
    { title: 'No contact (with the safeguarding team)', value: String(summary.noContact) },
    { title: 'Concerns raised', value: String(summary.concernsRaised) },
    { title: 'Concerns acknowledged', value: String(summary.concernsAcknowledged) },
    { title: 'Home visits made', value: String(summary.homeVisits) },
  ];
  return {
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: '1.5',
    body: [
      { type: 'TextBlock', text: `End of day: ${longDate(summary.date)}`, weight: 'Bolder', size: 'Large', wrap: true },
      { type: 'TextBlock', text: schoolName, isSubtle: true, spacing: 'None', wrap: true },
      { type: 'FactSet', facts },
      ...(summary.stillOpen + summary.noContact > 0
        ? [{ type: 'TextBlock', text: 'Pupils still unexplained stay with the attendance officer for tomorrow.', wrap: true }]
        : []),
    ],
  };
}
