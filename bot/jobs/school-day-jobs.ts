/**
 * The school day's job handlers, as the JobScheduler runs them once per school and slot: the calendar check, the
 * morning and afternoon lists, concern re-alerts, reminders and the end of day. Each is safe to run twice for a
 * slot (what it sends is recorded before or as it goes), since a step cut short by a stopped server is run again.
 * The lists answer 'not-yet' while they wait (for the register, for the morning's thread, for another server
 * posting): the scheduler looks again a few minutes later, until they are out or the day ends.
 * Whatever reaches people comes in by the jobs' own interfaces (./ports.ts); the wiring passes Teams' ones.
 */
import type { SchoolJobName } from '../domain/school-day';
import type { Logger } from '../platform/logger';
import type { Repositories } from '../store/repositories';
import { CardClockChecks } from './card-clock-checks';
import { ConcernRealerts } from './concern-realerts';
import { CalendarCheck } from './calendar-check';
import { DailyRunError, type DailyRunner, type RunResult } from './daily-run';
import { EndOfDay } from './end-of-day-post';
import type { RoleHolders, CallBacks, ChannelMessages, ConcernAlerts, NoContactPrompts, PupilCardChanges, StaffMessages, StaffRoster } from './ports';
import { Reminders } from './reminder-checks';
import { FiguresRepository } from '../store/figures-repository';
import type { JobHandler } from './scheduler';

export interface SchoolDayJobsOptions {
  repos: Repositories;
  logger: Logger;
  now: () => Date;
  /** The morning and afternoon lists. */
  lists: Pick<DailyRunner, 'start' | 'startAfternoon'>;
  roster: StaffRoster;
  staff: StaffMessages;
  callBacks: CallBacks;
  channels: ChannelMessages;
  cards: PupilCardChanges;
  noContact: NoContactPrompts;
  dsl: ConcernAlerts;
  /** Who holds a role (the staff list and the school's Entra groups). */
  people: RoleHolders;
}

export const SCHEDULER: { id: string; name: string; source: string } = { id: 'firstday-scheduler', name: 'Firstday (school day)', source: 'scheduler' };

export function schoolDayJobs(options: SchoolDayJobsOptions): Partial<Record<SchoolJobName, JobHandler>> {
  const { repos, lists, roster, staff, callBacks, channels, cards, noContact, dsl, people, logger, now } = options;
  const clock = new CardClockChecks({ repos, cards, staff, people, logger });
  const realerts = new ConcernRealerts({ repos, notifier: dsl, logger });
  const endOfDay = new EndOfDay({ repos, channels, logger, now });
  const figures = new FiguresRepository({ store: repos.store });
  const reminders = new Reminders({ repos, cards, staff, callBacks, figures, logger });
  const calendar = new CalendarCheck({ repos, staff, channels, logger, now });
  const list = async (which: string, urn: string, date: string, run: () => Promise<RunResult>): Promise<void | 'not-yet'> => {
    try {
      const result = await run();
      return result.state === 'waiting' || result.state === 'morning-first' || result.state === 'busy' ? 'not-yet' : undefined;
    } catch (err) {
      // A school with no channel yet, or a day with no school, is not a failure to retry.
      if (err instanceof DailyRunError && err.code !== 'not-allowed') {
        logger.warn(`The ${which} list for ${date} was not posted: ${err.message}`, { urn });
        return;
      }
      throw err;
    }
  };
  return {
    // New joiners and a fresh staff file (which brings no object ids) are matched to the team's roster daily.
    'staff-roster': async ({ urn }) => {
      await roster.syncSchool(urn);
    },
    'calendar-check': async ({ school, date }) => {
      await calendar.run(school, date);
    },
    'morning-list': ({ urn, date }) => list('morning', urn, date, () => lists.start(urn, date, SCHEDULER)),
    'afternoon-list': ({ urn, date }) => list('afternoon', urn, date, () => lists.startAfternoon(urn, date, SCHEDULER)),
    'concern-realerts': async ({ school, now: at }) => {
      await realerts.run(school, at);
    },
    // The 24-hour no-contact step falls due at weekends and in holidays too (bot/domain/school-day.ts).
    'safeguarding-timers': async ({ school, now: at }) => {
      await noContact.dayPrompts(school, at);
    },
    'card-clock': async ({ school, now: at }) => {
      await clock.run(school, at);
    },
    reminders: async ({ school, now: at }) => {
      await reminders.run(school, at);
    },
    'end-of-day': async ({ school, date }) => {
      await endOfDay.run(school, date);
    },
  };
}
