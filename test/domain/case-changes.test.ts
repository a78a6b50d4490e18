/** The rules for changing a case (case-changes.ts): each gives what to write or a refusal, without storage. */
import {
  addItem,
  changeStage,
  closeCase,
  confirmChecklistItem,
  decideCarerInclusion,
  isRefusal,
  markAgreedAction,
  newCarer,
  recordConsultation,
  recordReferral,
  recordSiblingSchoolContacted,
  setCommunication,
  setLead,
  setTrustedAdult,
  withdrawChecklistItem,
  type CaseChange,
  type CaseDecision,
  type CaseRefusal,
  type CaseState,
} from '../../bot/domain/cases/case-changes';
import { emptyItems, type CaseItems } from '../../bot/domain/cases/case-items';
import { ESCALATION_CHECKLIST, checklistItem } from '../../bot/domain/cases/escalation-checklist';
import type { CaseCarer, InvolvedProfessional } from '../../bot/domain/cases/family';
import type { Meeting } from '../../bot/domain/cases/meetings';
import type { SupportCase } from '../../bot/domain/cases/support-case';

const by = { id: 'lead@test.example', name: 'Alex Lead' };
const when = { at: '2026-11-20T10:00:00.000Z', by };
const open: SupportCase = {
  urn: '100001',
  pupilUpn: 'A100000000011',
  pupil: { name: 'Amir Haddad', yearGroup: 7, form: '7A' },
  status: 'open',
  stage: 'concern',
  openedAt: '2026-11-02T09:00:00.000Z',
  openedOn: '2026-11-02',
  openedBy: by,
  openedBecause: 'by-hand',
  openingReason: 'Mondays',
  due: {},
  meetingsHeld: 0,
  revision: 1,
};
const closed: SupportCase = { ...open, status: 'closed', closedAt: when.at, closedBy: by, closingReason: 'Back to 97%' };
const pupil = { sen: 'none' as const, eal: false };
const state = (c: SupportCase, items: Partial<CaseItems> = {}): CaseState => ({ case: c, items: { ...emptyItems(), ...items } });

const changed = (d: CaseDecision): CaseChange => {
  if (isRefusal(d)) throw new Error(`refused: ${d.message}`);
  return d;
};
const refused = (d: CaseDecision): CaseRefusal => {
  if (!isRefusal(d)) throw new Error('not refused');
  return d;
};

const meeting: Meeting = {
  id: 'm1',
  kind: 'initial',
  date: '2026-11-19',
  method: 'in-person',
  attendees: [{ name: 'Nadia', role: 'Mother' }],
  barriers: [],
  agreedActions: [{ action: 'Breakfast club', owner: 'School', due: '2026-11-23', done: false }],
  summary: '',
  recordedAt: when.at,
  recordedBy: by,
};
const communication = { method: 'phone' as const, bestTime: '', language: 'English', literacy: 'not-known' as const, interpreter: false, considerations: '' };
const carer: CaseCarer = { id: 'c1', name: 'Karim', relationship: 'Father', livesWithPupil: false, parentalResponsibility: true, communication, requiresDslApproval: false, recordedAt: when.at, recordedBy: by };
const professional: InvolvedProfessional = { id: 'p1', service: 'CSC', name: 'Sam Social', role: 'Social worker', organisation: 'LA', isLeadProfessional: true, recordedAt: when.at, recordedBy: by };
const allConfirmed = () => ESCALATION_CHECKLIST.map((i) => ({ id: i.id, itemId: i.id, answer: 'done' as const, evidence: 'Seen', confirmedBy: by, confirmedAt: when.at }));

test('nothing is recorded on a closed case: every change is refused until it is reopened', () => {
  const item = checklistItem('young-carer')!;
  const decisions = [
    addItem(closed, { kind: 'note', value: { id: 'n', text: 'x', recordedAt: when.at, recordedBy: by } }),
    changeStage(closed, 'support-first'),
    setLead(closed, { upn: 'h@test.example', displayName: 'H' }),
    setTrustedAdult(closed, { name: 'T', role: 'Tutor', agreedOn: '2026-11-19', checkInEveryDays: 7 }),
    closeCase(closed, 'again', when),
    markAgreedAction(closed, meeting, 0, true),
    setCommunication(closed, carer, communication),
    decideCarerInclusion(closed, carer, { decision: 'include', reason: 'r' }, when),
    recordSiblingSchoolContacted(closed, { id: 's', name: 'L', school: 'X', recordedAt: when.at, recordedBy: by }, { on: '2026-11-20', summary: 's' }),
    recordConsultation(closed, professional, { on: '2026-11-20', summary: 's' }, by),
    confirmChecklistItem(state(closed), pupil, item, { answer: 'done', evidence: 'e' }, when),
    withdrawChecklistItem(closed, item),
    recordReferral(state(closed, { checklist: allConfirmed() }), pupil, { summary: 's' }, when),
  ];
  for (const d of decisions) expect(refused(d)).toEqual({ refused: 'case-closed', message: 'The case is closed. Reopen it to record more.' });
});

test('closing records who, when and why', () => {
  expect(changed(closeCase(open, 'Back to 97%', when)).header).toMatchObject({ status: 'closed', closedAt: when.at, closedBy: by, closingReason: 'Back to 97%' });
});

