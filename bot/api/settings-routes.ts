/**
 * A school's settings, under /api/schools/:urn (mounted from the tab API):
 *   GET   /settings           everything the Settings page shows, with the school row's ETag
 *   PATCH /settings           changes any of the profile, times, bands, review, minutes and role groups
 *                             (If-Match: the ETag last read); 400 names each field at fault, 409 when someone
 *                             else changed the school since it was read
 *   GET   /settings/imports   the kinds of file an import takes and the last import of each kind
 * The attendance lead and the trust's administrators read and change the settings; the attendance officer,
 * who imports, sees the import section. The school row is read on every request and written with its ETag,
 * so a change is in force on every server at once. Reads, changes and refusals are all audited.
 */
import express, { type Request, type Response } from 'express';
import { calendarNotices, calendarNoticeText } from '../domain/school-calendar';
import { cardClockOf, type CardClock } from '../domain/card-clock';
import { toLocal } from '../domain/clock';
import type { AttendanceBand, School, StaffRole, Term } from '../domain/school';
import { applySettingsChange, type SettingsProblem } from '../domain/school-settings';
import { ImportJournalRepository } from '../import/import-journal-repository';
import { IMPORT_FILE_KINDS, type ImportFileKind } from '../import/import-types';
import { MAX_FILE_BYTES, MAX_FILES } from '../import/school-import';
import type { Logger } from '../platform/logger';
import { ConcurrencyError } from '../store/errors';
import type { Repositories } from '../store/repositories';
import { HttpError, type Authenticate, type Caller } from './caller';
import { SsoTokenError } from './sso-authenticator';
import { staffAccessFor, type StaffAccess, type StaffRoleSource } from './staff-access';
import type { TrustAdmins } from './trust-admins';

export interface SettingsRoutesOptions {
  repos: Repositories;
  authenticate: Authenticate;
  roles: StaffRoleSource;
  logger: Logger;
  /** The trust's administrators may read and change any school's settings. */
  trustAdmins?: Pick<TrustAdmins, 'isAdmin'>;
  now?: () => Date;
}

export interface LastImportView {
  kind: ImportFileKind;
  /** When it was applied (ISO instant). */
  at: string;
  byName: string;
  files: { name: string; rows: number }[];
}

export interface ImportStatusView {
  /** The kinds of file the import takes, in the order it applies them. */
  kinds: ImportFileKind[];
  maxFileBytes: number;
  maxFiles: number;
  /** The last import that had a file of each kind; kinds never imported are left out. */
  last: LastImportView[];
}

export interface SettingsView {
  /** The school row's ETag: send it back as If-Match with a change. */
  etag: string;
  /** The school's local date. */
  today: string;
  canChange: boolean;
  profile: { urn: string; name: string; timeZone: string };
  times: { registerCloseTime: string; afternoonRegisterCloseTime: string; notifyByTime: string };
  bands: AttendanceBand[];
  reviewBeforePosting: boolean;
  concernAcknowledgeMinutes: number;
  /** The clock every card runs on: the school's own minutes, the defaults where it set none. */
  cardClock: CardClock;
  staff: { upn: string; displayName: string; title?: string; roles: StaffRole[]; yearGroups: number[] }[];
  roleGroups: Partial<Record<StaffRole, string>>;
  calendar: { terms: Term[]; closures: string[]; notices: { kind: string; text: string }[] };
  channel?: { teamName?: string; channelName?: string; linkedByName: string; linkedAt: string };
  imports: ImportStatusView;
}

/** A change refused: every problem by field. */
class SettingsInvalidError extends HttpError {
  constructor(readonly errors: SettingsProblem[]) {
    super(400, `The settings were not saved: ${errors.map((e) => `${e.field}: ${e.message}`).join('; ')}`);
  }
}

const STALE = 'Someone else changed the settings since you opened them. Reload to see their change, then make yours again.';

interface Context {
  req: Request;
  caller: Caller;
  school: School;
  etag: string;
  access?: StaffAccess;
  admin: boolean;
  urn: string;
  at: string;
  today: string;
}

const URN_SHAPE = /^\d{6,7}$/;

