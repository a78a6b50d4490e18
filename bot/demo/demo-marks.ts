/**
 * The demo school's registers from the first day of the year to the register day, and the absence
 * reports behind them. Most pupils attend well; a few are persistently absent, one or two severely;
 * some miss Mondays and Fridays; colds go round a year group; lates, appointments, holidays, trips
 * and closures appear as they do in a real register. On the register day only the morning register
 * is taken, with a morning's unexplained absences, reports that explain others, and late arrivals.
 */
import type { AbsenceReport, ReportMethod } from '../domain/absence-report';
import { addDays, fromLocal, weekdayOf } from '../domain/clock';
import type { Contact, Pupil } from '../domain/pupil';
import { contactsInCallOrder } from '../domain/pupil';
import type { School } from '../domain/school';
import { academicYearOf, sessionIndex, type PupilYearMarks, type Session } from '../domain/session-marks';
import { datesBetween } from './demo-calendar';
import { Random, type Weighted } from './random';

type AttendanceProfile = 'steady' | 'occasional' | 'watch' | 'persistent' | 'monday-friday' | 'severe';

export interface DemoRegisters {
  marks: PupilYearMarks[];
  reports: AbsenceReport[];
}

export interface RegistersOptions {
  seed: number;
  school: Pick<School, 'terms' | 'closures' | 'timeZone'>;
  pupils: Pupil[];
  contacts: Contact[];
  registerDay: string;
}

interface Day {
  date: string;
  weekday: number;
  /** Session index of the morning within the academic year. */
  am: number;
}

/** One pupil's past registers while they are being built: AM and PM codes per past school day. */
interface Register {
  pupil: Pupil;
  profile: AttendanceProfile;
  /** Index into the school days of the first day on roll. */
  from: number;
  am: string[];
  pm: string[];
  lateMinutes: Map<number, number>;
  /** The register day's morning code when the pupil is already known to be off (an illness that carries on). */
  todayCode?: string;
}

const PRESENT_AM = '/';
const PRESENT_PM = '\\';

export function generateRegisters(options: RegistersOptions): DemoRegisters {
  const { seed, school, pupils, registerDay } = options;
  const academicYear = academicYearOf(registerDay);
  const calendar = new SchoolDays(school, academicYear, registerDay);
  const contactsByPupil = new Map<string, Contact[]>();
  for (const c of options.contacts) {
    const list = contactsByPupil.get(c.pupilUpn) ?? [];
    list.push(c);
    contactsByPupil.set(c.pupilUpn, list);
  }
  const reporters = new Reporters(contactsByPupil, school.timeZone);
  const profiles = assignProfiles(Random.stream(seed, 'profiles'), pupils);
  const events = schoolEvents(Random.stream(seed, 'events'), calendar, school);

  const registers = pupils.map((pupil) =>
    simulatePupil(Random.stream(seed, `marks|${pupil.upn}`), pupil, profiles.get(pupil.upn)!, calendar, events, reporters),
  );
  applySchoolEvents(Random.stream(seed, 'school-events'), registers, calendar, events);
  takeMorningRegister(Random.stream(seed, 'register-day'), registers, calendar, reporters);

  const marks = registers.map((r) => packMarks(r, calendar, academicYear));
  const reports = reporters.reports.sort((a, b) => (a.receivedAt < b.receivedAt ? -1 : a.receivedAt > b.receivedAt ? 1 : a.id < b.id ? -1 : 1));
  return { marks, reports };
}

/** The academic year's term days up to the register day, split into closures and school days. */
class SchoolDays {
  /** School days (not closures) before the register day. */
  readonly past: Day[];
  readonly today: Day;
  /** School days after the register day, for reports that say "off until Friday". */
  readonly future: Day[];
  /** Closure days on or before the register day. */
  readonly closures: Day[];

