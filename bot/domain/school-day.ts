/**
 * The school day's rhythm: which jobs are due for a school at an instant, on the school's own clock.
 * Pure planning; bot/jobs/scheduler.ts runs what this says, once per school per slot.
 *
 * A job is due in a slot, named by its local start time (HH:MM) on the school's local date:
 * - a 'once' job (the morning list, the end of day) has one slot a day; it stays due after its time until
 *   a catch-up limit, so a server that was down at 09:15 still posts the list when it comes back;
 *   A 'once' job may wait for something (the lists wait for the register to reach Firstday): its handler says
 *   "not yet" and the same slot is due again `recheckMinutes` later, until it is done or the window ends;
 * - an 'every' job (reminders, concern re-alerts) has a slot every N minutes inside a window; only the
 *   current slot is due: a missed slot is not replayed, the next one looks at what is due by then.
 * Nothing is due on a day that is not a school day (weekends, outside terms, INSET days, bank holidays), except
 * the calendar check, which runs on every weekday: a school whose calendar has run out is told why nothing ran.
 * Local times are wall-clock times in the school's time zone, so a slot is at 09:15 in GMT and in BST.
 */
import { fromLocal, isValidTime, toLocal } from './clock';
import { cardClockOf } from './card-clock';
import { isSchoolDay, type School } from './school';

export type SchoolJobName =
  | 'staff-roster'
  | 'calendar-check'
  | 'morning-list'
  | 'afternoon-list'
  | 'card-clock'
  | 'whereabouts'
  | 'reminders'
  | 'concern-realerts'
  | 'safeguarding-timers'
  | 'end-of-day';

export const SCHOOL_JOBS: readonly SchoolJobName[] = ['staff-roster', 'calendar-check', 'morning-list', 'afternoon-list', 'card-clock', 'whereabouts', 'reminders', 'concern-realerts', 'safeguarding-timers', 'end-of-day'];

/** Jobs due on every weekday, school day or not. */
const WEEKDAY_JOBS: ReadonlySet<SchoolJobName> = new Set(['staff-roster', 'calendar-check']);

/**
 * Jobs due every day of the year, round the clock: a child's safety does not wait for Monday. An unacknowledged
 * concern and the 24-hour no-contact step (the first-day calling procedure: "a further 24 hours of trying" before
 * children's social care) fall due at weekends and in holidays too.
 */
const ALWAYS_JOBS: ReadonlySet<SchoolJobName> = new Set(['concern-realerts', 'safeguarding-timers']);

/** How a school's day runs. Times are local HH:MM. */
export interface SchoolDaySettings {
  /** The morning list goes out this many minutes after the register closes (late marks come in first). */
  morningListAfterCloseMinutes: number;
  /** The afternoon list, the same grace after the afternoon register closes. */
  afternoonListAfterCloseMinutes: number;
  /** While a list waits for its register to reach Firstday, it looks again this often. */
  registerRecheckMinutes: number;
  /** The team's roster is matched to the staff list again (weekdays), before the morning's messages go out. */
  staffRosterTime: string;
  /** The daily calendar check (weekdays, term or not). */
  calendarCheckTime: string;
  /** Reminders (arrival times passed, call-backs due, the 24-hour no-contact prompt) are checked this often, from register close. */
  remindersEveryMinutes: number;
  /** Unacknowledged concerns are checked this often, every day, day and night. */
  concernRealertsEveryMinutes: number;
  /** Cards are checked against the school's clock (unclaimed, no outcome, a list not posted) this often. */
  cardClockEveryMinutes: number;
  /** The 24-hour no-contact step and the DSL's undecided no-contact are checked this often, every day. */
  safeguardingTimersEveryMinutes: number;
  /** The end-of-day summary; the morning list is not posted after this. */
  endOfDayTime: string;
  /** The window for reminders (until): staff are about before and after lessons. */
  dayStart: string;
  dayEnd: string;
}

export const DEFAULT_SCHOOL_DAY: SchoolDaySettings = {
  morningListAfterCloseMinutes: 5,
  afternoonListAfterCloseMinutes: 5,
  registerRecheckMinutes: 5,
  staffRosterTime: '07:30',
  calendarCheckTime: '08:00',
  remindersEveryMinutes: 5,
  concernRealertsEveryMinutes: 1,
  cardClockEveryMinutes: 5,
  safeguardingTimersEveryMinutes: 5,
  endOfDayTime: '16:30',
  dayStart: '07:00',
  dayEnd: '19:00',
};

/** When a job runs in a day, in minutes after local midnight; `until` is exclusive. */
export type JobTiming = { kind: 'once'; at: number; until: number; recheckMinutes?: number } | { kind: 'every'; minutes: number; from: number; until: number };

/** One step of a job that is due: run it once for this school, date and slot. */
export interface DueStep {
  job: SchoolJobName;
  /** The school's local date, YYYY-MM-DD. */
  date: string;
  /** The slot's local start time, HH:MM: the step's name within the day. */
  slot: string;
  /** The instant the slot starts. */
  scheduledFor: Date;
  /** For a job that may wait: how long until the slot is due again after its handler said "not yet". */
  recheckMinutes?: number;
}

export class SchoolDayError extends Error {
  constructor(readonly urn: string, readonly field: string, problem: string) {
    super(`School ${urn}: ${field} ${problem}`);
    this.name = 'SchoolDayError';
  }
}

const END_OF_DAY = 24 * 60;

