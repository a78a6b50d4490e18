/** What is written down about the pupil: notes and letters in the chronology, and the DSL's concern records. */
import { canReadSafeguardingDetail } from '../../domain/cases/case-access';
import { addItem } from '../../domain/cases/case-changes';
import { readLetter, readNote } from '../../domain/cases/case-input';
import type { Repositories } from '../../store/repositories';
import { staffOf } from '../school-route';
import type { SchoolRouter } from '../school-router';
import { mayManage, mayRecordVoice } from './case-permissions';
import type { CaseWriter } from './case-writer';

export function chronologyRoutes(router: SchoolRouter, deps: { cases: CaseWriter; repos: Repositories }): void {
  const { cases, repos } = deps;

  router.get('/cases/:upn/concerns', { action: 'case.concerns.read', allow: (ctx) => (canReadSafeguardingDetail(staffOf(ctx)) ? undefined : 'Concern detail is for the DSL and deputy DSLs only.') }, async (ctx) => {
    const pupil = await cases.pupilOf(ctx);
    const entries = (await repos.chronology.forPupil(ctx.urn, pupil.upn)).filter((e) => e.restricted);
    return { body: { concerns: entries.map((e) => ({ id: e.id, kind: e.kind, at: e.at, byName: e.byName, summary: e.summary, detail: e.detail ?? {} })) }, detail: `${entries.length} concern records` };
  });

  router.post('/cases/:upn/notes', { action: 'case.note.add' }, async (ctx) => {
    const input = readNote(ctx.req.body);
    return cases.change(ctx, mayRecordVoice, (current) => addItem(current.case, { kind: 'note', value: { ...input, id: cases.newId(ctx), ...cases.recorded(ctx) } }), { kind: 'note', summary: input.text }, 201);
  });

  router.post('/cases/:upn/letters', { action: 'case.letter.add' }, async (ctx) => {
    const input = readLetter(ctx.req.body, ctx.today);
    return cases.change(ctx, mayManage, (current) => addItem(current.case, { kind: 'letter', value: { ...input, id: cases.newId(ctx), ...cases.recorded(ctx) } }), {
      kind: 'letter',
      summary: `Letter sent on ${input.date} to ${input.recipients.join(', ') || 'the family'} (${input.language}): ${input.kind.replace(/-/g, ' ')}.`,
    }, 201);
  });
}
