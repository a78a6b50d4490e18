/**
 * The case tab's API, under /api/schools/:urn. Every request is signed in, resolved to the caller's roles
 * at the school, checked against what those roles allow, and audited (who, what, when, from where):
 * reads, changes and refusals alike. Changes to an existing thing carry If-Match with the ETag the tab
 * last read; a stale one gets 412 and the tab reloads. Each change returns the case as it now stands.
 * GET /attendance is the school's attendance view, for those who see the whole school.
 */
import { randomUUID } from 'node:crypto';
import express, { type Request, type Response } from 'express';
import {
  canDecideCarerInclusion,
  canManageCase,
  canReadAuditLog,
  canReadCase,
  canReadSafeguardingDetail,
  canRecordPupilVoice,
  canRecordReferral,
  isInvolvedIn,
  listsCase,
  seesWholeSchool,
  type CaseAccess,
} from '../../domain/cases/case-access';
import type { AttendanceBandFilter, CaseAttendance } from '../../domain/cases/case-attendance';
import {
  CaseInputError,
  readAgreedActionDone,
  readBandCrossing,
  readCarer,
  readCheckIn,
  readChecklistConfirmation,
  readClosing,
  readCommunication,
  readConsultation,
  readDslDecision,
  readFamilyContact,
  readLead,
  readLetter,
  readMeeting,
  readNote,
  readOpenCase,
  readParentVoice,
  readProfessional,
  readPupilVoice,
  readReferral,
  readSibling,
  readStage,
  readTrustedAdult,
} from '../../domain/cases/case-input';
import type { CaseItem, CaseItemKind } from '../../domain/cases/case-items';
import { pupilSnapshot } from '../../domain/cases/case-opening';
import { actionsDue, type DueAction } from '../../domain/cases/case-plan';
import { checklistItem, notApplicableRefusal } from '../../domain/cases/escalation-checklist';
import { PROFESSIONAL_SERVICES } from '../../domain/cases/family';
import { meetingKindLabel } from '../../domain/cases/meetings';
import { STAGE_IDS, stageLabel, type Actor, type CaseStage, type SupportCase } from '../../domain/cases/support-case';
import { chronologyId, type ChronologyKind } from '../../domain/chronology';
import { toLocal } from '../../domain/clock';
import { displayName, type Pupil } from '../../domain/pupil';
import { findStaff, type School } from '../../domain/school';
import type { Logger } from '../../logger';
import { CaseOpeningError, openCaseByHand, openCaseForBandCrossing } from '../../store/case-opening';
import { CaseNotFoundError, itemKey, type CaseWrite, type LoadedCase } from '../../store/cases-repository';
import type { FiguresRepository } from '../../store/figures-repository';
import { ConcurrencyError } from '../../store/errors';
import type { Repositories } from '../../store/repositories';
import { HttpError, type Authenticate, type Caller } from '../caller';
import { SsoTokenError } from '../sso-authenticator';
import { staffAccessFor, type StaffAccess, type StaffRoleSource } from '../staff-access';
import type { CaseAttendanceSource } from './case-attendance-source';
import { blockersOf, buildCaseView, checklistFacts, type CaseView } from './case-view';
import { schoolAttendanceView } from '../figures/school-attendance-view';

export interface CaseRoutesOptions {
  repos: Repositories;
  authenticate: Authenticate;
  roles: StaffRoleSource;
  attendance: CaseAttendanceSource;
  /** The statistics' stored figures, for the school's attendance view. */
  figures: FiguresRepository;
  logger: Logger;
  now?: () => Date;
}

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

interface Context {
  req: Request;
  caller: Caller;
  school: School;
  /** Undefined only for a service caller on a route that takes one. */
  access?: StaffAccess;
  urn: string;
  upn?: string;
  at: string;
  today: string;
  actor: Actor;
}

interface Handled {
  status?: number;
  body: unknown;
  /** What the audit log says happened, beyond the action's name. */
  detail?: string;
}

