/**
 * What every casework route shares once schoolRoute has signed the caller in: the pupil, the case view, the
 * chronology line, and a change applied by a domain rule inside the case's ETag-guarded transaction. Changes
 * to an existing thing carry If-Match with the ETag the tab last read; a stale one gets 412 and the tab
 * reloads. Each change answers with the case as it now stands.
 */
import { randomUUID } from 'node:crypto';
import type { CaseAccess } from '../../domain/cases/case-access';
import { isRefusal, refuseClosed, type CaseDecision, type CaseRefusal, type Recorded } from '../../domain/cases/case-changes';
import { CaseInputError } from '../../domain/cases/case-input';
import type { CaseItemKind, CaseItemKinds } from '../../domain/cases/case-items';
import { pupilSnapshot } from '../../domain/cases/case-opening';
import type { SupportCase } from '../../domain/cases/support-case';
import { chronologyId, type ChronologyKind } from '../../domain/chronology';
import { displayName, type Pupil } from '../../domain/pupil';
import { CaseOpeningError } from '../../cases/case-opener';
import { CaseNotFoundError, itemKey, type LoadedCase } from '../../store/cases-repository';
import type { Repositories } from '../../store/repositories';
import { HttpError } from '../caller';
import { HttpRefusal, STALE_MESSAGE, staffOf, type ErrorTranslator, type Handled, type SchoolContext } from '../school-route';
import type { CaseAttendanceSource } from './case-attendance-source';
import { buildCaseView, type CaseView } from './case-view';

/** Why this member of staff may not make this change to this pupil's case, or undefined when they may. */
export type CasePermission = (access: CaseAccess, pupil: Pupil, supportCase: SupportCase) => string | undefined;

export interface CaseWriterOptions {
  repos: Repositories;
  attendance: CaseAttendanceSource;
}

type Ctx = SchoolContext<string>;

export class CaseWriter {
  constructor(private readonly options: CaseWriterOptions) {}

  async pupilOf(ctx: Ctx): Promise<Pupil> {
    const found = await this.options.repos.pupils.get(ctx.urn, ctx.upn!);
    if (!found) throw new HttpError(404, `There is no pupil ${ctx.upn} on the roll.`);
    return found.value;
  }

  view(ctx: Ctx, loaded: LoadedCase, pupil: Pupil): Promise<CaseView> {
    return buildCaseView({ chronology: this.options.repos.chronology, attendance: this.options.attendance }, { school: ctx.school, access: staffOf(ctx), loaded, pupil, today: ctx.today });
  }

  chronicle(ctx: Ctx, kind: ChronologyKind, summary: string, restricted = false): Promise<void> {
    return this.options.repos.chronology.add(ctx.urn, { id: chronologyId(ctx.at, randomUUID()), pupilUpn: ctx.upn!, kind, at: ctx.at, byId: ctx.actor.id, byName: ctx.actor.name, summary, ...(restricted ? { restricted } : {}) });
  }

  /** A new item's id: sortable by when it was recorded. */
  newId(ctx: Ctx): string {
    return `${ctx.at.replace(/[-:.TZ]/g, '')}-${randomUUID().slice(0, 8)}`;
  }

  recorded(ctx: Ctx): { recordedAt: string; recordedBy: SupportCase['openedBy'] } {
    return { recordedAt: ctx.at, recordedBy: ctx.actor };
  }

  when(ctx: Ctx): Recorded {
    return { at: ctx.at, by: ctx.actor };
  }

  /**
   * Changes a case: checks the permission against the stored case, decides the change with `decide` (a
   * domain rule) in the repository's ETag-guarded transaction, writes the chronology line (a function of
   * the case as changed, where the line names what was changed), and answers with the case as it now stands.
   */
  async change(
    ctx: Ctx,
    permission: CasePermission,
    decide: (current: LoadedCase, pupil: Pupil) => CaseDecision,
    chronology?: { kind: ChronologyKind; summary: string | (() => string); restricted?: boolean },
    status = 200,
  ): Promise<Handled> {
    const { repos } = this.options;
    const [pupil, header] = await Promise.all([this.pupilOf(ctx), repos.cases.getHeader(ctx.urn, ctx.upn!)]);
    if (!header) throw new HttpError(404, `${displayName(pupil)} has no Support First case.`);
    const refusal = permission(staffOf(ctx), pupil, header.case);
    if (refusal) throw new HttpError(403, refusal);
    const loaded = await repos.cases.change(ctx.urn, ctx.upn!, (current) => {
      // Closed first, whatever else is wrong with the request: nothing more is recorded on a closed case.
      const closed = refuseClosed(current.case);
      if (closed) throw refusalError(closed);
      const decision = decide(current, pupil);
      if (isRefusal(decision)) throw refusalError(decision);
      return { ...decision, header: { ...decision.header, pupil: pupilSnapshot(pupil) } };
    });
    const summary = typeof chronology?.summary === 'function' ? chronology.summary() : chronology?.summary;
    if (chronology && summary) await this.chronicle(ctx, chronology.kind, summary, chronology.restricted);
    return { status, body: await this.view(ctx, loaded, pupil), detail: summary };
  }

  /** The case header must be the version the tab last read. */
  expectHeader(ctx: Ctx, current: LoadedCase): void {
    if (ifMatch(ctx) !== current.etag) throw new HttpError(412, STALE_MESSAGE);
  }

  /** An item of the case, which must be the version the tab last read. */
  existingItem<K extends CaseItemKind>(ctx: Ctx, current: LoadedCase, kind: K, id: string): CaseItemKinds[K] {
    const item = (current.items[kind] as { id: string }[]).find((i) => i.id === id);
    if (!item) throw new HttpError(404, `This case has no ${kind} ${id}.`);
    if (ifMatch(ctx) !== current.itemEtags.get(itemKey(kind, id))) throw new HttpError(412, STALE_MESSAGE);
    return item as CaseItemKinds[K];
  }
}

function ifMatch(ctx: Ctx): string {
  const etag = ctx.req.headers['if-match'];
  if (!etag) throw new HttpError(428, 'Send If-Match with the ETag of the version you are changing.');
  return String(etag);
}

/** A domain refusal as the tab has always had it: the field at fault is a 400, the rest are conflicts (409). */
function refusalError(refusal: CaseRefusal): Error {
  if (refusal.field) return new CaseInputError(refusal.field, refusal.message);
  return new HttpRefusal(409, refusal.message, refusal.blockers ? { blockers: refusal.blockers } : {});
}

/** The casework's own errors as answers. */
export const caseErrors: ErrorTranslator = (err) => {
  if (err instanceof CaseInputError) return new HttpRefusal(400, err.message, { field: err.field });
  if (err instanceof CaseOpeningError) return new HttpError(err.problem === 'not-found' ? 404 : 409, err.message);
  if (err instanceof CaseNotFoundError) return new HttpError(404, 'This pupil has no Support First case.');
  return undefined;
};
