/**
 * The daily runner as the bot's cards use it: the same runner (bot/jobs/daily-run.ts), plus the officer's list to
 * check drawn as the card a press is answered with.
 */
import { DailyRunner } from '../jobs/daily-run';
import { previewCard, type AdaptiveCard } from './card-views';

export class TeamsDailyRunner extends DailyRunner {
  /** The list to check as it stands, with a line for the person who pressed. */
  async previewCard(urn: string, date: string, notice?: string): Promise<AdaptiveCard> {
    return previewCard(await this.listToCheck(urn, date, notice));
  }
}