  constructor(school: Pick<School, 'terms' | 'closures'>, academicYear: number, registerDay: string) {
    const days: Day[] = [];
    const closures: Day[] = [];
    const closed = new Set(school.closures);
    for (const term of school.terms.filter((t) => academicYearOf(t.start) === academicYear)) {
      for (const date of datesBetween(term.start, term.end)) {
        const weekday = weekdayOf(date);
        if (weekday > 5) continue;
        const day = { date, weekday, am: sessionIndex(date, 'AM') };
        if (closed.has(date)) {
          if (date <= registerDay) closures.push(day);
        } else days.push(day);
      }
    }
    const at = days.findIndex((d) => d.date === registerDay);
    if (at < 0) throw new RangeError(`${registerDay} is not a school day of ${academicYear}/${(academicYear + 1) % 100}`);
    this.past = days.slice(0, at);
    this.today = days[at];
    this.future = days.slice(at + 1);
    this.closures = closures;
  }

  /** The school day at an index counted from the first past day, running on into the future. */
  dayAt(index: number): Day | undefined {
    if (index < this.past.length) return this.past[index];
    if (index === this.past.length) return this.today;
    return this.future[index - this.past.length - 1];
  }

  /** Index of the first past school day on or after the date. */
  indexOn(date: string): number {
    const i = this.past.findIndex((d) => d.date >= date);
    return i < 0 ? this.past.length : i;
  }
}

function assignProfiles(random: Random, pupils: Pupil[]): Map<string, AttendanceProfile> {
  const profiles = new Map<string, AttendanceProfile>();
  for (const p of pupils) {
    // Needs and caring responsibilities make absence likelier: weight them towards the worrying profiles.
    const risk = (p.sen !== 'none' ? 2 : 1) * (p.youngCarer || p.childInNeed || p.childProtectionPlan ? 2 : 1);
    profiles.set(
      p.upn,
      random.weighted<AttendanceProfile>([
        { value: 'steady', weight: 68 },
        { value: 'occasional', weight: 22 },
        { value: 'watch', weight: 6 * risk },
        { value: 'persistent', weight: 3.5 * risk },
      ]),
    );
  }
  const pick = (candidates: Pupil[], count: number, profile: AttendanceProfile) => {
    for (const p of random.sample(candidates, count)) profiles.set(p.upn, profile);
  };
  const notYet = (p: Pupil) => profiles.get(p.upn) !== 'severe' && profiles.get(p.upn) !== 'monday-friday';
  // Severe absence: one anxious pupil with an EHCP, one known to children's services.
  pick(pupils.filter((p) => p.sen === 'ehcp' && p.yearGroup >= 8), 1, 'severe');
  pick(pupils.filter((p) => p.childInNeed && p.yearGroup >= 9 && notYet(p)), 1, 'severe');
  pick(pupils.filter((p) => p.yearGroup >= 9 && notYet(p)), 6, 'monday-friday');
  return profiles;
}

interface SchoolEvents {
  /** Colds and stomach bugs that go round a year group. */
  outbreaks: { yearGroup: number; from: number; to: number }[];
  trips: { day: number; forms: string[] }[];
  /** Year 10's work experience week, where it has happened. */
  workExperience: number[];
}

function schoolEvents(random: Random, calendar: SchoolDays, school: Pick<School, 'terms'>): SchoolEvents {
  const n = calendar.past.length;
  const outbreaks: SchoolEvents['outbreaks'] = [];
  for (let i = 0; i < Math.floor(n / 50) + 1 && n > 10; i++) {
    const from = random.int(5, n - 5);
    outbreaks.push({ yearGroup: random.int(7, 11), from, to: from + random.int(6, 10) });
  }
  const trips: SchoolEvents['trips'] = [];
  if (n > 15) {
    for (let year = 7; year <= 11; year++) {
      const letters = random.sample(['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H'], random.int(1, 3));
      trips.push({ day: random.int(10, n - 1), forms: letters.map((l) => `${year}${l}`) });
    }
  }
  const summer2 = school.terms.find((t) => t.name === 'Summer 2' && academicYearOf(t.start) === academicYearOf(calendar.today.date));
  const workExperience: number[] = [];
  if (summer2) {
    calendar.past.forEach((d, i) => {
      const fromStart = (Date.parse(d.date) - Date.parse(summer2.start)) / 86_400_000;
      if (fromStart >= 14 && fromStart < 19) workExperience.push(i);
    });
  }
  return { outbreaks, trips, workExperience };
}

const SPELL_RATE: Record<AttendanceProfile, number> = {
  steady: 0.008,
  occasional: 0.02,
  watch: 0.03,
  persistent: 0.03,
  'monday-friday': 0.012,
  severe: 0.02,
};

