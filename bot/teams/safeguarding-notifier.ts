/**
 * Where the calling flow hands safeguarding over: a concern raised at any step, and "no contact" after two
 * full rounds. This notifier tells the day's thread that the safeguarding team has something to look at,
 * never what or about whom; the concern's detail stays in the concern record and the restricted chronology.
 */
import type { Concern } from '../domain/concern';
import type { PupilCard } from '../domain/pupil-card';
import type { School } from '../domain/school';
import { staffWithRole } from '../domain/school';
import { staffName } from './card-views';
import type { TeamsSender } from './teams-sender';

export interface ConcernRaisedEvent {
  concern: Concern;
  school: School;
  card: PupilCard;
}

export interface NoContactEvent {
  school: School;
  card: PupilCard;
}

export interface SafeguardingNotifier {
  concernRaised(event: ConcernRaisedEvent): Promise<void>;
  noContactRecorded(event: NoContactEvent): Promise<void>;
}

export class ThreadSafeguardingNotifier implements SafeguardingNotifier {
  constructor(private readonly options: { sender: TeamsSender }) {}

  async concernRaised({ school, card }: ConcernRaisedEvent): Promise<void> {
    await this.say(card, `A safeguarding concern has been raised from today's calls. It has gone to the safeguarding team${dslNames(school)}.`);
  }

  async noContactRecorded({ school, card }: NoContactEvent): Promise<void> {
    await this.say(
      card,
      `A pupil on today's list could not be reached after two full rounds of calls. The safeguarding team${dslNames(school)} will decide the next steps.`,
    );
  }

  private async say(card: PupilCard, text: string): Promise<void> {
    const where = card.posting.where;
    if (!where) return;
    await this.options.sender.post(where, { type: 'message', text });
  }
}

function dslNames(school: School): string {
  const names = [...staffWithRole(school, 'dsl'), ...staffWithRole(school, 'deputy-dsl')].map(staffName);
  return names.length ? ` (${[...new Set(names)].join(', ')})` : '';
}
