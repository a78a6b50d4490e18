/** A school in the 2027/28 academic year (it holds 29 February 2028) and helpers to write a pupil's register. */
import { addDays } from '../../bot/domain/clock';
import type { Pupil } from '../../bot/domain/pupil';
import { isSchoolDay, type School, type Term } from '../../bot/domain/school';
import { emptyYearMarks, withMark, type PupilYearMarks } from '../../bot/domain/session-marks';

export const TERMS: Term[] = [
  { name: 'Autumn 1', start: '2027-09-06', end: '2027-10-22' },
  { name: 'Autumn 2', start: '2027-11-01', end: '2027-12-17' },
  { name: 'Spring 1', start: '2028-01-04', end: '2028-02-11' },
  { name: 'Spring 2', start: '2028-02-21', end: '2028-03-31' },
  { name: 'Summer', start: '2028-04-17', end: '2028-07-21' },
];

export function testSchool(overrides: Partial<School> = {}): School {
  return {
    urn: '100001',
    name: 'Fenland Academy',
    timeZone: 'Europe/London',
    registerCloseTime: '09:10',
    afternoonRegisterCloseTime: '13:40',
    notifyByTime: '08:30',
    staff: [
      { upn: 'lead@fenland.example', displayName: 'Ms Lead', roles: ['attendance-lead'] },
      { upn: 'hoy7@fenland.example', displayName: 'Mr Seven', roles: ['head-of-year'], yearGroups: [7] },
      { upn: 'hoy89@fenland.example', displayName: 'Mrs Eight', roles: ['head-of-year', 'staff'], yearGroups: [8, 9] },
    ],
    roleGroups: {},
    bands: [
      { belowPercent: 95, label: 'Below 95%', watcherUpn: 'tutor-lead@fenland.example' },
      { belowPercent: 92, label: 'Below 92%', watcherUpn: 'pastoral@fenland.example' },
      { belowPercent: 90, label: 'Persistent absence', watcherUpn: 'lead@fenland.example' },
      { belowPercent: 50, label: 'Severe absence', watcherUpn: 'dsl@fenland.example' },
    ],
    terms: TERMS,
    closures: ['2027-09-06', '2028-05-01'],
    reviewBeforePosting: false,
    concernAcknowledgeMinutes: 15,
    ...overrides,
  };
}

export function pupil(upn: string, overrides: Partial<Pupil> = {}): Pupil {
  return {
    upn,
    legalForename: 'Sam',
    legalSurname: `Pupil ${upn}`,
    yearGroup: 7,
    form: '7A',
    sen: 'none',
    childProtectionPlan: false,
    childInNeed: false,
    lookedAfter: false,
    youngCarer: false,
    eal: false,
    ...overrides,
  };
}

/** Writes a pupil's register a day or a run of school days at a time. */
export class Register {
  marks: PupilYearMarks;

  constructor(readonly upn: string, academicYear = 2027, private readonly school: Pick<School, 'terms' | 'closures'> = testSchool()) {
    this.marks = emptyYearMarks(upn, academicYear);
  }

  day(date: string, am: string, pm: string = am === '/' ? '\\' : am, minutes: { am?: number; pm?: number } = {}): this {
    this.marks = withMark(this.marks, { upn: this.upn, date, session: 'AM', code: am, ...(minutes.am !== undefined ? { minutesLate: minutes.am } : {}) });
    this.marks = withMark(this.marks, { upn: this.upn, date, session: 'PM', code: pm, ...(minutes.pm !== undefined ? { minutesLate: minutes.pm } : {}) });
    return this;
  }

  /** Every school day from..to inclusive gets the same marks. */
  days(from: string, to: string, am: string, pm?: string): this {
    for (let d = from; d <= to; d = addDays(d, 1)) if (isSchoolDay(this.school, d)) this.day(d, am, pm);
    return this;
  }
}