/** Share of possible days with extra absence, by profile: [min, max]. */
const EXTRA_ABSENCE: Partial<Record<AttendanceProfile, [number, number]>> = {
  watch: [0.02, 0.04],
  persistent: [0.07, 0.16],
  'monday-friday': [0.1, 0.14],
  severe: [0.5, 0.62],
};

function simulatePupil(
  random: Random,
  pupil: Pupil,
  profile: AttendanceProfile,
  calendar: SchoolDays,
  events: SchoolEvents,
  reporters: Reporters,
): Register {
  const n = calendar.past.length;
  const from = pupil.admissionDate ? calendar.indexOn(pupil.admissionDate) : 0;
  const r: Register = { pupil, profile, from, am: new Array(n).fill(PRESENT_AM), pm: new Array(n).fill(PRESENT_PM), lateMinutes: new Map() };
  const free = (i: number) => r.am[i] === PRESENT_AM && r.pm[i] === PRESENT_PM;

  // Illness: spells of a day or more, more often when something is going round the pupil's year.
  for (let i = from; i < n; i++) {
    if (!free(i)) continue;
    const outbreak = events.outbreaks.some((o) => o.yearGroup === pupil.yearGroup && o.from <= i && i <= o.to);
    if (!random.chance(SPELL_RATE[profile] + (outbreak ? 0.04 : 0))) continue;
    const length = random.weighted([
      { value: 1, weight: 45 },
      { value: 2, weight: 30 },
      { value: 3, weight: 15 },
      { value: 4, weight: 6 },
      { value: 5, weight: 4 },
    ]);
    const kind = random.weighted([
      { value: 'illness', weight: 92 },
      { value: 'unexplained', weight: 5 },
      { value: 'sent-home', weight: 3 },
    ]);
    if (kind === 'sent-home') {
      r.pm[i] = 'I';
      continue;
    }
    const code = kind === 'illness' ? 'I' : 'O';
    let last = i;
    for (let k = 0; k < length; k++) {
      const at = i + k;
      if (at < n) {
        if (!free(at)) break;
        r.am[at] = r.pm[at] = code;
      } else if (code !== 'I') break;
      else if (at === n) r.todayCode = code;
      last = at;
    }
    if (kind === 'illness') {
      const lastDay = calendar.dayAt(last) ?? calendar.today;
      reporters.report(random, pupil, {
        from: calendar.past[i].date,
        to: lastDay.date,
        received: { date: calendar.past[i].date, time: morningTime(random) },
        reason: length >= 4 ? random.pick(LONG_ILLNESSES) : random.pick(ILLNESSES),
        suggestedCode: 'I',
      });
    }
    i = last;
  }

  // Medical and dental appointments: one session, booked ahead.
  for (let i = from; i < n; i++) {
    if (!free(i) || !random.chance(0.006)) continue;
    const session: Session = random.chance(0.7) ? 'AM' : 'PM';
    if (session === 'AM') r.am[i] = 'M';
    else r.pm[i] = 'M';
    const bookedAhead = calendar.past[Math.max(0, i - random.int(1, 10))].date;
    reporters.report(random, pupil, {
      from: calendar.past[i].date,
      to: calendar.past[i].date,
      session,
      received: { date: bookedAhead, time: random.chance(0.5) ? eveningTime(random) : morningTime(random) },
      reason: random.pick(APPOINTMENTS),
      suggestedCode: 'M',
      methods: [
        { value: 'app', weight: 40 },
        { value: 'email', weight: 30 },
        { value: 'in-person', weight: 15 },
        { value: 'letter', weight: 15 },
      ],
    });
  }

  // The absences that make a pattern: persistent, Monday-and-Friday, severe.
  const extra = EXTRA_ABSENCE[profile];
  if (extra) {
    const possible = n - from;
    const pool: Weighted<number>[] = [];
    for (let i = from; i < n; i++) {
      if (!free(i)) continue;
      const weekday = calendar.past[i].weekday;
      const weight = profile === 'monday-friday' ? (weekday === 1 || weekday === 5 ? 1 : 0.04) : 1;
      pool.push({ value: i, weight });
    }
    const count = Math.min(pool.length, Math.round(possible * (extra[0] + random.float() * (extra[1] - extra[0]))));
    for (const i of weightedSample(random, pool, count)) {
      const roll = random.float();
      const day = calendar.past[i].date;
      const explained = profile === 'severe' ? roll < 0.25 : profile === 'persistent' ? roll < 0.45 : roll < 0.55;
      if (explained) {
        r.am[i] = r.pm[i] = 'I';
        reporters.report(random, pupil, {
          from: day,
          to: day,
          received: { date: day, time: morningTime(random) },
          reason: random.pick(VAGUE_ILLNESSES),
          suggestedCode: 'I',
        });
      } else if (profile === 'persistent' && roll > 0.85) {
        // Missed the morning, came in for the afternoon register.
        r.am[i] = 'O';
      } else {
        r.am[i] = r.pm[i] = 'O';
      }
    }
  }

  // A family holiday in term time, just before a break: the school did not grant it.
  if (random.chance(0.03) && n > 0) {
    const breaks = calendar.past.map((d, i) => i).filter((i) => i + 1 < n && calendar.past[i + 1].date > addDays(calendar.past[i].date, 3));
    if (breaks.length > 0) {
      const end = random.pick(breaks);
      const length = random.int(2, 4);
      const days = [];
      for (let i = end - length + 1; i <= end; i++) if (i >= from && free(i)) days.push(i);
      for (const i of days) r.am[i] = r.pm[i] = 'G';
      if (days.length > 0 && random.chance(0.5)) {
        reporters.report(random, pupil, {
          from: calendar.past[days[0]].date,
          to: calendar.past[days[days.length - 1]].date,
          received: { date: calendar.past[Math.max(0, days[0] - random.int(1, 5))].date, time: eveningTime(random) },
          reason: random.pick(HOLIDAYS),
          suggestedCode: 'G',
          methods: [
            { value: 'email', weight: 60 },
            { value: 'letter', weight: 40 },
          ],
        });
      }
    }
  }

  // Lates: L before the register closes, U after it.
  const lateRate = profile === 'severe' || profile === 'persistent' ? 0.05 : random.chance(0.08) ? 0.06 + random.float() * 0.08 : 0.01;
  for (let i = from; i < n; i++) {
    if (r.am[i] !== PRESENT_AM || !random.chance(lateRate)) continue;
    if (random.chance(0.12)) {
      r.am[i] = 'U';
      r.lateMinutes.set(calendar.past[i].am, random.int(31, 75));
    } else {
      r.am[i] = 'L';
      r.lateMinutes.set(calendar.past[i].am, lateMinutesBeforeClose(random));
    }
  }
  return r;
}

