/**
 * The concern as the safeguarding team sees it in their 1:1 chat: the detail, who raised it and when, and
 * Acknowledge. These cards never go to a channel (template cards/safeguarding-concern.json).
 */
import { fill, SCRIPT_STEPS, type ScriptStepId } from '../domain/call-script';
import type { Concern } from '../domain/concern';
import { localTime } from '../domain/pupil-card';
import { yearGroupLabel } from '../domain/daily-list';
import type { CardPupil } from '../domain/pupil-card';
import { renderCard, type AdaptiveCard } from './cards/card-templates';

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
  const ack = concern.acknowledged;
  return renderCard('safeguarding-concern', {
    name: o.pupil.name,
    subtitle: `${o.schoolName} · ${yearGroupLabel(o.pupil.yearGroup)} · ${o.pupil.form}`,
    againLine: o.again ? `Raised again: nobody acknowledged it within ${o.again.minutes} minutes.` : '',
    raisedBy: concern.raisedByName,
    raisedAt: `${localTime(concern.raisedAt, o.timeZone)} on ${concern.date}`,
    during: raisedDuring(concern.raisedAtStep, o.pupil.name),
    text: concern.text,
    acknowledgedLine: ack ? `Acknowledged by ${ack.byName} at ${localTime(ack.at, o.timeZone)}.` : '',
    notice: o.notice ?? '',
    urn: concern.urn,
    concernId: concern.id,
  });
}

/**
 * Where the concern was raised, in the school's words: the concern keeps the script step's id, or the card's
 * state when no script was running, or "case-tab" for the pupil's case in the tab.
 */
function raisedDuring(step: string, pupilName: string): string {
  if (step === 'case-tab') return "the pupil's case in Firstday";
  if (step === 'resolved') return 'first-day calling, after the call was recorded';
  if (step === 'no-contact') return 'first-day calling, after no contact was recorded';
  if (Object.hasOwn(SCRIPT_STEPS, step)) {
    const title = fill(SCRIPT_STEPS[step as ScriptStepId].title, { childName: pupilName, contactName: 'the contact', schoolName: '', staffName: '', notifyBy: '' });
    return `the call script, at “${title}”`;
  }
  return 'first-day calling';
}
