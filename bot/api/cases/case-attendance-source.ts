/**
 * Where the case tab's attendance comes from. For now it is computed from the packed marks with
 * caseAttendanceFromMarks; the stored per-pupil figures of the statistics work can stand in behind the
 * same interface without the routes changing.
 */
import { caseAttendanceFromMarks, type CaseAttendance } from '../../domain/cases/case-attendance';
import type { School } from '../../domain/school';
import { academicYearOf, type PupilYearMarks } from '../../domain/session-marks';
import type { MarksRepository } from '../../store/marks-repository';

export interface CaseAttendanceSource {
  /** One pupil's attendance as of a date, with the marks it came from. */
  forPupil(school: School, upn: string, today: string): Promise<{ attendance: CaseAttendance; marks?: PupilYearMarks }>;
  /** Several pupils' attendance (for the case list). */
  forPupils(school: School, upns: string[], today: string): Promise<Map<string, CaseAttendance>>;
  /** A pupil's marks for the academic year of a date (siblings' shared absences). */
  marksOf(school: School, upn: string, today: string): Promise<PupilYearMarks | undefined>;
}

/** Above this many pupils, reading the school's year in one query beats one read per pupil. */
const ONE_QUERY_FROM = 40;

export class MarksCaseAttendance implements CaseAttendanceSource {
  constructor(private readonly options: { marks: MarksRepository }) {}

  async forPupil(school: School, upn: string, today: string) {
    const marks = await this.marksOf(school, upn, today);
    return { attendance: caseAttendanceFromMarks({ school, marks, today, withWeeks: true }), marks };
  }

  async forPupils(school: School, upns: string[], today: string): Promise<Map<string, CaseAttendance>> {
    const year = academicYearOf(today);
    const wanted = new Set(upns);
    const found = new Map<string, PupilYearMarks>();
    if (upns.length >= ONE_QUERY_FROM) {
      for (const m of await this.options.marks.listYear(school.urn, year)) if (wanted.has(m.value.upn)) found.set(m.value.upn, m.value);
    } else {
      const rows = await Promise.all(upns.map((u) => this.options.marks.get(school.urn, year, u)));
      for (const r of rows) if (r) found.set(r.value.upn, r.value);
    }
    return new Map(upns.map((u) => [u, caseAttendanceFromMarks({ school, marks: found.get(u), today })]));
  }

  async marksOf(school: School, upn: string, today: string): Promise<PupilYearMarks | undefined> {
    return (await this.options.marks.get(school.urn, academicYearOf(today), upn))?.value;
  }
}
