/** A pupil's audit log: who read and changed their case, and who was refused. */
import { canReadAuditLog } from '../../domain/cases/case-access';
import type { Repositories } from '../../store/repositories';
import { staffOf } from '../school-route';
import type { SchoolRouter } from '../school-router';
import type { CaseWriter } from './case-writer';

export function auditRoutes(router: SchoolRouter, deps: { cases: CaseWriter; repos: Repositories }): void {
  const { cases, repos } = deps;

  router.get('/cases/:upn/audit', { action: 'case.audit.read', allow: (ctx) => (canReadAuditLog(staffOf(ctx)) ? undefined : "A pupil's audit log is for the attendance lead.") }, async (ctx) => {
    await cases.pupilOf(ctx);
    const events = await repos.audit.forPupil(ctx.urn, ctx.upn!);
    return { body: { events }, detail: `${events.length} audit events` };
  });
}