/** Trips, work experience, suspensions, and a few absences still waiting for a reason. */
function applySchoolEvents(random: Random, registers: Register[], calendar: SchoolDays, events: SchoolEvents): void {
  const n = calendar.past.length;
  const allDay = (r: Register, i: number) => i >= r.from && r.am[i] === PRESENT_AM && r.pm[i] === PRESENT_PM;
  for (const trip of events.trips) {
    for (const r of registers) {
      if (trip.forms.includes(r.pupil.form) && allDay(r, trip.day)) r.am[trip.day] = r.pm[trip.day] = 'V';
    }
  }
  for (const r of registers) {
    if (r.pupil.yearGroup !== 10 || random.chance(0.05)) continue;
    for (const i of events.workExperience) if (allDay(r, i)) r.am[i] = r.pm[i] = 'W';
  }
  // A few fixed-term suspensions with no alternative provision.
  const suspended = random.sample(
    registers.filter((r) => (r.profile === 'persistent' || r.profile === 'watch') && r.from < n - 1),
    4,
  );
  for (const r of suspended) {
    const start = random.int(r.from, n - 1);
    const end = Math.min(n, start + random.int(1, 3));
    for (let i = start; i < end && allDay(r, i); i++) r.am[i] = r.pm[i] = 'E';
  }
  // Recent absences whose reason the school is still chasing: a few N remain in the past.
  const recent = Math.max(0, n - 10);
  const unresolved = registers.filter((r) => r.am.slice(recent).includes('O'));
  for (const r of random.sample(unresolved, 6)) {
    const i = r.am.lastIndexOf('O');
    r.am[i] = 'N';
    if (r.pm[i] === 'O') r.pm[i] = 'N';
  }
}

