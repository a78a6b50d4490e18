import { dueSteps, jobTimings, SchoolDayError, DEFAULT_SCHOOL_DAY } from '../../bot/domain/school-day';
import type { School } from '../../bot/domain/school';

const school: Pick<School, 'urn' | 'timeZone' | 'registerCloseTime' | 'afternoonRegisterCloseTime' | 'terms' | 'closures' | 'cardClock'> = {
  urn: '100001',
  timeZone: 'Europe/London',
  registerCloseTime: '09:10',
  afternoonRegisterCloseTime: '13:40',
  terms: [
    { name: 'Autumn', start: '2025-09-03', end: '2025-12-19' },
    { name: 'Spring', start: '2026-01-05', end: '2026-04-02' },
    { name: 'Summer', start: '2026-04-20', end: '2026-07-22' },
  ],
  // An INSET day and the early May bank holiday.
  closures: ['2025-09-03', '2026-05-04'],
};

/** The weekday jobs (the roster, the calendar check) have tests of their own. */
const WEEKDAY = new Set(['staff-roster', 'calendar-check']);
/** Due every day of the year, round the clock: a child's safety does not wait for Monday. */
const ALWAYS = new Set(['concern-realerts', 'safeguarding-timers']);

/** Due steps as "job slot" strings, for readable expectations. */
const due = (iso: string, s = school) =>
  dueSteps(s, new Date(iso))
    .filter((d) => !WEEKDAY.has(d.job))
    .map((d) => `${d.job} ${d.slot}`);
/** The jobs of a school day, leaving out those that run every day. */
const dayJobs = (iso: string, s = school) => due(iso, s).filter((d) => !ALWAYS.has(d.split(' ')[0]));

describe('a term day (Tuesday 9 September 2025, British Summer Time)', () => {
  test('before the register closes only the safeguarding timers run', () => {
    expect(due('2025-09-09T05:59:00Z')).toEqual(['concern-realerts 06:59', 'safeguarding-timers 06:55']);
    expect(due('2025-09-09T08:09:30Z')).toEqual(['concern-realerts 09:09', 'safeguarding-timers 09:05']);
  });

  test('reminders and the card clock start at register close, the morning list five minutes later', () => {
    expect(dayJobs('2025-09-09T08:10:00Z')).toEqual(['card-clock 09:10', 'reminders 09:10']);
    expect(due('2025-09-09T08:15:00Z')).toEqual(['morning-list 09:15', 'card-clock 09:15', 'reminders 09:15', 'concern-realerts 09:15', 'safeguarding-timers 09:15']);
    expect(due('2025-09-09T08:19:59Z')).toEqual(['morning-list 09:15', 'card-clock 09:15', 'reminders 09:15', 'concern-realerts 09:19', 'safeguarding-timers 09:15']);
  });

  test("the DSLs' whereabouts list is due at the school's deadline, once, and still later in the day after an outage", () => {
    expect(dayJobs('2025-09-09T09:29:00Z')).not.toContain('whereabouts 10:30');
    expect(dayJobs('2025-09-09T09:30:00Z')).toContain('whereabouts 10:30');
    expect(dayJobs('2025-09-09T13:00:00Z')).toContain('whereabouts 10:30');
    expect(dayJobs('2025-09-09T08:30:00Z', { ...school, cardClock: { whereaboutsDeadline: '09:30' } })).toContain('whereabouts 09:30');
  });

  test('the morning list stays due until the end of the day, so a server back from an outage still posts it', () => {
    expect(due('2025-09-09T10:02:00Z')).toContain('morning-list 09:15');
    expect(due('2025-09-09T15:29:00Z')).toContain('morning-list 09:15');
    expect(due('2025-09-09T15:30:00Z')).toEqual(['reminders 16:30', 'concern-realerts 16:30', 'safeguarding-timers 16:30', 'end-of-day 16:30']);
  });

  test('after the day window only the end of day can still catch up, until midnight; the safeguarding timers go on', () => {
    expect(due('2025-09-09T18:00:00Z')).toEqual(['concern-realerts 19:00', 'safeguarding-timers 19:00', 'end-of-day 16:30']);
    expect(dayJobs('2025-09-09T22:59:00Z')).toEqual(['end-of-day 16:30']);
    expect(due('2025-09-09T23:00:00Z')).toEqual(['concern-realerts 00:00', 'safeguarding-timers 00:00']);
  });

  test("each step's slot starts at the school's local time", () => {
    const list = dueSteps(school, new Date('2025-09-09T08:17:00Z')).find((d) => d.job === 'morning-list');
    expect(list).toEqual({ job: 'morning-list', date: '2025-09-09', slot: '09:15', scheduledFor: new Date('2025-09-09T08:15:00Z'), recheckMinutes: 5 });
  });

  test('over the whole day each once-job has one slot, reminders and the card clock one every 5 minutes, re-alerts one a minute round the clock', () => {
    const slots = new Map<string, Set<string>>();
    for (let t = Date.parse('2025-09-08T23:00:00Z'); t < Date.parse('2025-09-09T23:00:00Z'); t += 60_000) {
      for (const d of dueSteps(school, new Date(t))) slots.set(d.job, (slots.get(d.job) ?? new Set()).add(d.slot));
    }
    expect(slots.get('morning-list')!.size).toBe(1);
    expect(slots.get('afternoon-list')!.size).toBe(1);
    expect(slots.get('calendar-check')!.size).toBe(1);
    expect(slots.get('staff-roster')!.size).toBe(1);
    expect(slots.get('end-of-day')!.size).toBe(1);
    expect(slots.get('whereabouts')!.size).toBe(1);
    expect(slots.get('reminders')!.size).toBe((19 * 60 - (9 * 60 + 10)) / 5);
    expect(slots.get('card-clock')!.size).toBe((16 * 60 + 30 - (9 * 60 + 10)) / 5);
    expect(slots.get('concern-realerts')!.size).toBe(24 * 60);
    expect(slots.get('safeguarding-timers')!.size).toBe(24 * 12);
  });
});