test('the stage moves along the graduated response, but enforcement only by the referral, and never back once it is recorded', () => {
  expect(changed(changeStage(open, 'support-first')).header.stage).toBe('support-first');
  expect(refused(changeStage(open, 'enforcement-referral'))).toMatchObject({ refused: 'stage-by-referral-only', field: 'stage' });
  const referred = { ...open, stage: 'enforcement-referral' as const, referral: { at: when.at, by, summary: 's' } };
  expect(refused(changeStage(referred, 'support-first')).refused).toBe('referral-recorded');
});

test('a referral is recorded once, only when nothing blocks it, and moves the case to enforcement', () => {
  const blocked = refused(recordReferral(state(open, { professional: [professional], checklist: allConfirmed() }), pupil, { summary: 's' }, when));
  expect(blocked).toMatchObject({ refused: 'referral-blocked', message: 'An enforcement referral cannot be recorded yet: 1 thing must be done first.', blockers: [expect.objectContaining({ kind: 'lead-professional' })] });
  const nothing = refused(recordReferral(state(open), pupil, { summary: 's' }, when));
  expect(nothing.message).toBe('An enforcement referral cannot be recorded yet: 16 things must be done first.');
  const ready = state(open, { professional: [{ ...professional, consulted: { on: '2026-11-19', summary: 'Agrees', by } }], checklist: allConfirmed() });
  const recorded = changed(recordReferral(ready, pupil, { summary: 'Not engaging', reference: 'LA-1' }, when)).header;
  expect(recorded).toMatchObject({ stage: 'enforcement-referral', referral: { summary: 'Not engaging', reference: 'LA-1', at: when.at, by } });
  expect(refused(recordReferral({ ...ready, case: recorded }, pupil, { summary: 'again' }, when))).toEqual({ refused: 'referral-recorded', message: 'An enforcement referral was recorded on 2026-11-20.' });
});

test('"not applicable" is refused where the case says the item applies; "done" always stands', () => {
  const siblings = state(open, { sibling: [{ id: 's', name: 'Layla', school: 'X', recordedAt: when.at, recordedBy: by }] });
  const item = checklistItem('siblings-checked')!;
  expect(refused(confirmChecklistItem(siblings, pupil, item, { answer: 'not-applicable', evidence: 'none' }, when))).toEqual({ refused: 'item-applies', message: 'The case lists 1 sibling, so this item applies.' });
  const done = changed(confirmChecklistItem(siblings, pupil, item, { answer: 'done', evidence: 'Rang the school' }, when));
  expect(done.put).toEqual([{ kind: 'checklist', value: { id: item.id, itemId: item.id, answer: 'done', evidence: 'Rang the school', confirmedBy: by, confirmedAt: when.at } }]);
  expect(changed(confirmChecklistItem(state(open), pupil, checklistItem('ehcp-outcomes')!, { answer: 'not-applicable', evidence: 'No plan' }, when)).put).toHaveLength(1);
  expect(refused(confirmChecklistItem(state(open), { sen: 'ehcp', eal: false }, checklistItem('ehcp-outcomes')!, { answer: 'not-applicable', evidence: 'x' }, when)).refused).toBe('item-applies');
  expect(changed(withdrawChecklistItem(open, item)).remove).toEqual([{ kind: 'checklist', id: item.id }]);
});

test('an agreed action is marked done by its place in the meeting; one the meeting does not have is refused at the index', () => {
  const put = changed(markAgreedAction(open, meeting, 0, true)).put!;
  expect(put[0]).toMatchObject({ kind: 'meeting', value: { id: 'm1', agreedActions: [{ action: 'Breakfast club', done: true }] } });
  expect(refused(markAgreedAction(open, meeting, 1, true))).toEqual({ refused: 'not-in-case', field: 'index', message: 'the meeting has 1 agreed actions' });
});

test('the lead, the trusted adult and the people around the pupil', () => {
  expect(changed(setLead(open, { upn: 'h@test.example', displayName: 'Harriet' })).header.lead).toEqual({ upn: 'h@test.example', name: 'Harriet' });
  expect(changed(setTrustedAdult(open, { name: 'T', role: 'Tutor', agreedOn: '2026-11-19', checkInEveryDays: 3 })).header.trustedAdult?.checkInEveryDays).toBe(3);
  const added = newCarer({ name: 'Karim', relationship: 'Father', livesWithPupil: false, parentalResponsibility: true, communication }, 'c2', when);
  expect(added).toMatchObject({ id: 'c2', requiresDslApproval: false, recordedAt: when.at, recordedBy: by });
  expect(changed(addItem(open, { kind: 'carer', value: added })).put).toEqual([{ kind: 'carer', value: added }]);
  expect(changed(decideCarerInclusion(open, carer, { decision: 'exclude', reason: 'Court order' }, when)).put![0].value).toMatchObject({ dslDecision: { decision: 'exclude', reason: 'Court order', by, at: when.at } });
  expect(changed(setCommunication(open, carer, { ...communication, method: 'text' })).put![0].value).toMatchObject({ communication: { method: 'text' } });
  expect(changed(recordConsultation(open, professional, { on: '2026-11-20', summary: 'Agrees' }, by)).put![0].value).toMatchObject({ consulted: { on: '2026-11-20', summary: 'Agrees', by } });
  const sibling = { id: 's', name: 'Layla', school: 'Park', recordedAt: when.at, recordedBy: by };
  expect(changed(recordSiblingSchoolContacted(open, sibling, { on: '2026-11-20', summary: 'Same Mondays' })).put![0].value).toMatchObject({ schoolContacted: { on: '2026-11-20', outcome: 'Same Mondays' } });
});
