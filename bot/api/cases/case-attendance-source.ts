/**
 * Where the case tab's attendance comes from: the pupils' figures as the attendance statistics stored
 * them (kept current by each import and the nightly recompute), never recomputed per request. The case
 * view also reads the pupil's marks, for the week-by-week herringbone and the days a sibling was absent too.
 */
import { caseAttendance, sharedAbsenceDays, type CaseAttendance } from '../../domain/cases/case-attendance';
import type { Pupil } from '../../domain/pupil';
import type { School } from '../../domain/school';
import { academicYearOf } from '../../domain/session-marks';
import { SchoolCalendar } from '../../domain/statistics/school-calendar';
import type { FiguresRepository } from '../../store/figures-repository';
import type { MarksRepository } from '../../store/marks-repository';
import type { PupilsRepository } from '../../store/pupils-repository';

export interface CaseAttendanceSource {
  /**
   * One pupil's attendance for the case view, and for each sibling on the roll the days both were absent.
   * Attendance is undefined until the statistics have computed the pupil's figures for this year.
   */
  forCase(school: School, pupil: Pupil, siblingUpns: readonly string[], today: string): Promise<{ attendance?: CaseAttendance; sharedAbsenceDays: Map<string, string[]> }>;
  /** Several pupils' attendance (for the case list); a pupil without figures is left out. */
  forPupils(school: School, upns: readonly string[], today: string): Promise<Map<string, CaseAttendance>>;
}

/** Above this many pupils, reading the school's figures in one query beats one page read per pupil. */
const ONE_QUERY_FROM = 16;

export class StoredCaseAttendance implements CaseAttendanceSource {
  constructor(private readonly options: { figures: FiguresRepository; marks: MarksRepository; pupils: PupilsRepository }) {}

  async forCase(school: School, pupil: Pupil, siblingUpns: readonly string[], today: string) {
    const year = academicYearOf(today);
    const { figures, marks, pupils } = this.options;
    const [own, ownMarks, siblings] = await Promise.all([
      figures.getPupil(school.urn, year, pupil.upn),
      marks.get(school.urn, year, pupil.upn),
      Promise.all(siblingUpns.map(async (upn) => ({ upn, pupil: (await pupils.get(school.urn, upn))?.value, marks: (await marks.get(school.urn, year, upn))?.value }))),
    ]);
    const shared = new Map<string, string[]>();
    const calendar = new SchoolCalendar(school, year);
    for (const s of siblings) {
      if (!s.pupil) continue;
      shared.set(s.upn, sharedAbsenceDays({ calendar, urn: school.urn, pupil, marks: ownMarks?.value, sibling: s.pupil, siblingMarks: s.marks, to: own?.asOf ?? today }));
    }
    return { ...(own ? { attendance: caseAttendance({ school, figures: own, marks: ownMarks?.value }) } : {}), sharedAbsenceDays: shared };
  }

  async forPupils(school: School, upns: readonly string[], today: string): Promise<Map<string, CaseAttendance>> {
    const year = academicYearOf(today);
    const wanted = new Set(upns);
    const { figures } = this.options;
    const found =
      upns.length >= ONE_QUERY_FROM
        ? (await figures.listPupils(school.urn, year)).filter((f) => wanted.has(f.upn))
        : (await Promise.all(upns.map((upn) => figures.getPupil(school.urn, year, upn)))).flatMap((f) => (f ? [f] : []));
    return new Map(found.map((f) => [f.upn, caseAttendance({ school, figures: f })]));
  }
}
