/**
 * The 'end-of-day' step: the day's summary card in the pastoral channel, exactly once (a record is begun
 * under an insert that only one instance wins, before the post), then the nightly attendance figures, which
 * open Support First cases for band crossings (bot/jobs/recompute-figures.ts).
 */
import { endOfDaySummary } from '../domain/end-of-day';
import type { School } from '../domain/school';
import type { Logger } from '../platform/logger';
import { DaySummariesRepository } from '../store/day-summaries-repository';
import type { Repositories } from '../store/repositories';
import type { ChannelMessages } from './ports';
import { SchoolFigures } from './recompute-figures';

export interface EndOfDayOptions {
  repos: Repositories;
  channels: ChannelMessages;
  logger: Logger;
  now: () => Date;
}

export class EndOfDay {
  private readonly summaries: DaySummariesRepository;
  private readonly figures: SchoolFigures;

  constructor(private readonly options: EndOfDayOptions) {
    this.summaries = new DaySummariesRepository({ store: options.repos.store });
    this.figures = new SchoolFigures({ repos: options.repos, now: options.now });
  }

  async run(school: School, date: string): Promise<void> {
    await this.postSummary(school, date);
    await this.figures.recomputeFigures(school.urn, date);
  }

  /** Returns whether this call posted the summary. */
  async postSummary(school: School, date: string): Promise<boolean> {
    const { repos, channels, logger, now } = this.options;
    const [run, channel] = await Promise.all([repos.dailyRuns.get(school.urn, date), repos.channels.forSchool(school.urn)]);
    if (!run || !channel) return false;
    const leftOff = new Set(run.value.leftOff.map((l) => l.upn));
    const cards = (await repos.pupilCards.list(school.urn, date)).map((c) => c.value).filter((c) => run.value.list.includes(c.pupil.upn) && !leftOff.has(c.pupil.upn));
    const summary = endOfDaySummary(date, cards, await repos.concerns.forDate(school.urn, date));
    if (!(await this.summaries.begin({ urn: school.urn, date, state: 'sending', at: now().toISOString() }))) {
      const existing = (await this.summaries.get(school.urn, date))?.value;
      // A summary left 'sending' by a stopped instance may already be in the channel: one missing beats two.
      if (existing?.state === 'sending') logger.warn(`The end-of-day summary for ${date} was begun by an instance that stopped; not sending it again`, { urn: school.urn });
      return false;
    }
    const activityId = await channels.postEndOfDay(channel.value, school.name, summary);
    await this.summaries.posted(school.urn, date, activityId, now().toISOString());
    return true;
  }
}