/**
 * The register day's morning: present, late, already known to be off, plus about 2% with no reason
 * (the unexplained list), some whose parents have rung or messaged this morning, and a few who were
 * absent at registration and have since arrived.
 */
function takeMorningRegister(random: Random, registers: Register[], calendar: SchoolDays, reporters: Reporters): void {
  const today = calendar.today;
  const onRoll = registers.filter((r) => !r.pupil.admissionDate || r.pupil.admissionDate <= today.date);
  const codes = new Map<Register, string>();
  for (const r of onRoll) if (r.todayCode) codes.set(r, r.todayCode);
  const waiting = () => onRoll.filter((r) => !codes.has(r));
  const likelyAbsent = (r: Register): number => {
    const mondayOrFriday = today.weekday === 1 || today.weekday === 5;
    const weights: Record<AttendanceProfile, number> = {
      steady: 0.4,
      occasional: 1,
      watch: 2,
      persistent: 5,
      'monday-friday': mondayOrFriday ? 12 : 2,
      severe: 12,
    };
    return weights[r.profile];
  };
  const choose = (count: number, weight: (r: Register) => number) =>
    weightedSample(random, waiting().map((r) => ({ value: r, weight: weight(r) })), count);

  // No word from home: these make the unexplained list.
  for (const r of choose(Math.round(onRoll.length * (0.017 + random.float() * 0.008)), likelyAbsent)) codes.set(r, 'N');

  // A parent rang, texted or used the app this morning: still N until the office codes it.
  for (const r of choose(Math.round(onRoll.length * 0.012), likelyAbsent)) {
    codes.set(r, 'N');
    const news = random.weighted(MORNING_NEWS);
    const through = news.days > 1 && random.chance(0.5) ? calendar.future[0] ?? today : today;
    reporters.report(random, r.pupil, {
      from: today.date,
      to: through.date,
      received: { date: today.date, time: registrationTime(random) },
      reason: random.pick(news.reasons),
      suggestedCode: news.suggestedCode,
      methods: MORNING_METHODS,
    });
  }

  // Absent when the register closed, arrived since: U with the minutes from the lates register.
  for (const r of choose(Math.round(onRoll.length * 0.005), likelyAbsent)) {
    codes.set(r, 'U');
    r.lateMinutes.set(today.am, random.int(35, 110));
    if (random.chance(0.35)) {
      reporters.report(random, r.pupil, {
        from: today.date,
        to: today.date,
        session: 'AM',
        received: { date: today.date, time: registrationTime(random) },
        reason: random.pick(RUNNING_LATE),
        methods: MORNING_METHODS,
      });
    }
  }

  // An appointment booked ahead for this morning.
  for (const r of choose(2, () => 1)) {
    codes.set(r, 'M');
    reporters.report(random, r.pupil, {
      from: today.date,
      to: today.date,
      session: 'AM',
      received: { date: calendar.past[Math.max(0, calendar.past.length - random.int(1, 5))]?.date ?? today.date, time: eveningTime(random) },
      reason: random.pick(APPOINTMENTS),
      suggestedCode: 'M',
      methods: [{ value: 'app', weight: 1 }],
    });
  }

  // Present this morning, but a report about this afternoon or tomorrow: nothing to call about today.
  for (const [i, r] of choose(4, () => 1).entries()) {
    codes.set(r, PRESENT_AM);
    const tomorrow = i % 2 === 1 && calendar.future[0];
    reporters.report(random, r.pupil, {
      from: tomorrow ? tomorrow.date : today.date,
      to: tomorrow ? tomorrow.date : today.date,
      session: tomorrow ? 'AM' : 'PM',
      received: { date: today.date, time: registrationTime(random) },
      reason: random.pick(tomorrow ? APPOINTMENTS : AFTERNOON_APPOINTMENTS),
      suggestedCode: 'M',
      methods: MORNING_METHODS,
    });
  }

  for (const r of waiting()) {
    const lateRate = r.profile === 'severe' || r.profile === 'persistent' ? 0.08 : 0.025;
    if (random.chance(lateRate)) {
      codes.set(r, 'L');
      r.lateMinutes.set(today.am, lateMinutesBeforeClose(random));
    } else codes.set(r, PRESENT_AM);
  }
  for (const [r, code] of codes) r.todayCode = code;
}

