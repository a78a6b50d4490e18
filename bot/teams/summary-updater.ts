/**
 * Keeps the summary card's live counts (not claimed, in progress, resolved, no contact, concerns) in step with
 * the cards. Changes come in bursts (a dozen staff claiming at 09:15), so a school-day's summary is refreshed
 * at most once per `delayMs`, from the cards as they stand when the update goes out.
 */
import { countCards, type PupilCard } from '../domain/pupil-card';
import type { Logger } from '../platform/logger';
import type { DailyRunRecord } from '../store/daily-runs-repository';
import type { Repositories } from '../store/repositories';
import { cardMessage, summaryCard } from './card-views';
import type { TeamsSender } from './teams-sender';

export interface SummaryUpdaterOptions {
  repos: Repositories;
  sender: TeamsSender;
  logger: Logger;
  now: () => Date;
  delayMs?: number;
}

/** The cards that count on the day's list: posted or to be posted, not those the officer left off. */
export function cardsOnList(run: DailyRunRecord, cards: PupilCard[]): PupilCard[] {
  const listed = new Set(run.list);
  const leftOff = new Set(run.leftOff.map((l) => l.upn));
  return cards.filter((c) => listed.has(c.pupil.upn) && !leftOff.has(c.pupil.upn));
}

export class SummaryUpdater {
  private readonly timers = new Map<string, NodeJS.Timeout>();

  constructor(private readonly options: SummaryUpdaterOptions) {}

  touch(urn: string, date: string): void {
    const key = `${urn}|${date}`;
    if (this.timers.has(key)) return;
    const timer = setTimeout(() => {
      this.timers.delete(key);
      this.refresh(urn, date).catch((err) => this.options.logger.error('could not update the summary card', { urn, error: (err as Error).message }));
    }, this.options.delayMs ?? 1_000);
    this.timers.set(key, timer);
  }

  /** Sends the summary as it stands now (queued behind other messages in its thread). */
  async refresh(urn: string, date: string): Promise<void> {
    const run = await this.options.repos.dailyRuns.get(urn, date);
    const where = run?.value.summary.where;
    const activityId = run?.value.summary.activityId;
    if (!where || !activityId) return;
    await this.options.sender.update(where, activityId, () => this.render(urn, date));
  }

  async render(urn: string, date: string): Promise<Record<string, unknown> | undefined> {
    const { repos } = this.options;
    const [run, school, cards] = await Promise.all([repos.dailyRuns.get(urn, date), repos.schools.get(urn), repos.pupilCards.list(urn, date)]);
    if (!run || !school) return undefined;
    const now = this.options.now();
    const counts = countCards(cardsOnList(run.value, cards.map((c) => c.value)));
    const card = summaryCard({ schoolName: school.value.name, date, counts, timeZone: school.value.timeZone, now, urn });
    return cardMessage(card, `Unexplained absences: ${counts.total} to call`);
  }

  /** Stops pending refreshes (shutdown). */
  stop(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }
}