/** The timing of every job for a school. Throws SchoolDayError naming the bad field. */
export function jobTimings(school: Pick<School, 'urn' | 'registerCloseTime' | 'afternoonRegisterCloseTime' | 'cardClock'>, settings: SchoolDaySettings = DEFAULT_SCHOOL_DAY): Record<SchoolJobName, JobTiming> {
  const time = (field: string, value: string) => {
    if (!isValidTime(value)) throw new SchoolDayError(school.urn, field, `is "${value}", which is not a time (HH:MM, 24-hour)`);
    const [h, m] = value.split(':').map(Number);
    return h * 60 + m;
  };
  const every = (field: keyof SchoolDaySettings, value: number) => {
    if (!Number.isInteger(value) || value < 1 || value > 240) throw new SchoolDayError(school.urn, field, `is ${value}; it must be a whole number of minutes from 1 to 240`);
    return value;
  };
  const close = time('registerCloseTime', school.registerCloseTime);
  const endOfDay = time('endOfDayTime', settings.endOfDayTime);
  const dayStart = time('dayStart', settings.dayStart);
  const dayEnd = time('dayEnd', settings.dayEnd);
  const listAt = close + every('morningListAfterCloseMinutes', settings.morningListAfterCloseMinutes);
  if (listAt >= endOfDay) throw new SchoolDayError(school.urn, 'endOfDayTime', `(${settings.endOfDayTime}) must be after the morning list (register close ${school.registerCloseTime} + ${settings.morningListAfterCloseMinutes} min)`);
  // The afternoon list never stops the rest of the day (concern re-alerts above all): an afternoon close it
  // cannot use (not a time, or too late to list before the end of the day) just means no afternoon list.
  const afternoonGrace = every('afternoonListAfterCloseMinutes', settings.afternoonListAfterCloseMinutes);
  const afternoonAt = isValidTime(school.afternoonRegisterCloseTime ?? '') ? time('afternoonRegisterCloseTime', school.afternoonRegisterCloseTime) + afternoonGrace : END_OF_DAY;
  const recheckMinutes = every('registerRecheckMinutes', settings.registerRecheckMinutes);
  if (dayStart >= dayEnd) throw new SchoolDayError(school.urn, 'dayEnd', `(${settings.dayEnd}) must be after dayStart (${settings.dayStart})`);
  return {
    'staff-roster': { kind: 'once', at: time('staffRosterTime', settings.staffRosterTime), until: END_OF_DAY },
    'calendar-check': { kind: 'once', at: time('calendarCheckTime', settings.calendarCheckTime), until: END_OF_DAY },
    // The lists wait for their register: due again every few minutes until posted, or until the end of the day.
    'morning-list': { kind: 'once', at: listAt, until: endOfDay, recheckMinutes },
    'afternoon-list': { kind: 'once', at: Math.max(afternoonAt, listAt + 1), until: endOfDay, recheckMinutes },
    reminders: { kind: 'every', minutes: every('remindersEveryMinutes', settings.remindersEveryMinutes), from: close, until: dayEnd },
    // From register close (the list's own deadline is close + unposted minutes) to the end of the school day.
    'card-clock': { kind: 'every', minutes: every('cardClockEveryMinutes', settings.cardClockEveryMinutes), from: close, until: endOfDay },
    // Once, at the school's deadline; a server down then still sends it when it is back, before the day ends.
    whereabouts: { kind: 'once', at: Math.max(time('cardClock.whereaboutsDeadline', cardClockOf(school).whereaboutsDeadline), close + 1), until: endOfDay },
    'concern-realerts': { kind: 'every', minutes: every('concernRealertsEveryMinutes', settings.concernRealertsEveryMinutes), from: 0, until: END_OF_DAY },
    'safeguarding-timers': { kind: 'every', minutes: every('safeguardingTimersEveryMinutes', settings.safeguardingTimersEveryMinutes), from: 0, until: END_OF_DAY },
    'end-of-day': { kind: 'once', at: endOfDay, until: END_OF_DAY },
  };
}

/** The steps due for a school at an instant, in SCHOOL_JOBS order. */
export function dueSteps(
  school: Pick<School, 'urn' | 'timeZone' | 'registerCloseTime' | 'afternoonRegisterCloseTime' | 'terms' | 'closures' | 'cardClock'>,
  instant: Date,
  settings: SchoolDaySettings = DEFAULT_SCHOOL_DAY,
): DueStep[] {
  const timings = jobTimings(school, settings);
  const local = toLocal(instant, school.timeZone);
  const weekday = local.weekday <= 5;
  const schoolDay = weekday && isSchoolDay(school, local.date);
  const [h, m] = local.time.split(':').map(Number);
  const now = h * 60 + m;
  const due: DueStep[] = [];
  for (const job of SCHOOL_JOBS) {
    if (!schoolDay && !ALWAYS_JOBS.has(job) && !(weekday && WEEKDAY_JOBS.has(job))) continue;
    const timing = timings[job];
    const slot = slotAt(timing, now);
    if (slot === undefined) continue;
    const hhmm = formatMinutes(slot);
    const step: DueStep = { job, date: local.date, slot: hhmm, scheduledFor: fromLocal(local.date, hhmm, school.timeZone) };
    if (timing.kind === 'once' && timing.recheckMinutes) step.recheckMinutes = timing.recheckMinutes;
    due.push(step);
  }
  return due;
}

function slotAt(timing: JobTiming, now: number): number | undefined {
  if (timing.kind === 'once') return timing.at <= now && now < timing.until ? timing.at : undefined;
  if (now < timing.from || now >= timing.until) return undefined;
  return timing.from + Math.floor((now - timing.from) / timing.minutes) * timing.minutes;
}

function formatMinutes(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}
