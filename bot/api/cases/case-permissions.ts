/** Who may make which change to a case, as the refusal the tab shows (the rules are the domain's case-access.ts). */
import { canDecideCarerInclusion, canManageCase, canReadCase, canRecordPupilVoice, canRecordReferral } from '../../domain/cases/case-access';
import type { CasePermission } from './case-writer';

export const mayManage: CasePermission = (a, p, c) => (canManageCase(a, p.yearGroup, c) ? undefined : `Only the attendance lead, a DSL, the head of year ${p.yearGroup} or the case lead can change this case.`);

export const mayRecordVoice: CasePermission = (a, p, c) => (canRecordPupilVoice(a, p.yearGroup, c) ? undefined : 'You are not involved in this case.');

export const mayDecideInclusion: CasePermission = (a) => (canDecideCarerInclusion(a) ? undefined : 'Only a DSL decides whether a non-resident parent is included.');

export const mayRefer: CasePermission = (a, p, c) => (canRecordReferral(a) && canReadCase(a, p.yearGroup, c) ? undefined : 'Only the attendance lead or a DSL records an enforcement referral.');
