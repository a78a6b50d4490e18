/** The pupil's voice (Wishes and Feelings), the trusted adult's check-ins, and the parents' voice. */
import { addItem } from '../../domain/cases/case-changes';
import { readCheckIn, readParentVoice, readPupilVoice } from '../../domain/cases/case-input';
import type { SchoolRouter } from '../school-router';
import { mayManage, mayRecordVoice } from './case-permissions';
import type { CaseWriter } from './case-writer';

export function voiceRoutes(router: SchoolRouter, deps: { cases: CaseWriter }): void {
  const { cases } = deps;

  router.post('/cases/:upn/pupil-voice', { action: 'case.pupil-voice.add' }, async (ctx) => {
    const input = readPupilVoice(ctx.req.body, ctx.today);
    return cases.change(ctx, mayRecordVoice, (current) => addItem(current.case, { kind: 'pupil-voice', value: { ...input, id: cases.newId(ctx), ...cases.recorded(ctx) } }), {
      kind: 'pupil-voice',
      summary: `Wishes and Feelings heard by ${input.heardBy} on ${input.date}.`,
    }, 201);
  });

  router.post('/cases/:upn/check-ins', { action: 'case.check-in.add' }, async (ctx) => {
    const input = readCheckIn(ctx.req.body, ctx.today);
    return cases.change(ctx, mayRecordVoice, (current) => addItem(current.case, { kind: 'check-in', value: { ...input, id: cases.newId(ctx), ...cases.recorded(ctx) } }), {
      kind: 'pupil-voice',
      summary: `Trusted adult check-in by ${input.by} on ${input.date}.`,
    }, 201);
  });

  router.post('/cases/:upn/parent-voice', { action: 'case.parent-voice.add' }, async (ctx) => {
    const input = readParentVoice(ctx.req.body, ctx.today);
    return cases.change(ctx, mayManage, (current) => addItem(current.case, { kind: 'parent-voice', value: { ...input, id: cases.newId(ctx), ...cases.recorded(ctx) } }), {
      kind: 'parent-voice',
      summary: `${input.carerName}'s views heard on ${input.date}.`,
    }, 201);
  });
}
