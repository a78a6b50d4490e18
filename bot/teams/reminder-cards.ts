/**
 * The call-back task, in the 1:1 chat of the member of staff the caller named: who to ring back and why, as
 * far as the call recorded it, with "Done" once they have. Never posted to a channel (template cards/call-back.json).
 */
import { localTime, type PupilCard } from '../domain/pupil-card';
import { yearGroupLabel } from '../domain/daily-list';
import type { School } from '../domain/school';
import { renderCard, type AdaptiveCard } from './cards/card-templates';

export function callBackCard(card: PupilCard, o: { school: School; notice?: string; reminder?: boolean }): AdaptiveCard {
  const tz = o.school.timeZone;
  const outcome = card.outcome;
  const done = card.callBack?.done;
  return renderCard('call-back', {
    name: card.pupil.name,
    subtitle: `${o.school.name} · ${yearGroupLabel(card.pupil.yearGroup)} · ${card.pupil.form}`,
    reminder: !!o.reminder,
    notice: o.notice ?? '',
    call: outcome
      ? { recorded: true, by: `${outcome.byName} at ${localTime(outcome.at, tz)}`, spokeTo: outcome.contactName, said: outcome.summary, nextSteps: outcome.nextSteps || '(none recorded)' }
      : { recorded: false, by: '', spokeTo: '', said: '', nextSteps: '' },
    doneLine: done ? `Done: ${done.byName} at ${localTime(done.at, tz)}.` : '',
    where: { urn: card.urn, date: card.date, upn: card.pupil.upn },
  });
}