function packMarks(r: Register, calendar: SchoolDays, academicYear: number): PupilYearMarks {
  const cells: string[] = new Array(calendar.today.am + 1).fill('--');
  const onRoll = (date: string) => !r.pupil.admissionDate || r.pupil.admissionDate <= date;
  for (const day of calendar.closures) {
    if (onRoll(day.date)) cells[day.am] = cells[day.am + 1] = '# ';
  }
  for (let i = r.from; i < calendar.past.length; i++) {
    const day = calendar.past[i];
    cells[day.am] = r.am[i].padEnd(2, ' ');
    cells[day.am + 1] = r.pm[i].padEnd(2, ' ');
  }
  if (r.todayCode && onRoll(calendar.today.date)) cells[calendar.today.am] = r.todayCode.padEnd(2, ' ');
  const lates: Record<number, number> = {};
  for (const [session, minutes] of [...r.lateMinutes].sort((a, b) => a[0] - b[0])) {
    const code = cells[session].trimEnd();
    if (code === 'L' || code === 'U') lates[session] = minutes;
  }
  return { upn: r.pupil.upn, academicYear, marks: cells.join(''), lates };
}

interface ReportDraft {
  from: string;
  to: string;
  /** A single session; otherwise the report runs from the morning of `from` to the afternoon of `to`. */
  session?: Session;
  received: { date: string; time: string };
  reason: string;
  suggestedCode?: string;
  methods?: Weighted<ReportMethod>[];
}

const DEFAULT_METHODS: Weighted<ReportMethod>[] = [
  { value: 'phone', weight: 45 },
  { value: 'app', weight: 25 },
  { value: 'email', weight: 15 },
  { value: 'text', weight: 10 },
  { value: 'in-person', weight: 5 },
];
const MORNING_METHODS: Weighted<ReportMethod>[] = [
  { value: 'phone', weight: 45 },
  { value: 'app', weight: 30 },
  { value: 'text', weight: 15 },
  { value: 'email', weight: 10 },
];

/** Writes reports in the words of the person who made them: a parent or carer who lives with the pupil. */
class Reporters {
  readonly reports: AbsenceReport[] = [];
  private readonly offsets = new Map<string, string>();

  constructor(
    private readonly contacts: Map<string, Contact[]>,
    private readonly timeZone: string,
  ) {}

  report(random: Random, pupil: Pupil, draft: ReportDraft): void {
    const fromSession: Session = draft.session ?? 'AM';
    const toSession: Session = draft.session ?? 'PM';
    const report: AbsenceReport = {
      id: `${pupil.upn}-${draft.from}-${fromSession}`,
      pupilUpn: pupil.upn,
      reportedBy: this.reporter(random, pupil),
      receivedAt: `${draft.received.date}T${draft.received.time}:00${this.offset(draft.received.date)}`,
      method: random.weighted(draft.methods ?? DEFAULT_METHODS),
      fromDate: draft.from,
      fromSession,
      toDate: draft.to,
      toSession,
      reason: draft.reason,
    };
    if (draft.suggestedCode) report.suggestedCode = draft.suggestedCode;
    this.reports.push(report);
  }

  private reporter(random: Random, pupil: Pupil): string {
    const household = contactsInCallOrder(this.contacts.get(pupil.upn) ?? []).filter((c) => c.livesWithPupil);
    if (household.length === 0) return 'Parent (by phone)';
    const c = household.length > 1 && random.chance(0.25) ? household[1] : household[0];
    const [forename, ...rest] = c.name.split(' ');
    const title = /mother|aunt|sister/i.test(c.relationship) ? (random.chance(0.6) ? 'Mrs' : 'Ms') : /father|uncle|brother/i.test(c.relationship) ? 'Mr' : undefined;
    return title ? `${c.relationship} (${title} ${forename[0]} ${rest.join(' ')})` : `${c.relationship} (${c.name})`;
  }

