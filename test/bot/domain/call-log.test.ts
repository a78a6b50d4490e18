import { attemptProblem, attemptSummary, callProgress, contactsForCalling, type CallAttempt } from '../../../bot/domain/call-log';
import type { Contact } from '../../../bot/domain/pupil';

function contact(contactId: string, priority: number, over: Partial<Contact> = {}): Contact {
  return {
    pupilUpn: 'X',
    contactId,
    priority,
    name: `Contact ${contactId}`,
    relationship: 'Mother',
    parentalResponsibility: true,
    livesWithPupil: true,
    phones: [{ label: 'mobile', number: '07700 900001' }],
    requiresDslApproval: false,
    ...over,
  };
}

let n = 0;
function attempt(contactId: string, outcome: CallAttempt['outcome'], over: Partial<CallAttempt> = {}): CallAttempt {
  return { id: `a${n++}`, contactId, contactName: contactId, outcome, at: `2026-03-02T09:${String(10 + n).padStart(2, '0')}:00Z`, byId: 'u', byName: 'Ms Khan', ...over };
}

const contacts = contactsForCalling([contact('c2', 2), contact('c1', 1), contact('c3', 3)]);

test('contacts are rung in priority order and a round is complete only when everyone has been rung', () => {
  expect(contacts.map((c) => c.contactId)).toEqual(['c1', 'c2', 'c3']);
  let p = callProgress(contacts, []);
  expect(p).toMatchObject({ completedRounds: 0, currentRound: 1, nextContactId: 'c1', canRecordNoContact: false });
  p = callProgress(contacts, [attempt('c1', 'no-answer'), attempt('c2', 'voicemail')]);
  expect(p).toMatchObject({ completedRounds: 0, nextContactId: 'c3' });
  p = callProgress(contacts, [attempt('c1', 'no-answer'), attempt('c2', 'voicemail'), attempt('c3', 'no-answer')]);
  expect(p).toMatchObject({ completedRounds: 1, currentRound: 2, nextContactId: 'c1', canRecordNoContact: false });
});

test('"no contact" needs two full rounds; a text alone does not count as ringing', () => {
  const round = () => [attempt('c1', 'no-answer'), attempt('c2', 'no-answer'), attempt('c3', 'voicemail')];
  const texts = [attempt('c1', 'text-sent'), attempt('c2', 'text-sent'), attempt('c3', 'text-sent')];
  expect(callProgress(contacts, [...round(), ...texts]).canRecordNoContact).toBe(false);
  expect(callProgress(contacts, [...round(), ...round()])).toMatchObject({ completedRounds: 2, canRecordNoContact: true });
});

test('a wrong number takes the contact out of the rounds; with no numbers left there is nobody to ring', () => {
  const p = callProgress(contacts, [attempt('c1', 'wrong-number'), attempt('c2', 'no-answer'), attempt('c3', 'no-answer')]);
  expect(p.completedRounds).toBe(1);
  expect(attemptProblem(contacts, p, 'c1', 'no-answer')).toMatch(/already been logged as wrong/);
  const none = callProgress(contacts, [attempt('c1', 'wrong-number'), attempt('c2', 'wrong-number'), attempt('c3', 'wrong-number')]);
  expect(none).toMatchObject({ nobodyToRing: true, canRecordNoContact: true });
});

test('an overseas ringtone flags that the family may be abroad', () => {
  expect(callProgress(contacts, [attempt('c1', 'overseas-ringtone')]).overseas).toBe(true);
  expect(callProgress(contacts, [attempt('c1', 'no-answer')]).overseas).toBe(false);
});

test('reaching the right person means no "no contact"; someone else answering does not count as reaching', () => {
  const twice = [...['c1', 'c2', 'c3'], ...['c1', 'c2', 'c3']].map((c) => attempt(c, 'no-answer'));
  expect(callProgress(contacts, [...twice, attempt('c1', 'answered')])).toMatchObject({ reached: true, canRecordNoContact: false });
  expect(callProgress(contacts, [...twice, attempt('c1', 'answered', { notTheRightPerson: true })])).toMatchObject({ reached: false, canRecordNoContact: true });
});

test('contacts needing DSL approval, or with no phone, are outside the rounds and cannot be logged', () => {
  const list = contactsForCalling([contact('c1', 1), contact('dad', 2, { requiresDslApproval: true }), contact('gran', 3, { phones: [] })]);
  const p = callProgress(list, [attempt('c1', 'no-answer'), attempt('c1', 'no-answer')]);
  expect(p.completedRounds).toBe(2);
  expect(attemptProblem(list, p, 'dad', 'no-answer')).toMatch(/Ask the DSL/);
  expect(attemptProblem(list, p, 'gran', 'no-answer')).toMatch(/no phone number/);
  expect(attemptProblem(list, p, 'nobody', 'no-answer')).toMatch(/Choose one of the contacts/);
  expect(attemptProblem(list, p, 'c1', 'shouted')).toMatch(/Choose what happened/);
});

test('the log line names the contact and outcome, never a number', () => {
  expect(attemptSummary({ contactName: 'Mrs A Smith (Mother)', phoneLabel: 'mobile', outcome: 'voicemail' })).toBe('Rang Mrs A Smith (Mother), mobile: voicemail: message left');
  expect(attemptSummary({ contactName: 'Mrs A Smith (Mother)', outcome: 'answered', notTheRightPerson: true })).toMatch(/someone else, nothing shared/);
});
