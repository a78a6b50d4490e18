/**
 * The demo school: a believable English secondary academy with about 1,200 pupils, their contacts,
 * a year's registers up to the register day and the absence reports behind them. Pure and
 * deterministic: the same seed and the same day give the same school, byte for byte.
 */
import type { AbsenceReport } from '../domain/absence-report';
import { isValidDate } from '../domain/clock';
import type { Contact, Pupil } from '../domain/pupil';
import { DEFAULT_BANDS, isSchoolDay, type School } from '../domain/school';
import { academicYearOf, type PupilYearMarks } from '../domain/session-marks';
import { academicYearCalendar, datesBetween, schoolDayOnOrBefore, type SchoolYearCalendar } from './demo-calendar';
import { generateRegisters } from './demo-marks';
import { generateRoll } from './demo-pupils';
import { DEFAULT_DEMO_SEED, demoStaff } from './demo-staff';

export { DEFAULT_DEMO_SEED, PLAYGROUND_STAFF, type PlaygroundUser } from './demo-staff';

export const DEMO_URN = '100001';
export const DEMO_SCHOOL_NAME = 'Oakfield Park Academy';

export interface DemoSchool {
  school: School;
  pupils: Pupil[];
  contacts: Contact[];
  marks: PupilYearMarks[];
  reports: AbsenceReport[];
  /** The INSET days among the school's closures (the rest are bank holidays). */
  insetDays: string[];
  /** The school day whose morning register the demo has just taken: today, or the last school day before it. */
  registerDay: string;
}

export interface DemoSchoolOptions {
  /** Any 32-bit integer; the default gives the school the Agents Playground users belong to. */
  seed?: number;
  /** The school-local date the demo is generated for, YYYY-MM-DD. */
  today: string;
}

export function generateDemoSchool(options: DemoSchoolOptions): DemoSchool {
  const seed = options.seed ?? DEFAULT_DEMO_SEED;
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) {
    throw new RangeError(`generateDemoSchool: seed must be an integer from 0 to 4294967295, got ${String(options.seed)}`);
  }
  if (!isValidDate(options.today)) {
    throw new RangeError(`generateDemoSchool: today must be a date as YYYY-MM-DD, got "${options.today}"`);
  }
  const { calendars, registerDay } = calendarsFor(options.today);
  const school: School = {
    urn: DEMO_URN,
    name: DEMO_SCHOOL_NAME,
    timeZone: 'Europe/London',
    registerCloseTime: '09:10',
    afternoonRegisterCloseTime: '13:50',
    notifyByTime: '08:30',
    staff: demoStaff(seed),
    roleGroups: {},
    bands: DEFAULT_BANDS.map((b) => ({ ...b })),
    terms: calendars.flatMap((c) => c.terms),
    closures: calendars.flatMap((c) => c.closures),
    reviewBeforePosting: true,
    concernAcknowledgeMinutes: 15,
  };
  const academicYear = academicYearOf(registerDay);
  const yearCalendar = calendars.find((c) => c.academicYear === academicYear)!;
  const schoolDays = yearCalendar.terms
    .flatMap((t) => datesBetween(t.start, t.end))
    .filter((d) => d <= registerDay && isSchoolDay(yearCalendar, d));
  const { pupils, contacts } = generateRoll({ seed, academicYear, schoolDays });
  const { marks, reports } = generateRegisters({ seed, school, pupils, contacts, registerDay });
  return { school, pupils, contacts, marks, reports, insetDays: calendars.flatMap((c) => c.insetDays), registerDay };
}

/**
 * The calendar of the academic year that contains today, and the register day. In the summer holiday
 * (before the first school day of the new year) the register day is the last day of the year just
 * ended, so that year's calendar comes too.
 */
function calendarsFor(today: string): { calendars: SchoolYearCalendar[]; registerDay: string } {
  const current = academicYearCalendar(academicYearOf(today));
  const inCurrent = schoolDayOnOrBefore(current, today);
  if (inCurrent && academicYearOf(inCurrent) === current.academicYear) return { calendars: [current], registerDay: inCurrent };
  const previous = academicYearCalendar(current.academicYear - 1);
  const registerDay = schoolDayOnOrBefore(previous, today)!;
  return { calendars: [previous, current], registerDay };
}
