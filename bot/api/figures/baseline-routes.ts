/**
 * The year's baseline, under /api/schools/:urn (mounted from the tab API):
 *   GET  /baseline[?year=2025]                   each band's pupils already in it when the year's figures began
 *   POST /baseline/:belowPercent/cases  {year?}  opens the Support First cases of every pupil in that band
 * The attendance lead and the DSLs see the baseline, as they see the school's figures; only the attendance
 * lead (or one of the trust's administrators, where a group is set up) opens a band's cases, since that
 * puts a case on every head of year's list at once. Every request is audited, refusals too.
 */
import type express from 'express';
import { seesWholeSchool } from '../../domain/cases/case-access';
import { displayName } from '../../domain/pupil';
import { academicYearOf } from '../../domain/session-marks';
import type { Logger } from '../../platform/logger';
import { CaseOpeningError } from '../../cases/case-opener';
import { BaselineNotFoundError, openBaselineCases } from '../../jobs/band-crossing-cases';
import type { BandBaseline, BaselinePupil, FiguresRepository } from '../../store/figures-repository';
import type { Repositories } from '../../store/repositories';
import { HttpError, type Authenticate } from '../caller';
import type { ErrorTranslator, SchoolContext } from '../school-route';
import { SchoolRouter } from '../school-router';
import type { StaffRoleSource } from '../staff-access';
import type { TrustAdmins } from '../trust-admins';
import type { CaseState } from './school-attendance-view';

export interface BaselineRoutesOptions {
  repos: Repositories;
  authenticate: Authenticate;
  roles: StaffRoleSource;
  figures: FiguresRepository;
  logger: Logger;
  /** The trust's administrators may see and open any school's baseline; without it, only the school's staff. */
  trustAdmins?: Pick<TrustAdmins, 'isAdmin'>;
  now?: () => Date;
}

export interface BaselinePupilLine {
  upn: string;
  name: string;
  yearGroup: number;
  form: string;
  /** Attendance at the baseline date, rounded down to one decimal place. */
  percent: number;
  case: CaseState;
}

export interface BaselineBandView {
  belowPercent: number;
  label: string;
  /** The date of the figures the baseline was taken from. */
  asOf: string;
  /** The lowest attendance first. */
  pupils: BaselinePupilLine[];
  casesOpened?: { byName: string; at: string; opened: number };
}

export interface BaselineView {
  academicYear: number;
  /** Whether the caller may open a band's cases. */
  canOpen: boolean;
  /** Highest band first; empty until the year's figures have been computed with marks. */
  bands: BaselineBandView[];
}

export interface BaselineOpenResponse {
  opened: number;
  /** Pupils whose case was already open in the band or a lower one (or was reopened or moved to it). */
  alreadyOpen: number;
  /** Pupils no longer on the roll. */
  skipped: number;
  band: BaselineBandView;
}

/** The baseline's own errors as answers. */
const baselineErrors: ErrorTranslator = (err) => {
  if (err instanceof BaselineNotFoundError) return new HttpError(404, err.message);
  if (err instanceof CaseOpeningError) return new HttpError(err.problem === 'not-found' ? 404 : 409, err.message);
  return undefined;
};

export function baselineRoutes(options: BaselineRoutesOptions): express.Router {
  const { repos, figures } = options;
  const routes = new SchoolRouter({ ...options, errors: baselineErrors });

  const maySee = (ctx: SchoolContext) => ctx.admin || (!!ctx.access && seesWholeSchool(ctx.access));
  const mayOpen = (ctx: SchoolContext) => ctx.admin || !!ctx.access?.roles.includes('attendance-lead');

  function yearOf(ctx: SchoolContext, given: unknown): number {
    if (given === undefined || given === '') return academicYearOf(ctx.today);
    const year = Number(given);
    if (!Number.isInteger(year) || year < 2000 || year > 2100) throw new RangeError(`The academic year "${String(given)}" is not a year such as ${academicYearOf(ctx.today)}.`);
    return year;
  }

  async function bandViews(ctx: SchoolContext, academicYear: number): Promise<BaselineBandView[]> {
    const baseline = await figures.baseline(ctx.urn, academicYear);
    if (!baseline.bands.length) return [];
    const [pupils, cases] = await Promise.all([repos.pupils.list(ctx.urn), repos.cases.list(ctx.urn)]);
    const pupilOf = new Map(pupils.map((p) => [p.upn, p]));
    const caseOf = new Map(cases.map((c) => [c.case.pupilUpn, c.case.status]));
    const line = (b: BaselinePupil): BaselinePupilLine => {
      const p = pupilOf.get(b.upn);
      return { upn: b.upn, name: p ? displayName(p) : b.upn, yearGroup: p?.yearGroup ?? b.yearGroup, form: p?.form ?? '', percent: b.percent, case: caseOf.get(b.upn) ?? 'none' };
    };
    return baseline.bands.map((band: BandBaseline) => ({
      belowPercent: band.belowPercent,
      label: band.label,
      asOf: band.asOf,
      pupils: baseline.pupils
        .filter((p) => p.belowPercent === band.belowPercent)
        .map(line)
        .sort((a, b) => a.percent - b.percent || a.name.localeCompare(b.name)),
      ...(band.casesOpened ? { casesOpened: { byName: band.casesOpened.byName, at: band.casesOpened.at, opened: band.casesOpened.opened } } : {}),
    }));
  }

  const seeRefusal = "The baseline is for the attendance lead and the DSLs, as the school's figures are. Your cases are under Cases.";
  routes.get('/baseline', { action: 'baseline.read', allow: (ctx) => (maySee(ctx) ? undefined : seeRefusal) }, async (ctx) => {
    const academicYear = yearOf(ctx, ctx.req.query.year);
    const bands = await bandViews(ctx, academicYear);
    const body: BaselineView = { academicYear, canOpen: mayOpen(ctx), bands };
    const pupils = bands.reduce((n, b) => n + b.pupils.length, 0);
    return { body, detail: bands.length ? `${academicYear}: ${pupils} pupils in ${bands.length} bands at the baseline` : `${academicYear}: no baseline yet` };
  });

  const openRefusal = "Only the attendance lead opens the cases of a band's baseline.";
  routes.post('/baseline/:belowPercent/cases', { action: 'baseline.cases.open', allow: (ctx) => (mayOpen(ctx) ? undefined : openRefusal) }, async (ctx) => {
    const belowPercent = Number(ctx.params.belowPercent);
    if (!Number.isFinite(belowPercent)) throw new RangeError(`"${String(ctx.params.belowPercent)}" is not a band.`);
    const academicYear = yearOf(ctx, (ctx.req.body as { year?: unknown } | undefined)?.year);
    const result = await openBaselineCases({ repos, figures }, { urn: ctx.urn, academicYear, belowPercent, by: ctx.actor, at: ctx.at, source: `tab ${ctx.req.ip ?? ''}`.trim() });
    const band = (await bandViews(ctx, academicYear)).find((b) => b.belowPercent === belowPercent)!;
    const opened = result.opened.length + result.reopened.length;
    const body: BaselineOpenResponse = { opened, alreadyOpen: result.unchanged.length + result.bandRecorded.length, skipped: result.skipped.length, band };
    return { body, detail: `${result.label}: ${opened} cases opened of ${result.pupils} pupils at the baseline${result.skipped.length ? `; ${result.skipped.length} no longer on roll` : ''}` };
  });

  return routes.router;
}
