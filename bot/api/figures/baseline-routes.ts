/**
 * The year's baseline, under /api/schools/:urn (mounted from the tab API):
 *   GET  /baseline[?year=2025]                   each band's pupils already in it when the year's figures began
 *   POST /baseline/:belowPercent/cases  {year?}  opens the Support First cases of every pupil in that band
 * The attendance lead and the DSLs see the baseline, as they see the school's figures; only the attendance
 * lead (or one of the trust's administrators, where a group is set up) opens a band's cases, since that
 * puts a case on every head of year's list at once. Every request is audited, refusals too.
 */
import express, { type Request, type Response } from 'express';
import { seesWholeSchool } from '../../domain/cases/case-access';
import type { Actor } from '../../domain/cases/support-case';
import { toLocal } from '../../domain/clock';
import { displayName } from '../../domain/pupil';
import type { School } from '../../domain/school';
import { academicYearOf } from '../../domain/session-marks';
import type { Logger } from '../../logger';
import { BaselineNotFoundError, openBaselineCases } from '../../jobs/band-crossing-cases';
import { CaseOpeningError } from '../../store/case-opening';
import type { BandBaseline, BaselinePupil, FiguresRepository } from '../../store/figures-repository';
import type { Repositories } from '../../store/repositories';
import { HttpError, type Authenticate, type Caller } from '../caller';
import { SsoTokenError } from '../sso-authenticator';
import { staffAccessFor, type StaffAccess, type StaffRoleSource } from '../staff-access';
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

interface Context {
  req: Request;
  caller: Caller;
  school: School;
  access?: StaffAccess;
  admin: boolean;
  urn: string;
  at: string;
  today: string;
  actor: Actor;
}

const URN_SHAPE = /^\d{6,7}$/;

export function baselineRoutes(options: BaselineRoutesOptions): express.Router {
  const { repos, figures, logger } = options;
  const now = options.now ?? (() => new Date());
  const router = express.Router({ mergeParams: true });

  const handle =
    (action: string, fn: (ctx: Context) => Promise<{ status?: number; body: unknown; detail: string }>) =>
    async (req: Request, res: Response): Promise<void> => {
      const urn = String(req.params.urn);
      const at = now().toISOString();
      let caller: Caller | undefined;
      const audit = (outcome: 'ok' | 'denied' | 'failed', detail?: string) =>
        URN_SHAPE.test(urn)
          ? repos.audit.record({ urn, at, actorId: caller?.id ?? 'unauthenticated', actorName: caller?.name, action, source: `${caller?.via === 'api-key' ? 'api' : 'tab'} ${req.ip ?? ''}`.trim(), outcome, detail })
          : Promise.resolve();
      try {
        caller = await options.authenticate(req);
        const school = (await repos.schools.get(urn))?.value;
        if (!school) throw new HttpError(404, `There is no school with URN ${urn}.`);
        const access = await staffAccessFor(school, caller, options.roles);
        const admin = !!options.trustAdmins && (await options.trustAdmins.isAdmin(caller));
        if (!access && !admin) throw new HttpError(403, caller.via === 'api-key' ? 'The service key cannot read case data.' : 'You are not on the staff of this school in Firstday.');
        const actor: Actor = access ? { id: access.upn, name: access.name } : { id: caller.upn ?? caller.id, name: caller.name };
        const result = await fn({ req, caller, school, access, admin, urn, at, today: toLocal(new Date(at), school.timeZone).date, actor });
        await audit('ok', result.detail);
        res.status(result.status ?? 200).json(result.body);
      } catch (err) {
        const { status, error } = errorResponse(err);
        if (status >= 500) logger.error('baseline request failed', { action, urn, error: (err as Error).message });
        try {
          await audit(status === 400 || status >= 500 ? 'failed' : 'denied', status >= 500 ? 'server error' : err instanceof SsoTokenError ? err.reason : error);
        } catch (auditErr) {
          logger.error('could not audit a refused request', { action, urn, error: (auditErr as Error).message });
        }
        res.status(status).json({ error });
      }
    };

  const maySee = (ctx: Context) => ctx.admin || (!!ctx.access && seesWholeSchool(ctx.access));
  const mayOpen = (ctx: Context) => ctx.admin || !!ctx.access?.roles.includes('attendance-lead');

  function yearOf(ctx: Context, given: unknown): number {
    if (given === undefined || given === '') return academicYearOf(ctx.today);
    const year = Number(given);
    if (!Number.isInteger(year) || year < 2000 || year > 2100) throw new RangeError(`The academic year "${String(given)}" is not a year such as ${academicYearOf(ctx.today)}.`);
    return year;
  }

  async function bandViews(ctx: Context, academicYear: number): Promise<BaselineBandView[]> {
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

  router.get(
    '/baseline',
    handle('baseline.read', async (ctx) => {
      if (!maySee(ctx)) throw new HttpError(403, "The baseline is for the attendance lead and the DSLs, as the school's figures are. Your cases are under Cases.");
      const academicYear = yearOf(ctx, ctx.req.query.year);
      const bands = await bandViews(ctx, academicYear);
      const body: BaselineView = { academicYear, canOpen: mayOpen(ctx), bands };
      const pupils = bands.reduce((n, b) => n + b.pupils.length, 0);
      return { body, detail: bands.length ? `${academicYear}: ${pupils} pupils in ${bands.length} bands at the baseline` : `${academicYear}: no baseline yet` };
    }),
  );

  router.post(
    '/baseline/:belowPercent/cases',
    handle('baseline.cases.open', async (ctx) => {
      if (!mayOpen(ctx)) throw new HttpError(403, "Only the attendance lead opens the cases of a band's baseline.");
      const belowPercent = Number(ctx.req.params.belowPercent);
      if (!Number.isFinite(belowPercent)) throw new RangeError(`"${String(ctx.req.params.belowPercent)}" is not a band.`);
      const academicYear = yearOf(ctx, (ctx.req.body as { year?: unknown } | undefined)?.year);
      const result = await openBaselineCases({ repos, figures }, { urn: ctx.urn, academicYear, belowPercent, by: ctx.actor, at: ctx.at, source: `tab ${ctx.req.ip ?? ''}`.trim() });
      const band = (await bandViews(ctx, academicYear)).find((b) => b.belowPercent === belowPercent)!;
      const opened = result.opened.length + result.reopened.length;
      const body: BaselineOpenResponse = { opened, alreadyOpen: result.unchanged.length + result.bandRecorded.length, skipped: result.skipped.length, band };
      return { body, detail: `${result.label}: ${opened} cases opened of ${result.pupils} pupils at the baseline${result.skipped.length ? `; ${result.skipped.length} no longer on roll` : ''}` };
    }),
  );

  return router;
}

function errorResponse(err: unknown): { status: number; error: string } {
  if (err instanceof HttpError) return { status: err.status, error: err.message };
  if (err instanceof BaselineNotFoundError) return { status: 404, error: err.message };
  if (err instanceof CaseOpeningError) return { status: err.status, error: err.message };
  if (err instanceof RangeError) return { status: 400, error: err.message };
  return { status: 500, error: 'Something went wrong on our side.' };
}
