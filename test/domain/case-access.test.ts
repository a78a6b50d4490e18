/** Who may see and do what in casework (case-access.ts), role by role, without a server. */
import {
  canDecideCarerInclusion,
  canManageCase,
  canReadAuditLog,
  canReadCase,
  canReadSafeguardingDetail,
  canRecordPupilVoice,
  canRecordReferral,
  isInvolvedIn,
  listsCase,
  seesWholeSchool,
  type CaseAccess,
} from '../../bot/domain/cases/case-access';
import type { StaffRole } from '../../bot/domain/school';

const as = (roles: StaffRole[], yearGroups: number[] = [], upn = 'me@test.example'): CaseAccess => ({ upn, roles, yearGroups });
const lead = as(['attendance-lead']);
const dsl = as(['dsl']);
const deputy = as(['deputy-dsl']);
const hoy7 = as(['head-of-year'], [7]);
const tutor = as(['staff'], [], 'tutor@test.example');
const pupil = { name: 'Amir', yearGroup: 7, form: '7A' };

test('only a DSL or deputy DSL decides whether a non-resident parent is included: not the attendance lead, a head of year or the case lead', () => {
  expect(canDecideCarerInclusion(dsl)).toBe(true);
  expect(canDecideCarerInclusion(deputy)).toBe(true);
  expect(canDecideCarerInclusion(lead)).toBe(false);
  expect(canDecideCarerInclusion(hoy7)).toBe(false);
  expect(canDecideCarerInclusion(as(['attendance-officer']))).toBe(false);
  expect(canDecideCarerInclusion(as(['attendance-lead', 'head-of-year'], [7]))).toBe(false);
});

test('concern detail is the DSLs\'; the audit log the attendance lead\'s; a referral the lead\'s or a DSL\'s', () => {
  expect([lead, dsl, deputy, hoy7, tutor].map(canReadSafeguardingDetail)).toEqual([false, true, true, false, false]);
  expect([lead, dsl, deputy, hoy7, tutor].map(canReadAuditLog)).toEqual([true, false, false, false, false]);
  expect([lead, dsl, deputy, hoy7, tutor].map(canRecordReferral)).toEqual([true, true, true, false, false]);
  expect([lead, dsl, deputy, hoy7, tutor].map(seesWholeSchool)).toEqual([true, true, true, false, false]);
});

test('a head of year manages their own year groups only; the case lead manages their case whatever the year', () => {
  expect(canManageCase(hoy7, 7)).toBe(true);
  expect(canManageCase(hoy7, 9)).toBe(false);
  expect(canManageCase(lead, 9)).toBe(true);
  expect(canManageCase(tutor, 7)).toBe(false);
  expect(canManageCase(tutor, 7, { lead: { upn: 'TUTOR@test.example', name: 'T' } })).toBe(true);
});

test('the trusted adult reads the case and records voice, but does not manage it', () => {
  const c = { pupil, lead: { upn: 'h@test.example', name: 'H' }, trustedAdult: { upn: 'tutor@test.example', name: 'T', role: 'Tutor', agreedOn: '2026-11-19', checkInEveryDays: 7 } };
  expect(isInvolvedIn(tutor, c)).toBe(true);
  expect(canReadCase(tutor, 7, c)).toBe(true);
  expect(canRecordPupilVoice(tutor, 7, c)).toBe(true);
  expect(canManageCase(tutor, 7, c)).toBe(false);
  expect(listsCase(tutor, c)).toBe(true);
  expect(listsCase(tutor, { ...c, trustedAdult: undefined })).toBe(false);
  expect(canReadCase(as(['head-of-year'], [9]), 7, { lead: c.lead })).toBe(false);
});
