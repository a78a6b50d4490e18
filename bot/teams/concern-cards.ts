/**
 * The concern as the safeguarding team sees it in their 1:1 chat: the detail, who raised it and when, and
 * Acknowledge. These cards never go to a channel.
 */
import type { Concern } from '../domain/concern';
import { localTime } from '../domain/pupil-card';
import { yearGroupLabel } from '../domain/daily-list';
import type { CardPupil } from '../domain/pupil-card';
import type { AdaptiveCard } from './card-views';

export interface ConcernCardOptions {
  concern: Concern;
  pupil: Pick<CardPupil, 'name' | 'yearGroup' | 'form'>;
  schoolName: string;
  timeZone: string;
  /** Raised again because nobody acknowledged it in time. */
  again?: { minutes: number };
  notice?: string;
}

export function concernCard(o: ConcernCardOptions): AdaptiveCard {
  const { concern } = o;
  const body: unknown[] = [
    { type: 'TextBlock', text: `Safeguarding concern: ${o.pupil.name}`, weight: 'Bolder', size: 'Large', wrap: true, color: 'Attention' },
    { type: 'TextBlock', text: `${o.schoolName} · ${yearGroupLabel(o.pupil.yearGroup)} · ${o.pupil.form}`, isSubtle: true, spacing: 'None', wrap: true },
  ];
  if (o.again) {
    body.push({ type: 'TextBlock', text: `Raised again: nobody acknowledged it within ${o.again.minutes} minutes.`, wrap: true, weight: 'Bolder', color: 'Warning' });
  }
  body.push(
    {
      type: 'FactSet',
      facts: [
        { title: 'Raised by', value: concern.raisedByName },
        { title: 'At', value: `${localTime(concern.raisedAt, o.timeZone)} on ${concern.date}` },
        { title: 'During', value: concern.raisedAtStep === 'calling' ? 'first-day calling' : `the call script (${concern.raisedAtStep})` },
      ],
    },
    { type: 'TextBlock', text: 'What they saw or heard', weight: 'Bolder', wrap: true },
    { type: 'TextBlock', text: concern.text, wrap: true },
  );
  if (concern.acknowledged) {
    body.push({ type: 'TextBlock', text: `Acknowledged by ${concern.acknowledged.byName} at ${localTime(concern.acknowledged.at, o.timeZone)}.`, wrap: true, color: 'Good', weight: 'Bolder' });
  }
  if (o.notice) body.push({ type: 'TextBlock', text: o.notice, wrap: true, color: 'Warning' });
  const actions = concern.acknowledged
    ? []
    : [{ type: 'Action.Execute', title: 'Acknowledge: I have seen this', verb: 'acknowledgeConcern', style: 'positive', data: { urn: concern.urn, concern: concern.id } }];
  return { type: 'AdaptiveCard', $schema: 'http://adaptivecards.io/schemas/adaptive-card.json', version: '1.5', body, actions };
}