export function settingsRoutes(options: SettingsRoutesOptions): express.Router {
  const { repos, logger } = options;
  const now = options.now ?? (() => new Date());
  const journal = new ImportJournalRepository({ store: repos.store });
  const router = express.Router({ mergeParams: true });

  const handle =
    (action: string, fn: (ctx: Context) => Promise<{ body: unknown; detail: string }>) =>
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
        // Read on every request, so a change made on another server is what this one acts on.
        const stored = await repos.schools.get(urn);
        if (!stored) throw new HttpError(404, `There is no school with URN ${urn}.`);
        const access = await staffAccessFor(stored.value, caller, options.roles);
        const admin = !!options.trustAdmins && (await options.trustAdmins.isAdmin(caller));
        if (!access && !admin) throw new HttpError(403, caller.via === 'api-key' ? "The service key cannot read a school's settings." : 'You are not on the staff of this school in Firstday.');
        const ctx: Context = { req, caller, school: stored.value, etag: stored.etag, access, admin, urn, at, today: toLocal(new Date(at), stored.value.timeZone).date };
        const result = await fn(ctx);
        await audit('ok', result.detail);
        res.json(result.body);
      } catch (err) {
        const { status, body } = errorResponse(err);
        if (status >= 500) logger.error('settings request failed', { action, urn, error: (err as Error).message });
        try {
          await audit(status === 400 || status >= 500 ? 'failed' : 'denied', status >= 500 ? 'server error' : err instanceof SsoTokenError ? err.reason : String(body.error));
        } catch (auditErr) {
          logger.error('could not audit a settings request', { action, urn, error: (auditErr as Error).message });
        }
        res.status(status).json(body);
      }
    };

  const mayChange = (ctx: Context) => ctx.admin || !!ctx.access?.roles.includes('attendance-lead');
  const mayImport = (ctx: Context) => !!ctx.access?.roles.some((r) => r === 'attendance-lead' || r === 'attendance-officer');

  async function importStatus(urn: string): Promise<ImportStatusView> {
    const last = await journal.lastByKind(urn);
    return {
      kinds: [...IMPORT_FILE_KINDS],
      maxFileBytes: MAX_FILE_BYTES,
      maxFiles: MAX_FILES,
      last: IMPORT_FILE_KINDS.flatMap((kind) => {
        const l = last[kind];
        return l ? [{ kind, at: l.at, byName: l.actorName ?? (l.actorId === 'service' ? 'the scheduled export (service key)' : l.actorId), files: l.files.map((f) => ({ name: f.name, rows: f.rows })) }] : [];
      }),
    };
  }

  async function view(ctx: Context, school: School, etag: string): Promise<SettingsView> {
    const [channel, imports] = await Promise.all([repos.channels.forSchool(school.urn), importStatus(school.urn)]);
    return {
      etag,
      today: ctx.today,
      canChange: mayChange(ctx),
      profile: { urn: school.urn, name: school.name, timeZone: school.timeZone },
      times: { registerCloseTime: school.registerCloseTime, afternoonRegisterCloseTime: school.afternoonRegisterCloseTime, notifyByTime: school.notifyByTime },
      bands: school.bands,
      reviewBeforePosting: school.reviewBeforePosting,
      concernAcknowledgeMinutes: school.concernAcknowledgeMinutes,
      cardClock: cardClockOf(school),
      staff: school.staff
        .map((s) => ({ upn: s.upn, displayName: s.displayName, ...(s.title ? { title: s.title } : {}), roles: s.roles, yearGroups: s.yearGroups ?? [] }))
        .sort((a, b) => a.displayName.localeCompare(b.displayName)),
      roleGroups: school.roleGroups,
      calendar: {
        terms: [...school.terms].sort((a, b) => a.start.localeCompare(b.start)),
        closures: [...school.closures].sort(),
        notices: calendarNotices(school, ctx.today).map((n) => ({ kind: n.kind, text: calendarNoticeText(n, school.name) })),
      },
      ...(channel
        ? { channel: { teamName: channel.value.teamName, channelName: channel.value.channelName, linkedByName: channel.value.linkedByName, linkedAt: channel.value.linkedAt } }
        : {}),
      imports,
    };
  }

  router.get(
    '/settings',
    handle('settings.read', async (ctx) => {
      if (!mayChange(ctx)) throw new HttpError(403, "The school's settings are for the attendance lead. Ask them if something needs changing.");
      return { body: await view(ctx, ctx.school, ctx.etag), detail: `settings read${ctx.admin && !ctx.access ? ' as a trust administrator' : ''}` };
    }),
  );

  router.patch(
    '/settings',
    handle('settings.change', async (ctx) => {
      if (!mayChange(ctx)) throw new HttpError(403, "Only the attendance lead (or one of the trust's administrators) changes the school's settings.");
      const ifMatch = ctx.req.headers['if-match'];
      if (!ifMatch) throw new HttpError(428, 'Send If-Match with the ETag of the settings you are changing.');
      if (String(ifMatch) !== ctx.etag) throw new HttpError(409, STALE);
      const result = applySettingsChange(ctx.school, ctx.req.body);
      if (!result.ok) throw new SettingsInvalidError(result.errors);
      if (result.changes.length === 0) return { body: await view(ctx, ctx.school, ctx.etag), detail: 'nothing changed' };
      const etag = await repos.schools.replace(result.school, ctx.etag);
      return { body: await view(ctx, result.school, etag), detail: result.changes.join('; ') };
    }),
  );

  router.get(
    '/settings/imports',
    handle('settings.imports.read', async (ctx) => {
      if (!mayImport(ctx) && !mayChange(ctx)) throw new HttpError(403, "Imports are for the attendance lead and the attendance officers.");
      const body = await importStatus(ctx.urn);
      return { body, detail: `${body.last.length} kinds imported before` };
    }),
  );

  return router;
}

function errorResponse(err: unknown): { status: number; body: { error: string; errors?: SettingsProblem[] } } {
  if (err instanceof SettingsInvalidError) return { status: 400, body: { error: err.message, errors: err.errors } };
  if (err instanceof HttpError) return { status: err.status, body: { error: err.message } };
  // Someone wrote the school row between this request's read and its write.
  if (err instanceof ConcurrencyError) return { status: 409, body: { error: STALE } };
  return { status: 500, body: { error: 'Something went wrong on our side.' } };
}