/** A referral refused because the checklist or a lead professional's consultation is missing. */
class ReferralRefusedError extends HttpError {
  constructor(readonly blockers: ReturnType<typeof blockersOf>) {
    super(409, `An enforcement referral cannot be recorded yet: ${blockers.length} thing${blockers.length === 1 ? '' : 's'} must be done first.`);
  }
}

/** The pupil has no case yet: the tab offers to open one to those who may. */
class NoCaseYetError extends HttpError {
  constructor(readonly pupil: { upn: string; name: string; yearGroup: number; form: string }) {
    super(404, `${pupil.name} has no Support First case.`);
  }
}

const URN_SHAPE = /^\d{6,7}$/;

export function caseRoutes(options: CaseRoutesOptions): express.Router {
  const { repos, attendance, logger } = options;
  const now = options.now ?? (() => new Date());
  const router = express.Router({ mergeParams: true });

  /** Wraps a handler: sign-in, school, roles, the handler, then the audit record and the response. */
  const handle =
    (action: string, fn: (ctx: Context) => Promise<Handled>, opts: { service?: boolean } = {}) =>
    async (req: Request, res: Response): Promise<void> => {
      const urn = String(req.params.urn);
      const at = now().toISOString();
      let caller: Caller | undefined;
      let ctx: Context | undefined;
      const paramUpn = req.params.upn ? String(req.params.upn).toUpperCase() : undefined;
      const audit = (outcome: 'ok' | 'denied' | 'failed', detail?: string) =>
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
        const school = (await repos.schools.get(urn))?.value;
        if (!school) throw new HttpError(404, `There is no school with URN ${urn}.`);
        const access = await staffAccessFor(school, caller, options.roles);
        if (!access && !(opts.service && caller.via === 'api-key')) {
          throw new HttpError(403, caller.via === 'api-key' ? 'The service key cannot read case data.' : 'You are not on the staff of this school in Firstday.');
        }
        const today = toLocal(new Date(at), school.timeZone).date;
        const actor: Actor = access ? { id: access.upn, name: access.name } : { id: caller.id, name: caller.name };
        ctx = { req, caller, school, access, urn, upn: paramUpn, at, today, actor };
        const result = await fn(ctx);
        await audit('ok', result.detail);
        res.status(result.status ?? 200).json(result.body);
      } catch (err) {
        const { status, body } = errorResponse(err);
        if (status >= 500) logger.error('case request failed', { action, urn, error: (err as Error).message });
        try {
          await audit(status === 400 || status >= 500 ? 'failed' : 'denied', status >= 500 ? 'server error' : err instanceof SsoTokenError ? err.reason : body.error);
        } catch (auditErr) {
          logger.error('could not audit a refused request', { action, urn, error: (auditErr as Error).message });
        }
        res.status(status).json(body);
      }
    };

  const staff = (ctx: Context): StaffAccess => ctx.access!;

  async function pupilOf(ctx: Context): Promise<Pupil> {
    const found = await repos.pupils.get(ctx.urn, ctx.upn!);
    if (!found) throw new HttpError(404, `There is no pupil ${ctx.upn} on the roll.`);
    return found.value;
  }

  async function view(ctx: Context, loaded: LoadedCase, pupil: Pupil): Promise<CaseView> {
    return buildCaseView({ chronology: repos.chronology, attendance }, { school: ctx.school, access: staff(ctx), loaded, pupil, today: ctx.today });
  }

  function chronicle(ctx: Context, kind: ChronologyKind, summary: string, restricted = false): Promise<void> {
    return repos.chronology.add(ctx.urn, { id: chronologyId(ctx.at, randomUUID()), pupilUpn: ctx.upn!, kind, at: ctx.at, byId: ctx.actor.id, byName: ctx.actor.name, summary, ...(restricted ? { restricted } : {}) });
  }

  type Permission = (access: CaseAccess, pupil: Pupil, supportCase: SupportCase) => string | undefined;
  const mayManage: Permission = (a, p, c) => (canManageCase(a, p.yearGroup, c) ? undefined : `Only the attendance lead, a DSL, the head of year ${p.yearGroup} or the case lead can change this case.`);
  const mayRecordVoice: Permission = (a, p, c) => (canRecordPupilVoice(a, p.yearGroup, c) ? undefined : 'You are not involved in this case.');
  const mayDecideInclusion: Permission = (a) => (canDecideCarerInclusion(a) ? undefined : 'Only a DSL decides whether a non-resident parent is included.');
  const mayRefer: Permission = (a, p, c) =>
    canRecordReferral(a) && canReadCase(a, p.yearGroup, c) ? undefined : 'Only the attendance lead or a DSL records an enforcement referral.';

  /**
   * Changes a case: checks the permission against the stored case, applies `change` in the repository's
   * ETag-guarded transaction, writes the chronology line, and returns the case as it now stands.
   */
  async function changeCase(
    ctx: Context,
    permission: Permission,
    change: (current: LoadedCase, pupil: Pupil) => CaseWrite,
    chronology?: { kind: ChronologyKind; summary: string; restricted?: boolean },
    status = 200,
  ): Promise<Handled> {
    const [pupil, header] = await Promise.all([pupilOf(ctx), repos.cases.getHeader(ctx.urn, ctx.upn!)]);
    if (!header) throw new HttpError(404, `${displayName(pupil)} has no Support First case.`);
    const refusal = permission(staff(ctx), pupil, header.case);
    if (refusal) throw new HttpError(403, refusal);
    const loaded = await repos.cases.change(ctx.urn, ctx.upn!, (current) => {
      if (current.case.status === 'closed') throw new HttpError(409, 'The case is closed. Reopen it to record more.');
      const write = change(current, pupil);
      return { ...write, header: { ...write.header, pupil: pupilSnapshot(pupil) } };
    });
    if (chronology) await chronicle(ctx, chronology.kind, chronology.summary, chronology.restricted);
    return { status, body: await view(ctx, loaded, pupil), detail: chronology?.summary };
  }

  function ifMatch(ctx: Context): string {
    const etag = ctx.req.headers['if-match'];
    if (!etag) throw new HttpError(428, 'Send If-Match with the ETag of the version you are changing.');
    return String(etag);
  }

  function expectHeader(ctx: Context, current: LoadedCase): void {
    if (ifMatch(ctx) !== current.etag) throw staleError();
  }

  function existingItem<K extends CaseItemKind>(ctx: Context, current: LoadedCase, kind: K, id: string) {
    const item = (current.items[kind] as { id: string }[]).find((i) => i.id === id);
    if (!item) throw new HttpError(404, `This case has no ${kind} ${id}.`);
    if (ifMatch(ctx) !== current.itemEtags.get(itemKey(kind, id))) throw staleError();
    return item as (typeof current.items)[K][number];
  }

  const newId = (ctx: Context) => `${ctx.at.replace(/[-:.TZ]/g, '')}-${randomUUID().slice(0, 8)}`;
  const recorded = (ctx: Context) => ({ recordedAt: ctx.at, recordedBy: ctx.actor });
  const put = (item: CaseItem, header: SupportCase): CaseWrite => ({ header, put: [item] });

  // ---- reads ---------------------------------------------------------------------------------

  router.get(
    '/cases',
    handle('case.list', async (ctx) => {
      const access = staff(ctx);
      const q = ctx.req.query;
      const status = q.status === 'closed' ? 'closed' : q.status === 'all' ? 'all' : 'open';
      const stage = typeof q.stage === 'string' && STAGE_IDS.includes(q.stage as CaseStage) ? (q.stage as CaseStage) : undefined;
      const band = typeof q.band === 'string' && ['below-threshold', 'persistent', 'severe'].includes(q.band) ? (q.band as AttendanceBandFilter) : undefined;
      const due = typeof q.due === 'string' && ['meeting', 'review', 'contact', 'any'].includes(q.due) ? (q.due as DueAction | 'any') : undefined;
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
      const body: CaseListResponse = { today: ctx.today, scope: seesWholeSchool(access) ? 'school' : access.roles.includes('head-of-year') ? `years ${access.yearGroups.join(', ')}` : 'involved', cases: rows };
      return {
        body,
        detail: `${rows.length} cases listed${stage ? `; stage ${stage}` : ''}${band ? `; band ${band}` : ''}${due ? `; due ${due}` : ''}${search ? '; searched by name' : ''}`,
      };
    }),
  );

  router.get(
    '/attendance',
    handle('school.attendance.read', async (ctx) => {
      if (!seesWholeSchool(staff(ctx))) throw new HttpError(403, "The school's attendance figures are for the attendance lead and the DSLs. Your cases are under Cases.");
      const body = await schoolAttendanceView({ repos, figures: options.figures }, { school: ctx.school, today: ctx.today });
      return { body, detail: body.figures ? `figures to ${body.figures.asOf}; ${body.figures.crossingsThisWeek.length} pupils crossed a band that week` : 'no figures yet' };
    }),
  );

  router.get(
    '/pupils',
    handle('pupil.search', async (ctx) => {
      const access = staff(ctx);
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
    }),
  );

  router.get(
    '/cases/:upn',
    handle('case.read', async (ctx) => {
      const access = staff(ctx);
      const [pupil, loaded] = await Promise.all([pupilOf(ctx), repos.cases.load(ctx.urn, ctx.upn!)]);
      if (!loaded) {
        if (!canManageCase(access, pupil.yearGroup)) throw new HttpError(403, `Pupil ${ctx.upn} is not in your year groups.`);
        throw new NoCaseYetError({ upn: pupil.upn, name: displayName(pupil), yearGroup: pupil.yearGroup, form: pupil.form });
      }
      if (!canReadCase(access, pupil.yearGroup, loaded.case)) {
        throw new HttpError(403, access.roles.includes('head-of-year') ? `This pupil is in year ${pupil.yearGroup}; you look after year ${access.yearGroups.join(', ')}.` : 'You are not involved in this case.');
      }
      return { body: await view(ctx, loaded, pupil) };
    }),
  );

  router.get(
    '/cases/:upn/concerns',
    handle('case.concerns.read', async (ctx) => {
      if (!canReadSafeguardingDetail(staff(ctx))) throw new HttpError(403, 'Concern detail is for the DSL and deputy DSLs only.');
      const pupil = await pupilOf(ctx);
      const entries = (await repos.chronology.forPupil(ctx.urn, pupil.upn)).filter((e) => e.restricted);
      return { body: { concerns: entries.map((e) => ({ id: e.id, kind: e.kind, at: e.at, byName: e.byName, summary: e.summary, detail: e.detail ?? {} })) }, detail: `${entries.length} concern records` };
    }),
  );

  router.get(
    '/cases/:upn/audit',
    handle('case.audit.read', async (ctx) => {
      if (!canReadAuditLog(staff(ctx))) throw new HttpError(403, "A pupil's audit log is for the attendance lead.");
      await pupilOf(ctx);
      const events = await repos.audit.forPupil(ctx.urn, ctx.upn!);
      return { body: { events }, detail: `${events.length} audit events` };
    }),
  );

  // ---- opening and the case header -------------------------------------------------------------

  router.post(
    '/cases',
    handle('case.open', async (ctx) => {
      const input = readOpenCase(ctx.req.body);
      ctx.upn = input.upn;
      const pupil = await pupilOf(ctx);
      if (!canManageCase(staff(ctx), pupil.yearGroup)) throw new HttpError(403, `You cannot open a case for a pupil in year ${pupil.yearGroup}.`);
      await openCaseByHand(repos, { urn: ctx.urn, upn: pupil.upn, reason: input.reason, by: ctx.actor, at: ctx.at });
      const loaded = (await repos.cases.load(ctx.urn, pupil.upn))!;
      return { status: 201, body: await view(ctx, loaded, pupil), detail: input.reason };
    }),
  );

  router.post(
    '/band-crossings',
    handle(
      'case.band-crossing',
      async (ctx) => {
        if (ctx.access && !ctx.access.roles.includes('attendance-lead')) throw new HttpError(403, 'Band crossings come from the attendance statistics or the attendance lead.');
        const input = readBandCrossing(ctx.req.body, ctx.at);
        ctx.upn = input.upn;
        await pupilOf(ctx);
        const result = await openCaseForBandCrossing(repos, { urn: ctx.urn, upn: input.upn, crossing: input, by: ctx.access ? ctx.actor : undefined, source: 'api' });
        return { status: result.action === 'opened' ? 201 : 200, body: { action: result.action, ...(result.action === 'none' ? { reason: result.reason } : {}) }, detail: result.action };
      },
      { service: true },
    ),
  );

  router.put(
    '/cases/:upn/stage',
    handle('case.stage', async (ctx) => {
      const stage = readStage(ctx.req.body);
      return changeCase(ctx, mayManage, (current) => {
        expectHeader(ctx, current);
        if (current.case.referral) throw new HttpError(409, 'An enforcement referral has been recorded; the stage stays at enforcement.');
        return { header: { ...current.case, stage } };
      }, { kind: 'case', summary: `Stage of the graduated response: ${stageLabel(stage)}.` });
    }),
  );

  router.put(
    '/cases/:upn/lead',
    handle('case.lead', async (ctx) => {
      const upn = readLead(ctx.req.body);
      const lead = findStaff(ctx.school, upn);
      if (!lead) throw new CaseInputError('upn', `${upn} is not on the school's staff list`);
      return changeCase(ctx, mayManage, (current) => {
        expectHeader(ctx, current);
        return { header: { ...current.case, lead: { upn: lead.upn, name: lead.displayName } } };
      }, { kind: 'case', summary: `${lead.displayName} now leads the case.` });
    }),
  );

  router.put(
    '/cases/:upn/trusted-adult',
    handle('case.trusted-adult', async (ctx) => {
      const adult = readTrustedAdult(ctx.req.body);
      if (adult.upn && !findStaff(ctx.school, adult.upn)) throw new CaseInputError('upn', `${adult.upn} is not on the school's staff list`);
      return changeCase(ctx, mayManage, (current) => {
        expectHeader(ctx, current);
        return { header: { ...current.case, trustedAdult: adult } };
      }, { kind: 'pupil-voice', summary: `${adult.name} (${adult.role}) is the pupil's trusted adult, checking in every ${adult.checkInEveryDays} days.` });
    }),
  );

  router.post(
    '/cases/:upn/close',
    handle('case.close', async (ctx) => {
      const reason = readClosing(ctx.req.body);
      return changeCase(ctx, mayManage, (current) => {
        expectHeader(ctx, current);
        return { header: { ...current.case, status: 'closed', closedAt: ctx.at, closedBy: ctx.actor, closingReason: reason } };
      }, { kind: 'case', summary: `Support First case closed: ${reason}` });
    }),
  );

  // ---- meetings and contact ---------------------------------------------------------------------

  router.post(
    '/cases/:upn/meetings',
    handle('case.meeting.add', async (ctx) => {
      const input = readMeeting(ctx.req.body, ctx.today);
      const id = newId(ctx);
      return changeCase(
        ctx,
        mayManage,
        (current) => put({ kind: 'meeting', value: { ...input, id, ...recorded(ctx) } }, current.case),
        {
          kind: 'meeting',
          summary: `${meetingKindLabel(input.kind)} (${input.method}) on ${input.date} with ${input.attendees.map((a) => a.name).join(', ')}: ${input.agreedActions.length} agreed action${input.agreedActions.length === 1 ? '' : 's'}${input.nextReview ? `; review on ${input.nextReview}` : ''}.`,
        },
        201,
      );
    }),
  );

  router.patch(
    '/cases/:upn/meetings/:id/actions',
    handle('case.meeting.action', async (ctx) => {
      const { index, done } = readAgreedActionDone(ctx.req.body);
      let what = '';
      return changeCase(ctx, mayManage, (current) => {
        const meeting = existingItem(ctx, current, 'meeting', String(ctx.req.params.id));
        const action = meeting.agreedActions[index];
        if (!action) throw new CaseInputError('index', `the meeting has ${meeting.agreedActions.length} agreed actions`);
        what = action.action;
        const agreedActions = meeting.agreedActions.map((a, i) => (i === index ? { ...a, done } : a));
        return put({ kind: 'meeting', value: { ...meeting, agreedActions } }, current.case);
      }).then(async (r) => {
        await chronicle(ctx, 'meeting', `Agreed action ${done ? 'done' : 'reopened'}: ${what}`);
        return r;
      });
    }),
  );

  router.post(
    '/cases/:upn/contacts',
    handle('case.contact.add', async (ctx) => {
      const input = readFamilyContact(ctx.req.body, ctx.today);
      return changeCase(
        ctx,
        mayManage,
        (current) => put({ kind: 'contact', value: { ...input, id: newId(ctx), ...recorded(ctx) } }, current.case),
        { kind: 'note', summary: `Fortnightly contact (${input.method}) with ${input.withWhom}${input.supportReoffered ? ', support re-offered' : ''}: ${input.summary}` },
        201,
      );
    }),
  );

  // ---- voice ------------------------------------------------------------------------------------

  router.post(
    '/cases/:upn/pupil-voice',
    handle('case.pupil-voice.add', async (ctx) => {
      const input = readPupilVoice(ctx.req.body, ctx.today);
      return changeCase(ctx, mayRecordVoice, (current) => put({ kind: 'pupil-voice', value: { ...input, id: newId(ctx), ...recorded(ctx) } }, current.case), {
        kind: 'pupil-voice',
        summary: `Wishes and Feelings heard by ${input.heardBy} on ${input.date}.`,
      }, 201);
    }),
  );

  router.post(
    '/cases/:upn/check-ins',
    handle('case.check-in.add', async (ctx) => {
      const input = readCheckIn(ctx.req.body, ctx.today);
      return changeCase(ctx, mayRecordVoice, (current) => put({ kind: 'check-in', value: { ...input, id: newId(ctx), ...recorded(ctx) } }, current.case), {
        kind: 'pupil-voice',
        summary: `Trusted adult check-in by ${input.by} on ${input.date}.`,
      }, 201);
    }),
  );

  router.post(
    '/cases/:upn/parent-voice',
    handle('case.parent-voice.add', async (ctx) => {
      const input = readParentVoice(ctx.req.body, ctx.today);
      return changeCase(ctx, mayManage, (current) => put({ kind: 'parent-voice', value: { ...input, id: newId(ctx), ...recorded(ctx) } }, current.case), {
        kind: 'parent-voice',
        summary: `${input.carerName}'s views heard on ${input.date}.`,
      }, 201);
    }),
  );

  // ---- people -------------------------------------------------------------------------------------

  router.post(
    '/cases/:upn/carers',
    handle('case.carer.add', async (ctx) => {
      const input = readCarer(ctx.req.body);
      return changeCase(ctx, mayManage, (current) => put({ kind: 'carer', value: { ...input, id: newId(ctx), requiresDslApproval: false, ...recorded(ctx) } }, current.case), {
        kind: 'case',
        summary: `${input.name} (${input.relationship}${input.livesWithPupil ? '' : ', lives elsewhere'}) added to the parents and carers.`,
      }, 201);
    }),
  );

  router.put(
    '/cases/:upn/carers/:id/communication',
    handle('case.carer.communication', async (ctx) => {
      const communication = readCommunication(ctx.req.body, 'body');
      let name = '';
      return changeCase(ctx, mayManage, (current) => {
        const carer = existingItem(ctx, current, 'carer', String(ctx.req.params.id));
        name = carer.name;
        return put({ kind: 'carer', value: { ...carer, communication } }, current.case);
      }).then(async (r) => {
        await chronicle(ctx, 'case', `How to reach ${name}: ${communication.method}${communication.bestTime ? `, ${communication.bestTime}` : ''}, in ${communication.language}${communication.interpreter ? ' with an interpreter' : ''}.`);
        return r;
      });
    }),
  );

  router.put(
    '/cases/:upn/carers/:id/dsl-decision',
    handle('case.carer.dsl-decision', async (ctx) => {
      const input = readDslDecision(ctx.req.body);
      let name = '';
      return changeCase(ctx, mayDecideInclusion, (current) => {
        const carer = existingItem(ctx, current, 'carer', String(ctx.req.params.id));
        name = carer.name;
        return put({ kind: 'carer', value: { ...carer, dslDecision: { ...input, by: ctx.actor, at: ctx.at } } }, current.case);
      }).then(async (r) => {
        await chronicle(ctx, 'case', `The DSL decided ${name} is ${input.decision === 'include' ? 'included in' : 'not included in'} attendance correspondence.`);
        return r;
      });
    }),
  );

  router.post(
    '/cases/:upn/siblings',
    handle('case.sibling.add', async (ctx) => {
      const input = readSibling(ctx.req.body);
      return changeCase(ctx, mayManage, (current) => put({ kind: 'sibling', value: { ...input, id: newId(ctx), ...recorded(ctx) } }, current.case), {
        kind: 'case',
        summary: `Sibling ${input.name} (${input.school}) added.`,
      }, 201);
    }),
  );

  router.put(
    '/cases/:upn/siblings/:id/school-contacted',
    handle('case.sibling.school-contacted', async (ctx) => {
      const contacted = readConsultation(ctx.req.body, ctx.today);
      let school = '';
      return changeCase(ctx, mayManage, (current) => {
        const sibling = existingItem(ctx, current, 'sibling', String(ctx.req.params.id));
        school = sibling.school;
        return put({ kind: 'sibling', value: { ...sibling, schoolContacted: { on: contacted.on, outcome: contacted.summary } } }, current.case);
      }).then(async (r) => {
        await chronicle(ctx, 'case', `Sibling's school (${school}) contacted on ${contacted.on}.`);
        return r;
      });
    }),
  );

  router.post(
    '/cases/:upn/professionals',
    handle('case.professional.add', async (ctx) => {
      const input = readProfessional(ctx.req.body);
      const service = PROFESSIONAL_SERVICES.find((s) => s.id === input.service)!.label;
      return changeCase(ctx, mayManage, (current) => put({ kind: 'professional', value: { ...input, id: newId(ctx), ...recorded(ctx) } }, current.case), {
        kind: 'case',
        summary: `${input.name} (${service})${input.isLeadProfessional ? ', lead professional,' : ''} is working with the family.`,
      }, 201);
    }),
  );

  router.put(
    '/cases/:upn/professionals/:id/consultation',
    handle('case.professional.consulted', async (ctx) => {
      const input = readConsultation(ctx.req.body, ctx.today);
      let name = '';
      return changeCase(ctx, mayManage, (current) => {
        const p = existingItem(ctx, current, 'professional', String(ctx.req.params.id));
        name = `${p.name} (${p.service})`;
        return put({ kind: 'professional', value: { ...p, consulted: { ...input, by: ctx.actor } } }, current.case);
      }).then(async (r) => {
        await chronicle(ctx, 'case', `${name} consulted on ${input.on}: ${input.summary}`);
        return r;
      });
    }),
  );

  // ---- the escalation checklist and the referral ------------------------------------------------

  router.put(
    '/cases/:upn/checklist/:itemId',
    handle('case.checklist.confirm', async (ctx) => {
      const item = checklistItem(String(ctx.req.params.itemId));
      if (!item) throw new HttpError(404, `The escalation checklist has no item "${ctx.req.params.itemId}".`);
      const input = readChecklistConfirmation(ctx.req.body);
      return changeCase(ctx, mayManage, (current, pupil) => {
        if (current.items.checklist.some((c) => c.itemId === item.id)) existingItem(ctx, current, 'checklist', item.id);
        if (input.answer === 'not-applicable') {
          const refusal = notApplicableRefusal(item, checklistFacts(pupil, current));
          if (refusal) throw new HttpError(409, refusal);
        }
        return put({ kind: 'checklist', value: { id: item.id, itemId: item.id, answer: input.answer, evidence: input.evidence, confirmedBy: ctx.actor, confirmedAt: ctx.at } }, current.case);
      }, { kind: 'checklist', summary: `Checklist ${input.answer === 'done' ? 'confirmed' : 'marked not applicable'}: ${item.text} Evidence: ${input.evidence}` });
    }),
  );

  router.delete(
    '/cases/:upn/checklist/:itemId',
    handle('case.checklist.withdraw', async (ctx) => {
      const item = checklistItem(String(ctx.req.params.itemId));
      if (!item) throw new HttpError(404, `The escalation checklist has no item "${ctx.req.params.itemId}".`);
      return changeCase(ctx, mayManage, (current) => {
        existingItem(ctx, current, 'checklist', item.id);
        return { header: current.case, remove: [{ kind: 'checklist', id: item.id }] };
      }, { kind: 'checklist', summary: `Checklist confirmation withdrawn: ${item.text}` });
    }),
  );

  router.post(
    '/cases/:upn/referral',
    handle('case.referral.record', async (ctx) => {
      const input = readReferral(ctx.req.body);
      // Checked inside the case's transaction: a checklist change made meanwhile makes the write retry and re-check.
      return changeCase(ctx, mayRefer, (current, pupil) => {
        if (current.case.referral) throw new HttpError(409, `An enforcement referral was recorded on ${current.case.referral.at.slice(0, 10)}.`);
        const blockers = blockersOf(pupil, current);
        if (blockers.length) throw new ReferralRefusedError(blockers);
        return { header: { ...current.case, stage: 'enforcement-referral', referral: { ...input, at: ctx.at, by: ctx.actor } } };
      }, { kind: 'referral', summary: `Enforcement referral recorded${input.reference ? ` (reference ${input.reference})` : ''}: ${input.summary}` });
    }),
  );

  // ---- notes and letters --------------------------------------------------------------------------

  router.post(
    '/cases/:upn/notes',
    handle('case.note.add', async (ctx) => {
      const input = readNote(ctx.req.body);
      return changeCase(ctx, mayRecordVoice, (current) => put({ kind: 'note', value: { ...input, id: newId(ctx), ...recorded(ctx) } }, current.case), { kind: 'note', summary: input.text }, 201);
    }),
  );

  router.post(
    '/cases/:upn/letters',
    handle('case.letter.add', async (ctx) => {
      const input = readLetter(ctx.req.body, ctx.today);
      return changeCase(ctx, mayManage, (current) => put({ kind: 'letter', value: { ...input, id: newId(ctx), ...recorded(ctx) } }, current.case), {
        kind: 'letter',
        summary: `Letter sent on ${input.date} to ${input.recipients.join(', ') || 'the family'} (${input.language}): ${input.kind.replace(/-/g, ' ')}.`,
      }, 201);
    }),
  );

  return router;
}

function staleError(): HttpError {
  return new HttpError(412, 'Someone else changed this since you opened it. Reload to see their change, then try again.');
}

function errorResponse(err: unknown): { status: number; body: { error: string } & Record<string, unknown> } {
  if (err instanceof ReferralRefusedError) return { status: 409, body: { error: err.message, blockers: err.blockers } };
  if (err instanceof NoCaseYetError) return { status: 404, body: { error: err.message, canOpen: true, pupil: err.pupil } };
  if (err instanceof HttpError) return { status: err.status, body: { error: err.message } };
  if (err instanceof CaseInputError) return { status: 400, body: { error: err.message, field: err.field } };
  if (err instanceof CaseOpeningError) return { status: err.status, body: { error: err.message } };
  if (err instanceof CaseNotFoundError) return { status: 404, body: { error: 'This pupil has no Support First case.' } };
  if (err instanceof ConcurrencyError) return { status: 412, body: { error: staleError().message } };
  if (err instanceof RangeError) return { status: 400, body: { error: err.message } };
  return { status: 500, body: { error: 'Something went wrong on our side.' } };
}
