/** The people around the pupil: parents and carers (how to reach them, the DSL's decision), siblings, professionals. */
import { addItem, decideCarerInclusion, newCarer, recordConsultation, recordSiblingSchoolContacted, setCommunication } from '../../domain/cases/case-changes';
import { readCarer, readCommunication, readConsultation, readDslDecision, readProfessional, readSibling } from '../../domain/cases/case-input';
import { PROFESSIONAL_SERVICES } from '../../domain/cases/family';
import type { SchoolRouter } from '../school-router';
import { mayDecideInclusion, mayManage } from './case-permissions';
import type { CaseWriter } from './case-writer';

export function familyRoutes(router: SchoolRouter, deps: { cases: CaseWriter }): void {
  const { cases } = deps;

  router.post('/cases/:upn/carers', { action: 'case.carer.add' }, async (ctx) => {
    const input = readCarer(ctx.req.body);
    return cases.change(ctx, mayManage, (current) => addItem(current.case, { kind: 'carer', value: newCarer(input, cases.newId(ctx), cases.when(ctx)) }), {
      kind: 'case',
      summary: `${input.name} (${input.relationship}${input.livesWithPupil ? '' : ', lives elsewhere'}) added to the parents and carers.`,
    }, 201);
  });

  router.put('/cases/:upn/carers/:id/communication', { action: 'case.carer.communication' }, async (ctx) => {
    const communication = readCommunication(ctx.req.body, 'body');
    let name = '';
    return cases.change(ctx, mayManage, (current) => {
      const carer = cases.existingItem(ctx, current, 'carer', ctx.params.id);
      name = carer.name;
      return setCommunication(current.case, carer, communication);
    }, {
      kind: 'case',
      summary: () => `How to reach ${name}: ${communication.method}${communication.bestTime ? `, ${communication.bestTime}` : ''}, in ${communication.language}${communication.interpreter ? ' with an interpreter' : ''}.`,
    });
  });

  router.put('/cases/:upn/carers/:id/dsl-decision', { action: 'case.carer.dsl-decision' }, async (ctx) => {
    const input = readDslDecision(ctx.req.body);
    let name = '';
    return cases.change(ctx, mayDecideInclusion, (current) => {
      const carer = cases.existingItem(ctx, current, 'carer', ctx.params.id);
      name = carer.name;
      return decideCarerInclusion(current.case, carer, input, cases.when(ctx));
    }, { kind: 'case', summary: () => `The DSL decided ${name} is ${input.decision === 'include' ? 'included in' : 'not included in'} attendance correspondence.` });
  });

  router.post('/cases/:upn/siblings', { action: 'case.sibling.add' }, async (ctx) => {
    const input = readSibling(ctx.req.body);
    return cases.change(ctx, mayManage, (current) => addItem(current.case, { kind: 'sibling', value: { ...input, id: cases.newId(ctx), ...cases.recorded(ctx) } }), {
      kind: 'case',
      summary: `Sibling ${input.name} (${input.school}) added.`,
    }, 201);
  });

  router.put('/cases/:upn/siblings/:id/school-contacted', { action: 'case.sibling.school-contacted' }, async (ctx) => {
    const contacted = readConsultation(ctx.req.body, ctx.today);
    let school = '';
    return cases.change(ctx, mayManage, (current) => {
      const sibling = cases.existingItem(ctx, current, 'sibling', ctx.params.id);
      school = sibling.school;
      return recordSiblingSchoolContacted(current.case, sibling, contacted);
    }, { kind: 'case', summary: () => `Sibling's school (${school}) contacted on ${contacted.on}.` });
  });

  router.post('/cases/:upn/professionals', { action: 'case.professional.add' }, async (ctx) => {
    const input = readProfessional(ctx.req.body);
    const service = PROFESSIONAL_SERVICES.find((s) => s.id === input.service)!.label;
    return cases.change(ctx, mayManage, (current) => addItem(current.case, { kind: 'professional', value: { ...input, id: cases.newId(ctx), ...cases.recorded(ctx) } }), {
      kind: 'case',
      summary: `${input.name} (${service})${input.isLeadProfessional ? ', lead professional,' : ''} is working with the family.`,
    }, 201);
  });

  router.put('/cases/:upn/professionals/:id/consultation', { action: 'case.professional.consulted' }, async (ctx) => {
    const input = readConsultation(ctx.req.body, ctx.today);
    let name = '';
    return cases.change(ctx, mayManage, (current) => {
      const p = cases.existingItem(ctx, current, 'professional', ctx.params.id);
      name = `${p.name} (${p.service})`;
      return recordConsultation(current.case, p, input, ctx.actor);
    }, { kind: 'case', summary: () => `${name} consulted on ${input.on}: ${input.summary}` });
  });
}
