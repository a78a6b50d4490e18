/**
 * The call-back task, in the 1:1 chat of the member of staff the caller named: who to ring back and why, as
 * far as the call recorded it, with "Done" once they have. Never posted to a channel.
 */
import { localTime, type PupilCard } from '../domain/pupil-card';
import { yearGroupLabel } from '../domain/daily-list';
import type { School } from '../domain/school';
import type { AdaptiveCard } from './card-views';

export function callBackCard(card: PupilCard, o: { school: School; notice?: string; reminder?: boolean }): AdaptiveCard {
  const tz = o.school.timeZone;
  const outcome = card.outcome;
  const task = card.callBack;
  const body: unknown[] = [
    { type: 'TextBlock', text: `Call-back: ${card.pupil.name}`, weight: 'Bolder', size: 'Large', wrap: true },
    { type: 'TextBlock', text: `${o.school.name} · ${yearGroupLabel(card.pupil.yearGroup)} · ${card.pupil.form}`, isSubtle: true, spacing: 'None', wrap: true },
  ];
  if (o.reminder) body.push({ type: 'TextBlock', text: 'Reminder: this call-back is due and has not been marked done.', wrap: true, weight: 'Bolder', color: 'Warning' });
  if (o.notice) body.push({ type: 'TextBlock', text: o.notice, wrap: true, color: 'Warning' });
  if (outcome) {
    body.push({
      type: 'FactSet',
      facts: [
        { title: 'Call by', value: `${outcome.byName} at ${localTime(outcome.at, tz)}` },
        { title: 'Spoke to', value: outcome.contactName },
        { title: 'What was said', value: outcome.summary },
        { title: 'Next steps', value: outcome.nextSteps || '(none recorded)' },
      ],
    });
  }
  body.push({ type: 'TextBlock', text: 'The family\'s numbers are on the pupil\'s contact list in the school\'s MIS.', wrap: true, isSubtle: true });
  if (task?.done) {
    body.push({ type: 'TextBlock', text: `Done: ${task.done.byName} at ${localTime(task.done.at, tz)}.`, wrap: true, color: 'Good', weight: 'Bolder' });
    return { type: 'AdaptiveCard', $schema: 'http://adaptivecards.io/schemas/adaptive-card.json', version: '1.5', body, actions: [] };
  }
  return {
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: '1.5',
    body,
    actions: [{ type: 'Action.Execute', title: 'Done: I have called them back', verb: 'callBackDone', style: 'positive', data: { urn: card.urn, date: card.date, upn: card.pupil.upn } }],
  };
}