  /** The UTC offset of the school's clock on the date, e.g. +01:00 in British Summer Time. */
  private offset(date: string): string {
    let found = this.offsets.get(date);
    if (!found) {
      const [y, m, d] = date.split('-').map(Number);
      const minutes = (Date.UTC(y, m - 1, d, 12) - fromLocal(date, '12:00', this.timeZone).getTime()) / 60_000;
      const sign = minutes < 0 ? '-' : '+';
      const abs = Math.abs(minutes);
      found = `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
      this.offsets.set(date, found);
    }
    return found;
  }
}

/** Weighted sampling without replacement (Efraimidis-Spirakis keys): `count` distinct values. */
function weightedSample<T>(random: Random, items: Weighted<T>[], count: number): T[] {
  return items
    .filter((i) => i.weight > 0)
    .map((i) => ({ value: i.value, key: Math.pow(random.float(), 1 / i.weight) }))
    .sort((a, b) => b.key - a.key)
    .slice(0, Math.max(0, count))
    .map((k) => k.value);
}

function lateMinutesBeforeClose(random: Random): number {
  return random.weighted([
    { value: random.int(1, 10), weight: 60 },
    { value: random.int(11, 20), weight: 30 },
    { value: random.int(21, 29), weight: 10 },
  ]);
}

function clock(minutesAfterMidnight: number): string {
  return `${String(Math.floor(minutesAfterMidnight / 60)).padStart(2, '0')}:${String(minutesAfterMidnight % 60).padStart(2, '0')}`;
}

/** When parents ring the absence line: mostly before registration, some after. */
function morningTime(random: Random): string {
  return clock(random.int(7 * 60, 9 * 60 + 40));
}

function registrationTime(random: Random): string {
  return clock(random.int(7 * 60 + 10, 9 * 60 + 5));
}

function eveningTime(random: Random): string {
  return clock(random.int(17 * 60, 21 * 60 + 30));
}

const ILLNESSES = [
  'Sickness and diarrhoea overnight; keeping off for 48 hours as advised',
  'High temperature',
  'Bad cold and a cough, lost her voice',
  'Migraine',
  'Tonsillitis; GP appointment this afternoon',
  'Stomach bug',
  'Flu-like symptoms',
  'Ear infection',
  'Sprained ankle at football; cannot put weight on it',
  'Being sick this morning',
  'Asthma flare-up',
  'Bad headache and temperature',
];
const LONG_ILLNESSES = ['Chickenpox', 'Flu', 'Glandular fever', 'Chest infection; on antibiotics', 'Broken wrist; surgery at the hospital'];
const VAGUE_ILLNESSES = ['Unwell', 'Headache', 'Stomach ache', 'Feeling sick', 'Not well this morning', 'Poorly'];
const APPOINTMENTS = [
  'Dentist appointment',
  'Orthodontist appointment at 9:30; will be in for period 3',
  'Hospital outpatients appointment',
  'CAMHS appointment',
  'GP appointment',
  'Optician appointment',
  'Physiotherapy appointment',
  'Audiology appointment',
];
const AFTERNOON_APPOINTMENTS = [
  'Dentist at 2:15pm; collecting at lunchtime',
  'Hospital appointment this afternoon; I will pick him up at 12:45',
  'Orthodontist at 1:30pm; collecting at lunch',
];
const HOLIDAYS = ['Family holiday; leave of absence was requested and declined', 'Travelling abroad to see family; flights were cheaper'];
const RUNNING_LATE = ['Bus did not turn up; on the next one', 'Overslept; bringing her in now', 'Car would not start; walking in'];

/** What parents say on the morning of the register day, and what the school may code it as. */
const MORNING_NEWS: Weighted<{ reasons: string[]; suggestedCode?: string; days: number }>[] = [
  { weight: 60, value: { reasons: ILLNESSES, suggestedCode: 'I', days: 2 } },
  { weight: 8, value: { reasons: ['Hospital appointment this morning (fracture clinic)', 'Emergency dental appointment'], suggestedCode: 'M', days: 1 } },
  { weight: 8, value: { reasons: ['Family emergency; grandad was taken into hospital overnight', 'Family emergency; will explain later'], days: 1 } },
  { weight: 8, value: { reasons: ['Overslept; will bring him in by 10:30', 'No clean uniform; will bring her in once it is dry'], days: 1 } },
  { weight: 8, value: { reasons: ['Refusing to come in; says she is worried about friendship issues', 'Will not get out of bed; anxious about the maths test'], days: 1 } },
  { weight: 8, value: { reasons: ['Car broken down; trying to get a lift in', 'Buses are not running from our estate this morning'], days: 1 } },
];