test('at a weekend only the safeguarding timers run: a Friday no-contact reaches the DSLs on Saturday', () => {
  expect(due('2025-09-13T08:15:00Z')).toEqual(['concern-realerts 09:15', 'safeguarding-timers 09:15']);
  expect(dayJobs('2025-09-14T15:30:00Z')).toEqual([]);
});

test('no school-day job runs on an INSET day, even inside term', () => {
  expect(dayJobs('2025-09-03T08:15:00Z')).toEqual([]);
  expect(due('2025-09-03T08:15:00Z')).toEqual(['concern-realerts 09:15', 'safeguarding-timers 09:15']);
  expect(due('2025-09-04T08:15:00Z')).toContain('morning-list 09:15');
});

test('no school-day job runs on a bank holiday; the day after is a school day again', () => {
  expect(dayJobs('2026-05-04T08:15:00Z')).toEqual([]);
  expect(due('2026-05-05T08:15:00Z')).toContain('morning-list 09:15');
});

test('no school-day job runs outside term: the summer holiday, the Easter holiday; the safeguarding timers do', () => {
  expect(dayJobs('2025-08-20T08:15:00Z')).toEqual([]);
  expect(dayJobs('2026-04-08T08:15:00Z')).toEqual([]);
  expect(due('2026-04-08T08:15:00Z')).toEqual(['concern-realerts 09:15', 'safeguarding-timers 09:15']);
});

describe('the clocks changing', () => {
  test('last Sunday of March: the morning list is at 09:15 GMT on Friday and 09:15 BST (08:15 UTC) on Monday', () => {
    expect(due('2026-03-27T08:15:00Z')).not.toContain('morning-list 09:15');
    expect(dueSteps(school, new Date('2026-03-27T09:15:00Z')).find((d) => d.job === 'morning-list')).toMatchObject({ job: 'morning-list', scheduledFor: new Date('2026-03-27T09:15:00Z') });
    expect(dayJobs('2026-03-29T08:15:00Z')).toEqual([]);
    expect(dueSteps(school, new Date('2026-03-30T08:15:00Z')).find((d) => d.job === 'morning-list')).toMatchObject({ job: 'morning-list', date: '2026-03-30', scheduledFor: new Date('2026-03-30T08:15:00Z') });
  });

  test('last Sunday of October: the end of day is at 16:30 BST (15:30 UTC) on Friday and 16:30 GMT (16:30 UTC) on Monday', () => {
    expect(due('2025-10-24T15:30:00Z')).toContain('end-of-day 16:30');
    expect(dayJobs('2025-10-26T16:30:00Z')).toEqual([]);
    expect(due('2025-10-27T15:30:00Z')).not.toContain('end-of-day 16:30');
    expect(due('2025-10-27T16:30:00Z')).toContain('end-of-day 16:30');
    expect(dueSteps(school, new Date('2025-10-27T16:31:00Z')).find((d) => d.job === 'end-of-day')!.scheduledFor).toEqual(new Date('2025-10-27T16:30:00Z'));
  });

  test('Monday after the change: a minute-by-minute walk gives re-alert slots at every local minute, none doubled or lost', () => {
    const slots: string[] = [];
    for (let t = Date.parse('2026-03-30T06:00:00Z'); t < Date.parse('2026-03-30T07:00:00Z'); t += 60_000) {
      slots.push(dueSteps(school, new Date(t)).find((d) => d.job === 'concern-realerts')!.slot);
    }
    expect(slots[0]).toBe('07:00');
    expect(slots[59]).toBe('07:59');
    expect(new Set(slots).size).toBe(60);
  });
});

