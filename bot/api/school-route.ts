/**
 * One route under /api/schools/:urn, the same way for every resource: the caller is signed in, the school
 * is read (on every request, so a change made on another server is in force here), the caller's roles there
 * are resolved, the route's own check runs, then the handler; and whatever happens (an answer, a refusal, a
 * failure) is audited with who, what, when and from where.
 */
import type { Request, RequestHandler, Response } from 'express';
import type { Actor } from '../domain/cases/support-case';
import { toLocal } from '../domain/clock';
import type { School } from '../domain/school';
import type { Logger } from '../platform/logger';
import { ConcurrencyError } from '../store/errors';
import type { Repositories } from '../store/repositories';
import { HttpError, type Authenticate, type Caller } from './caller';
import { SsoTokenError } from './sso-authenticator';
import { staffAccessFor, type StaffAccess, type StaffRoleSource } from './staff-access';
import type { TrustAdmins } from './trust-admins';

/** A refusal whose answer says more than its message: the field at fault, what blocks a referral. */
export class HttpRefusal extends HttpError {
  constructor(status: number, message: string, readonly extra: Record<string, unknown> = {}) {
    super(status, message);
    this.name = 'HttpRefusal';
  }
}

/** Turns a router's own errors (domain refusals, store errors) into an answer; undefined for ones it does not know. */
export type ErrorTranslator = (err: unknown) => HttpError | undefined;

export interface SchoolRouteOptions {
  repos: Pick<Repositories, 'schools' | 'audit'>;
  authenticate: Authenticate;
  roles: StaffRoleSource;
  logger: Logger;
  /** The trust's administrators may call these routes as well as the school's staff (ctx.admin says so). */
  trustAdmins?: Pick<TrustAdmins, 'isAdmin'>;
  /** What the service key is told where a route does not take it. */
  serviceRefusal?: string;
  errors?: ErrorTranslator;
  now?: () => Date;
}

/** The names of a path's parameters: "/cases/:upn/meetings/:id" gives "upn" | "id". */
type ParamNames<P extends string> = P extends `${string}:${infer Name}/${infer Rest}` ? Name | ParamNames<`/${Rest}`> : P extends `${string}:${infer Name}` ? Name : never;

export type RouteParams<P extends string> = { [K in ParamNames<P>]: string };

export interface SchoolContext<P extends string = string> {
  req: Request;
  params: RouteParams<P>;
  caller: Caller;
  school: School;
  /** The school row's ETag as read for this request. */
  schoolEtag: string;
  /** The caller's roles at the school; undefined for the service key or a trust administrator who is not on the staff. */
  access?: StaffAccess;
  /** One of the trust's administrators (only where the router takes them). */
  admin: boolean;
  urn: string;
  /** The pupil the request is about, for the audit record: the path's :upn, or what the handler sets. */
  upn?: string;
  /** ISO instant of the request. */
  at: string;
  /** The school's local date. */
  today: string;
  actor: Actor;
}

export interface Handled {
  status?: number;
  body: unknown;
  /** What the audit log says happened, beyond the action's name. */
  detail?: string;
}

export interface RouteSpec<P extends string = string> {
  /** The audit log's name for the request, e.g. "case.meeting.add". */
  action: string;
  /** The service key may call this route (ctx.access is then undefined). */
  service?: boolean;
  /** Why this caller may not, or undefined when they may; checked before the handler. */
  allow?: (ctx: SchoolContext<P>) => string | undefined;
}

export type RouteHandler<P extends string = string> = (ctx: SchoolContext<P>) => Promise<Handled>;

const URN_SHAPE = /^\d{6,7}$/;

/** The express handler for one route. */
export function schoolRoute<P extends string>(options: SchoolRouteOptions, spec: RouteSpec<P>, handler: RouteHandler<P>): RequestHandler {
  const now = options.now ?? (() => new Date());
  const { repos, logger, action } = { ...options, action: spec.action };
  return async (req: Request, res: Response): Promise<void> => {
    const urn = String(req.params.urn);
    const at = now().toISOString();
    let caller: Caller | undefined;
    let ctx: SchoolContext<P> | undefined;
    const paramUpn = req.params.upn ? String(req.params.upn).toUpperCase() : undefined;
    const audit = (outcome: 'ok' | 'denied' | 'failed', detail?: string) =>
      // A path that is not a URN names no school's partition to write to.
      URN_SHAPE.test(urn)
        ? repos.audit.record({
            urn,
            at,
            actorId: caller?.id ?? 'unauthenticated',
            actorName: caller?.name,
            action,
            pupilUpn: ctx?.upn ?? paramUpn,
            source: `${caller?.via === 'api-key' ? 'api' : 'tab'} ${req.ip ?? ''}`.trim(),
            outcome,
            detail,
          })
        : Promise.resolve();
    try {
      caller = await options.authenticate(req);
      const stored = await repos.schools.get(urn);
      if (!stored) throw new HttpError(404, `There is no school with URN ${urn}.`);
      const school = stored.value;
      const access = await staffAccessFor(school, caller, options.roles);
      const admin = !!options.trustAdmins && (await options.trustAdmins.isAdmin(caller));
      if (!access && !admin && !(spec.service && caller.via === 'api-key')) {
        throw new HttpError(403, caller.via === 'api-key' ? (options.serviceRefusal ?? 'The service key cannot read case data.') : 'You are not on the staff of this school in Firstday.');
      }
      const actor: Actor = access ? { id: access.upn, name: access.name } : { id: caller.upn ?? caller.id, name: caller.name };
      const params = Object.fromEntries(Object.entries(req.params).filter(([k]) => k !== 'urn').map(([k, v]) => [k, String(v)])) as RouteParams<P>;
      ctx = { req, params, caller, school, schoolEtag: stored.etag, access, admin, urn, upn: paramUpn, at, today: toLocal(new Date(at), school.timeZone).date, actor };
      const refusal = spec.allow?.(ctx);
      if (refusal) throw new HttpError(403, refusal);
      const result = await handler(ctx);
      await audit('ok', result.detail);
      res.status(result.status ?? 200).json(result.body);
    } catch (err) {
      const { status, body } = answerFor(err, options.errors);
      if (status >= 500) logger.error('school request failed', { action, urn, error: (err as Error).message });
      try {
        await audit(status === 400 || status >= 500 ? 'failed' : 'denied', status >= 500 ? 'server error' : err instanceof SsoTokenError ? err.reason : body.error);
      } catch (auditErr) {
        logger.error('could not audit a refused request', { action, urn, error: (auditErr as Error).message });
      }
      res.status(status).json(body);
    }
  };
}

/** The member of staff calling; for routes that do not take the service key or a trust administrator alone. */
export function staffOf(ctx: SchoolContext<string>): StaffAccess {
  if (!ctx.access) throw new HttpError(403, 'You are not on the staff of this school in Firstday.');
  return ctx.access;
}

export const STALE_MESSAGE = 'Someone else changed this since you opened it. Reload to see their change, then try again.';

function answerFor(err: unknown, translate: ErrorTranslator | undefined): { status: number; body: { error: string } & Record<string, unknown> } {
  const known = err instanceof HttpError ? err : translate?.(err);
  if (known) return { status: known.status, body: { error: known.message, ...(known instanceof HttpRefusal ? known.extra : {}) } };
  if (err instanceof ConcurrencyError) return { status: 412, body: { error: STALE_MESSAGE } };
  if (err instanceof RangeError) return { status: 400, body: { error: err.message } };
  return { status: 500, body: { error: 'Something went wrong on our side.' } };
}
