/** What stands between a case and an enforcement referral (escalation-checklist.ts), without a server. */
import { ESCALATION_CHECKLIST, notApplicableRefusal, referralBlockers, type ChecklistConfirmation, type ChecklistFacts } from '../../bot/domain/cases/escalation-checklist';

const by = { id: 'lead', name: 'Alex Lead' };
const none: ChecklistFacts = { ehcp: false, eal: false, siblings: 0, professionals: [] };
const confirm = (itemId: string, answer: 'done' | 'not-applicable' = 'done', evidence = 'Seen'): ChecklistConfirmation => ({ itemId, answer, evidence, confirmedBy: by, confirmedAt: '2026-11-20T10:00:00Z' });
const allDone = () => ESCALATION_CHECKLIST.map((i) => confirm(i.id));

test('every item confirmed with evidence and no lead professional: nothing blocks', () => {
  expect(referralBlockers({ confirmations: allDone(), professionals: [], facts: none })).toEqual([]);
});

test('an item missing, or confirmed with blank evidence, blocks by its id', () => {
  const confirmations = allDone().filter((c) => c.itemId !== 'young-carer').map((c) => (c.itemId === 'health-considered' ? { ...c, evidence: '   ' } : c));
  expect(referralBlockers({ confirmations, professionals: [], facts: none }).map((b) => `${b.kind} ${b.itemId}`)).toEqual(['checklist young-carer', 'checklist health-considered']);
});

test('a lead professional not consulted blocks; one consulted, or not the lead, does not', () => {
  const p = { id: 'p1', name: 'Sam Social', service: 'CSC' as const, isLeadProfessional: true };
  expect(referralBlockers({ confirmations: allDone(), professionals: [p], facts: none })).toEqual([{ kind: 'lead-professional', professionalId: 'p1', message: 'Sam Social (CSC) is the lead professional and has not been consulted.' }]);
  expect(referralBlockers({ confirmations: allDone(), professionals: [{ ...p, consulted: { on: '2026-11-20', summary: 'Agrees', by } }], facts: none })).toEqual([]);
  expect(referralBlockers({ confirmations: allDone(), professionals: [{ ...p, isLeadProfessional: false }], facts: none })).toEqual([]);
});

test('"not applicable" stands only while the case\'s facts allow it', () => {
  const confirmations = allDone().map((c) => (c.itemId === 'siblings-checked' || c.itemId === 'ehcp-outcomes' ? { ...c, answer: 'not-applicable' as const } : c));
  expect(referralBlockers({ confirmations, professionals: [], facts: none })).toEqual([]);
  const blockers = referralBlockers({ confirmations, professionals: [], facts: { ...none, siblings: 2, ehcp: true } });
  expect(blockers.map((b) => `${b.kind} ${b.itemId}`)).toEqual(['not-applicable siblings-checked', 'not-applicable ehcp-outcomes']);
  expect(blockers[0].message).toMatch(/^Marked not applicable, but the case lists 2 siblings, so this item applies\. Confirm what was done: Checked to see if siblings/);
});

test('an item for every case can never be "not applicable"; a conditional one can unless its fact holds', () => {
  const item = (id: string) => ESCALATION_CHECKLIST.find((i) => i.id === id)!;
  expect(notApplicableRefusal(item('parents-met'), none)).toMatch(/applies to every case/);
  expect(notApplicableRefusal(item('language-and-translation'), none)).toBeUndefined();
  expect(notApplicableRefusal(item('language-and-translation'), { ...none, eal: true })).toBe('English is an additional language for this pupil, so this item applies.');
  expect(notApplicableRefusal(item('external-services-meeting'), { ...none, professionals: [{ name: 'A', service: 'TAF' }, { name: 'B', service: 'CIN' }] })).toBe('A (TAF), B (CIN) are involved, so this item applies.');
  expect(notApplicableRefusal(item('lateness-support'), { ehcp: true, eal: true, siblings: 3, professionals: [{ name: 'A', service: 'TAF' }] })).toBeUndefined();
});