test("a school's settings are checked, and a bad one is named", () => {
  expect(() => dueSteps({ ...school, registerCloseTime: '9.10' }, new Date('2025-09-09T08:15:00Z'))).toThrow(
    new SchoolDayError('100001', 'registerCloseTime', 'is "9.10", which is not a time (HH:MM, 24-hour)'),
  );
  expect(() => jobTimings(school, { ...DEFAULT_SCHOOL_DAY, endOfDayTime: '09:00' })).toThrow(/School 100001: endOfDayTime \(09:00\) must be after the morning list/);
  expect(() => jobTimings(school, { ...DEFAULT_SCHOOL_DAY, remindersEveryMinutes: 0 })).toThrow(/remindersEveryMinutes is 0/);
});

test('a school can run its day differently: an earlier end of day stops the morning list earlier', () => {
  const settings = { ...DEFAULT_SCHOOL_DAY, endOfDayTime: '15:20', remindersEveryMinutes: 10 };
  expect(dueSteps(school, new Date('2025-09-09T14:25:00Z'), settings).filter((d) => !WEEKDAY.has(d.job)).map((d) => `${d.job} ${d.slot}`)).toEqual([
    'reminders 15:20',
    'concern-realerts 15:25',
    'safeguarding-timers 15:25',
    'end-of-day 15:20',
  ]);
});

describe('the lists wait for their register', () => {
  test('the afternoon list is due five minutes after the afternoon register closes, until the end of the day', () => {
    expect(due('2025-09-09T12:44:00Z')).not.toContain('afternoon-list 13:45');
    expect(due('2025-09-09T12:45:00Z')).toContain('afternoon-list 13:45');
    expect(due('2025-09-09T15:29:00Z')).toContain('afternoon-list 13:45');
    expect(due('2025-09-09T15:30:00Z')).not.toContain('afternoon-list 13:45');
  });

  test('both lists may be looked at again every five minutes while they wait; other jobs are not', () => {
    const steps = dueSteps(school, new Date('2025-09-09T13:00:00Z'));
    expect(steps.filter((d) => d.recheckMinutes).map((d) => `${d.job} ${d.recheckMinutes}`)).toEqual(['morning-list 5', 'afternoon-list 5']);
  });

  test('an afternoon close the list cannot use (too late, not a time) means no afternoon list, and never stops the rest of the day', () => {
    for (const afternoonRegisterCloseTime of ['16:40', 'after lunch']) {
      const day = new Set<string>();
      for (let t = Date.parse('2025-09-09T06:00:00Z'); t < Date.parse('2025-09-09T18:00:00Z'); t += 5 * 60_000) {
        for (const d of dueSteps({ ...school, afternoonRegisterCloseTime }, new Date(t))) day.add(d.job);
      }
      expect([...day].sort()).toEqual(['calendar-check', 'card-clock', 'concern-realerts', 'end-of-day', 'morning-list', 'reminders', 'safeguarding-timers', 'staff-roster', 'whereabouts']);
    }
  });
});

describe('the calendar check and the roster run on every weekday, school day or not', () => {
  const checks = (iso: string, s = school) =>
    dueSteps(s, new Date(iso))
      .filter((d) => d.job !== 'staff-roster' && !ALWAYS.has(d.job))
      .map((d) => `${d.job} ${d.slot}`);
  const roster = (iso: string, s = school) =>
    dueSteps(s, new Date(iso))
      .filter((d) => d.job === 'staff-roster')
      .map((d) => `${d.job} ${d.slot}`);

  test("the team's roster is matched to the staff list at 07:30, before the morning's messages, holidays included", () => {
    expect(roster('2025-09-09T06:29:00Z')).toEqual([]);
    expect(roster('2025-09-09T06:30:00Z')).toEqual(['staff-roster 07:30']);
    expect(roster('2025-08-20T08:15:00Z')).toEqual(['staff-roster 07:30']);
    expect(roster('2025-09-13T08:15:00Z')).toEqual([]);
  });

  test('at 08:00 on a term day, alongside the day', () => {
    expect(checks('2025-09-09T06:59:00Z')).not.toContain('calendar-check 08:00');
    expect(checks('2025-09-09T07:00:00Z')).toContain('calendar-check 08:00');
  });

  test('in the holidays and with no calendar at all it is the only job; never at a weekend', () => {
    expect(checks('2025-08-20T08:15:00Z')).toEqual(['calendar-check 08:00']);
    expect(checks('2026-05-04T08:15:00Z')).toEqual(['calendar-check 08:00']);
    expect(checks('2026-09-07T10:00:00Z', { ...school, terms: [] })).toEqual(['calendar-check 08:00']);
    expect(checks('2025-09-13T08:15:00Z')).toEqual([]);
  });
});
