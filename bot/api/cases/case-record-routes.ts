/**
 * The case itself: read it, open it (by hand, or from a band crossing the statistics or the service key
 * report), and change its header: stage, lead, trusted adult, closing.
 */
import { canManageCase, canReadCase } from '../../domain/cases/case-access';
import { changeStage, closeCase, setLead, setTrustedAdult } from '../../domain/cases/case-changes';
import { CaseInputError, readBandCrossing, readClosing, readLead, readOpenCase, readStage, readTrustedAdult } from '../../domain/cases/case-input';
import { stageLabel } from '../../domain/cases/support-case';
import { displayName } from '../../domain/pupil';
import { findStaff } from '../../domain/school';
import { openCaseByHand, openCaseForBandCrossing } from '../../cases/case-opener';
import type { Repositories } from '../../store/repositories';
import { HttpError } from '../caller';
import { HttpRefusal, staffOf } from '../school-route';
import type { SchoolRouter } from '../school-router';
import { mayManage } from './case-permissions';
import type { CaseWriter } from './case-writer';

/** The pupil has no case yet: the tab offers to open one to those who may. */
function noCaseYet(pupil: { upn: string; name: string; yearGroup: number; form: string }): HttpRefusal {
  return new HttpRefusal(404, `${pupil.name} has no Support First case.`, { canOpen: true, pupil });
}

export function caseRecordRoutes(router: SchoolRouter, deps: { cases: CaseWriter; repos: Repositories }): void {
  const { cases, repos } = deps;

  router.get('/cases/:upn', { action: 'case.read' }, async (ctx) => {
    const access = staffOf(ctx);
    const [pupil, loaded] = await Promise.all([cases.pupilOf(ctx), repos.cases.load(ctx.urn, ctx.upn!)]);
    if (!loaded) {
      if (!canManageCase(access, pupil.yearGroup)) throw new HttpError(403, `Pupil ${ctx.upn} is not in your year groups.`);
      throw noCaseYet({ upn: pupil.upn, name: displayName(pupil), yearGroup: pupil.yearGroup, form: pupil.form });
    }
    if (!canReadCase(access, pupil.yearGroup, loaded.case)) {
      throw new HttpError(403, access.roles.includes('head-of-year') ? `This pupil is in year ${pupil.yearGroup}; you look after year ${access.yearGroups.join(', ')}.` : 'You are not involved in this case.');
    }
    return { body: await cases.view(ctx, loaded, pupil) };
  });

  router.post('/cases', { action: 'case.open' }, async (ctx) => {
    const input = readOpenCase(ctx.req.body);
    ctx.upn = input.upn;
    const pupil = await cases.pupilOf(ctx);
    if (!canManageCase(staffOf(ctx), pupil.yearGroup)) throw new HttpError(403, `You cannot open a case for a pupil in year ${pupil.yearGroup}.`);
    await openCaseByHand(repos, { urn: ctx.urn, upn: pupil.upn, reason: input.reason, by: ctx.actor, at: ctx.at });
    const loaded = (await repos.cases.load(ctx.urn, pupil.upn))!;
    return { status: 201, body: await cases.view(ctx, loaded, pupil), detail: input.reason };
  });

  router.post('/band-crossings', { action: 'case.band-crossing', service: true }, async (ctx) => {
    if (ctx.access && !ctx.access.roles.includes('attendance-lead')) throw new HttpError(403, 'Band crossings come from the attendance statistics or the attendance lead.');
    const input = readBandCrossing(ctx.req.body, ctx.at);
    ctx.upn = input.upn;
    await cases.pupilOf(ctx);
    const result = await openCaseForBandCrossing(repos, { urn: ctx.urn, upn: input.upn, crossing: input, by: ctx.access ? ctx.actor : undefined, source: 'api' });
    return { status: result.action === 'opened' ? 201 : 200, body: { action: result.action, ...(result.action === 'none' ? { reason: result.reason } : {}) }, detail: result.action };
  });

  router.put('/cases/:upn/stage', { action: 'case.stage' }, async (ctx) => {
    const stage = readStage(ctx.req.body);
    return cases.change(ctx, mayManage, (current) => {
      cases.expectHeader(ctx, current);
      return changeStage(current.case, stage);
    }, { kind: 'case', summary: `Stage of the graduated response: ${stageLabel(stage)}.` });
  });

  router.put('/cases/:upn/lead', { action: 'case.lead' }, async (ctx) => {
    const upn = readLead(ctx.req.body);
    const lead = findStaff(ctx.school, upn);
    if (!lead) throw new CaseInputError('upn', `${upn} is not on the school's staff list`);
    return cases.change(ctx, mayManage, (current) => {
      cases.expectHeader(ctx, current);
      return setLead(current.case, lead);
    }, { kind: 'case', summary: `${lead.displayName} now leads the case.` });
  });

  router.put('/cases/:upn/trusted-adult', { action: 'case.trusted-adult' }, async (ctx) => {
    const adult = readTrustedAdult(ctx.req.body);
    if (adult.upn && !findStaff(ctx.school, adult.upn)) throw new CaseInputError('upn', `${adult.upn} is not on the school's staff list`);
    return cases.change(ctx, mayManage, (current) => {
      cases.expectHeader(ctx, current);
      return setTrustedAdult(current.case, adult);
    }, { kind: 'pupil-voice', summary: `${adult.name} (${adult.role}) is the pupil's trusted adult, checking in every ${adult.checkInEveryDays} days.` });
  });

  router.post('/cases/:upn/close', { action: 'case.close' }, async (ctx) => {
    const reason = readClosing(ctx.req.body);
    return cases.change(ctx, mayManage, (current) => {
      cases.expectHeader(ctx, current);
      return closeCase(current.case, reason, cases.when(ctx));
    }, { kind: 'case', summary: `Support First case closed: ${reason}` });
  });
}
