/**
 * The school day's job handlers, as the JobScheduler runs them once per school and slot: the morning list,
 * concern re-alerts, reminders and the end of day. Each is safe to run twice for a slot (what it sends is
 * recorded before or as it goes), since a step cut short by a stopped server is run again.
 */
import type { SchoolJobName } from '../domain/school-day';
import type { Logger } from '../logger';
import type { Repositories } from '../store/repositories';
import type { TeamsServices } from '../teams/teams-integration';
import { ConcernRealerts } from './concern-realerts';
import { DailyRunError } from './daily-run';
import { EndOfDay } from './end-of-day';
import { Reminders } from './reminders';
import { FiguresRepository } from '../store/figures-repository';
import type { JobHandler } from './scheduler';

export interface SchoolDayJobsOptions {
  repos: Repositories;
  teams: TeamsServices;
  logger: Logger;
  now: () => Date;
}

export const SCHEDULER: { id: string; name: string; source: string } = { id: 'firstday-scheduler', name: 'Firstday (school day)', source: 'scheduler' };

export function schoolDayJobs(options: SchoolDayJobsOptions): Partial<Record<SchoolJobName, JobHandler>> {
  const { repos, teams, logger, now } = options;
  const realerts = new ConcernRealerts({ repos, notifier: teams.dsl, logger });
  const endOfDay = new EndOfDay({ repos, sender: teams.sender, logger, now });
  const figures = new FiguresRepository({ store: repos.store });
  const reminders = new Reminders({ repos, desk: teams.desk, messenger: teams.messenger, escalations: teams.escalations, figures, logger });
  return {
    'morning-list': async ({ urn, date }) => {
      try {
        await teams.runner.start(urn, date, SCHEDULER);
      } catch (err) {
        // A school with no channel yet, or a day with no school, is not a failure to retry.
        if (err instanceof DailyRunError && err.code !== 'not-allowed') {
          logger.warn(`The morning list for ${date} was not posted: ${err.message}`, { urn });
          return;
        }
        throw err;
      }
    },
    'concern-realerts': async ({ school, now: at }) => {
      await realerts.run(school, at);
    },
    reminders: async ({ school, now: at }) => {
      await reminders.run(school, at);
    },
    'end-of-day': async ({ school, date }) => {
      await endOfDay.run(school, date);
    },
  };
}
