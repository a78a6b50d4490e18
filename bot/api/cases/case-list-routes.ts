/** The case list with its filters, and the pupil search that finds a pupil to open a case for. */
import { canManageCase, isInvolvedIn, listsCase, seesWholeSchool } from '../../domain/cases/case-access';
import type { AttendanceBandFilter, CaseAttendance } from '../../domain/cases/case-attendance';
import { CaseInputError } from '../../domain/cases/case-input';
import { actionsDue, type DueAction } from '../../domain/cases/case-plan';
import { STAGE_IDS, stageLabel, type CaseStage, type SupportCase } from '../../domain/cases/support-case';
import { displayName } from '../../domain/pupil';
import type { Repositories } from '../../store/repositories';
import { staffOf } from '../school-route';
import type { SchoolRouter } from '../school-router';
import type { CaseAttendanceSource } from './case-attendance-source';

/** A row of the case list. */
export interface CaseListRow {
  upn: string;
  name: string;
  yearGroup: number;
  form: string;
  status: SupportCase['status'];
  stage: CaseStage;
  stageLabel: string;
  lead?: SupportCase['lead'];
  openedOn: string;
  meetingsHeld: number;
  due: SupportCase['due'];
  dueActions: DueAction[];
  referralRecorded: boolean;
  attendance: { year?: number; term?: number; bands: AttendanceBandFilter[]; trend: CaseAttendance['trend']['direction'] };
}

export interface CaseListResponse {
  today: string;
  /** "school", "years 7, 8", or "involved". */
  scope: string;
  cases: CaseListRow[];
}

export interface PupilSearchResponse {
  pupils: { upn: string; name: string; yearGroup: number; form: string; case: 'open' | 'closed' | 'none' }[];
}

const BANDS: readonly AttendanceBandFilter[] = ['below-threshold', 'persistent', 'severe'];
const DUE: readonly (DueAction | 'any')[] = ['meeting', 'review', 'contact', 'any'];

const oneOf = <T extends string>(value: unknown, values: readonly T[]): T | undefined => (typeof value === 'string' && values.includes(value as T) ? (value as T) : undefined);

export function caseListRoutes(router: SchoolRouter, deps: { repos: Repositories; attendance: CaseAttendanceSource }): void {
  const { repos, attendance } = deps;

  router.get('/cases', { action: 'case.list' }, async (ctx) => {
    const access = staffOf(ctx);
    const q = ctx.req.query;
    const status = q.status === 'closed' ? 'closed' : q.status === 'all' ? 'all' : 'open';
    const stage = oneOf(q.stage, STAGE_IDS);
    const band = oneOf(q.band, BANDS);
    const due = oneOf(q.due, DUE);
    const search = typeof q.q === 'string' ? q.q.trim().toLowerCase() : '';
    const mine = q.mine === 'true';
    const cases = (await repos.cases.list(ctx.urn))
      .map((c) => c.case)
      .filter((c) => listsCase(access, c))
      .filter((c) => status === 'all' || c.status === status)
      .filter((c) => !stage || c.stage === stage)
      .filter((c) => !mine || isInvolvedIn(access, c))
      .filter((c) => !search || c.pupil.name.toLowerCase().includes(search) || c.pupilUpn.toLowerCase() === search || c.pupil.form.toLowerCase() === search)
      .map((c) => ({ c, dueActions: c.status === 'open' ? actionsDue(c.due, ctx.today) : [] }))
      .filter(({ dueActions }) => !due || (due === 'any' ? dueActions.length > 0 : dueActions.includes(due)));
    const figures = await attendance.forPupils(ctx.school, cases.map(({ c }) => c.pupilUpn), ctx.today);
    const rows = cases
      .map(({ c, dueActions }): CaseListRow => {
        const a = figures.get(c.pupilUpn);
        return {
          upn: c.pupilUpn,
          name: c.pupil.name,
          yearGroup: c.pupil.yearGroup,
          form: c.pupil.form,
          status: c.status,
          stage: c.stage,
          stageLabel: stageLabel(c.stage),
          lead: c.lead,
          openedOn: c.openedOn,
          meetingsHeld: c.meetingsHeld,
          due: c.due,
          dueActions,
          referralRecorded: Boolean(c.referral),
          attendance: a ? { year: a.year.percent, term: a.term?.percent, bands: a.bands, trend: a.trend.direction } : { bands: [], trend: 'not-enough-data' },
        };
      })
      .filter((r) => !band || r.attendance.bands.includes(band))
      .sort((a, b) => (a.attendance.year ?? 101) - (b.attendance.year ?? 101) || a.name.localeCompare(b.name));
    const scope = seesWholeSchool(access) ? 'school' : access.roles.includes('head-of-year') ? `years ${access.yearGroups.join(', ')}` : 'involved';
    const body: CaseListResponse = { today: ctx.today, scope, cases: rows };
    return {
      body,
      detail: `${rows.length} cases listed${stage ? `; stage ${stage}` : ''}${band ? `; band ${band}` : ''}${due ? `; due ${due}` : ''}${search ? '; searched by name' : ''}`,
    };
  });

  router.get('/pupils', { action: 'pupil.search' }, async (ctx) => {
    const access = staffOf(ctx);
    const search = typeof ctx.req.query.q === 'string' ? ctx.req.query.q.trim().toLowerCase() : '';
    if (search.length < 2) throw new CaseInputError('q', 'type at least two letters of the name');
    const [pupils, cases] = await Promise.all([repos.pupils.list(ctx.urn), repos.cases.list(ctx.urn)]);
    const withCase = new Map(cases.map((c) => [c.case.pupilUpn, c.case.status]));
    const found = pupils
      .filter((p) => canManageCase(access, p.yearGroup))
      .filter((p) => displayName(p).toLowerCase().includes(search) || `${p.legalForename} ${p.legalSurname}`.toLowerCase().includes(search))
      .slice(0, 20)
      .map((p) => ({ upn: p.upn, name: displayName(p), yearGroup: p.yearGroup, form: p.form, case: withCase.get(p.upn) ?? ('none' as const) }));
    const body: PupilSearchResponse = { pupils: found };
    return { body, detail: `${found.length} pupils found` };
  });
}
