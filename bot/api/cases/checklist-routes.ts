/** The attendance escalation checklist, and the enforcement referral it must be complete for. */
import { confirmChecklistItem, recordReferral, withdrawChecklistItem } from '../../domain/cases/case-changes';
import { readChecklistConfirmation, readReferral } from '../../domain/cases/case-input';
import { checklistItem, type ChecklistItem } from '../../domain/cases/escalation-checklist';
import { HttpError } from '../caller';
import type { SchoolRouter } from '../school-router';
import { mayManage, mayRefer } from './case-permissions';
import type { CaseWriter } from './case-writer';

function itemOf(itemId: string): ChecklistItem {
  const item = checklistItem(itemId);
  if (!item) throw new HttpError(404, `The escalation checklist has no item "${itemId}".`);
  return item;
}

export function checklistRoutes(router: SchoolRouter, deps: { cases: CaseWriter }): void {
  const { cases } = deps;

  router.put('/cases/:upn/checklist/:itemId', { action: 'case.checklist.confirm' }, async (ctx) => {
    const item = itemOf(ctx.params.itemId);
    const input = readChecklistConfirmation(ctx.req.body);
    return cases.change(ctx, mayManage, (current, pupil) => {
      // A confirmation already there is changed only from the version the tab last read.
      if (current.items.checklist.some((c) => c.itemId === item.id)) cases.existingItem(ctx, current, 'checklist', item.id);
      return confirmChecklistItem(current, pupil, item, input, cases.when(ctx));
    }, { kind: 'checklist', summary: `Checklist ${input.answer === 'done' ? 'confirmed' : 'marked not applicable'}: ${item.text} Evidence: ${input.evidence}` });
  });

  router.delete('/cases/:upn/checklist/:itemId', { action: 'case.checklist.withdraw' }, async (ctx) => {
    const item = itemOf(ctx.params.itemId);
    return cases.change(ctx, mayManage, (current) => {
      cases.existingItem(ctx, current, 'checklist', item.id);
      return withdrawChecklistItem(current.case, item);
    }, { kind: 'checklist', summary: `Checklist confirmation withdrawn: ${item.text}` });
  });

  router.post('/cases/:upn/referral', { action: 'case.referral.record' }, async (ctx) => {
    const input = readReferral(ctx.req.body);
    // Decided inside the case's transaction: a checklist change made meanwhile makes the write retry and decide again.
    return cases.change(ctx, mayRefer, (current, pupil) => recordReferral(current, pupil, input, cases.when(ctx)), {
      kind: 'referral',
      summary: `Enforcement referral recorded${input.reference ? ` (reference ${input.reference})` : ''}: ${input.summary}`,
    });
  });
}
