/** Meetings with the family, their agreed actions, and the fortnightly contact between meetings. */
import { addItem, markAgreedAction } from '../../domain/cases/case-changes';
import { readAgreedActionDone, readFamilyContact, readMeeting } from '../../domain/cases/case-input';
import { meetingKindLabel } from '../../domain/cases/meetings';
import type { SchoolRouter } from '../school-router';
import { mayManage } from './case-permissions';
import type { CaseWriter } from './case-writer';

export function meetingRoutes(router: SchoolRouter, deps: { cases: CaseWriter }): void {
  const { cases } = deps;

  router.post('/cases/:upn/meetings', { action: 'case.meeting.add' }, async (ctx) => {
    const input = readMeeting(ctx.req.body, ctx.today);
    const id = cases.newId(ctx);
    const actions = `${input.agreedActions.length} agreed action${input.agreedActions.length === 1 ? '' : 's'}`;
    return cases.change(
      ctx,
      mayManage,
      (current) => addItem(current.case, { kind: 'meeting', value: { ...input, id, ...cases.recorded(ctx) } }),
      { kind: 'meeting', summary: `${meetingKindLabel(input.kind)} (${input.method}) on ${input.date} with ${input.attendees.map((a) => a.name).join(', ')}: ${actions}${input.nextReview ? `; review on ${input.nextReview}` : ''}.` },
      201,
    );
  });

  router.patch('/cases/:upn/meetings/:id/actions', { action: 'case.meeting.action' }, async (ctx) => {
    const { index, done } = readAgreedActionDone(ctx.req.body);
    let what = '';
    return cases.change(ctx, mayManage, (current) => {
      const meeting = cases.existingItem(ctx, current, 'meeting', ctx.params.id);
      what = meeting.agreedActions[index]?.action ?? '';
      return markAgreedAction(current.case, meeting, index, done);
    }, { kind: 'meeting', summary: () => `Agreed action ${done ? 'done' : 'reopened'}: ${what}` });
  });

  router.post('/cases/:upn/contacts', { action: 'case.contact.add' }, async (ctx) => {
    const input = readFamilyContact(ctx.req.body, ctx.today);
    return cases.change(
      ctx,
      mayManage,
      (current) => addItem(current.case, { kind: 'contact', value: { ...input, id: cases.newId(ctx), ...cases.recorded(ctx) } }),
      { kind: 'note', summary: `Fortnightly contact (${input.method}) with ${input.withWhom}${input.supportReoffered ? ', support re-offered' : ''}: ${input.summary}` },
      201,
    );
  });
}
