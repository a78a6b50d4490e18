/** The school's attendance view, for those who see the whole school. */
import { seesWholeSchool } from '../../domain/cases/case-access';
import type { FiguresRepository } from '../../store/figures-repository';
import type { Repositories } from '../../store/repositories';
import { schoolAttendanceView } from '../figures/school-attendance-view';
import { staffOf } from '../school-route';
import type { SchoolRouter } from '../school-router';

export function schoolAttendanceRoutes(router: SchoolRouter, deps: { repos: Repositories; figures: FiguresRepository }): void {
  router.get(
    '/attendance',
    { action: 'school.attendance.read', allow: (ctx) => (seesWholeSchool(staffOf(ctx)) ? undefined : "The school's attendance figures are for the attendance lead and the DSLs. Your cases are under Cases.") },
    async (ctx) => {
      const body = await schoolAttendanceView({ repos: deps.repos, figures: deps.figures }, { school: ctx.school, today: ctx.today });
      return { body, detail: body.figures ? `figures to ${body.figures.asOf}; ${body.figures.crossingsThisWeek.length} pupils crossed a band that week` : 'no figures yet' };
    },
  );
}
