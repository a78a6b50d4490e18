/** What the tab may send to change a case (case-input.ts): each refusal names the field, as the tab shows it. */
import { CaseInputError, inputProblem, meetingInput, readAgreedActionDone, readBandCrossing, readCarer, readChecklistConfirmation, readMeeting, readOpenCase, readParentVoice, readSibling, readStage, readTrustedAdult } from '../../bot/domain/cases/case-input';
import { parseInput } from '../../bot/domain/input-problems';
import { upnCheckLetter } from '../../bot/domain/pupil';

const UPN = `${upnCheckLetter('100000000011')}100000000011`;
const today = '2026-11-20';
const meeting = { kind: 'review', date: '2026-11-18', method: 'phone', attendees: [{ name: 'A', role: 'B' }] };

function refusal(read: () => unknown): string {
  try {
    read();
  } catch (err) {
    if (err instanceof CaseInputError) return err.message;
    throw err;
  }
  throw new Error('accepted');
}

test('a meeting: dates, lists and nested fields are refused at their path', () => {
  expect(refusal(() => readMeeting({ ...meeting, date: '2026-11-25' }, today))).toBe('date: 2026-11-25 is in the future; record it once it has happened');
  expect(refusal(() => readMeeting({ ...meeting, date: undefined }, today))).toBe('date: is required (YYYY-MM-DD)');
  expect(refusal(() => readMeeting({ ...meeting, date: '2026-02-30' }, today))).toBe('date: "2026-02-30" is not a date (YYYY-MM-DD)');
  expect(refusal(() => readMeeting({ ...meeting, nextReview: '2026-11-18' }, today))).toBe('nextReview: must be after 2026-11-18');
  expect(refusal(() => readMeeting({ ...meeting, kind: 'chat' }, today))).toBe('kind: must be one of initial, review, parent-contract, attendance-contract');
  expect(refusal(() => readMeeting({ ...meeting, attendees: [] }, today))).toBe('attendees: needs at least 1');
  expect(refusal(() => readMeeting({ ...meeting, attendees: 'A' }, today))).toBe('attendees: must be a list');
  expect(refusal(() => readMeeting({ ...meeting, attendees: [{ name: 'A', role: 7 }] }, today))).toBe('attendees[0].role: must be text');
  expect(refusal(() => readMeeting({ ...meeting, attendees: ['A'] }, today))).toBe('attendees[0]: must be an object');
  expect(refusal(() => readMeeting({ ...meeting, agreedActions: [{ action: 'Do it', due: '2026-11-30' }] }, today))).toBe('agreedActions[0].owner: is required');
  expect(refusal(() => readMeeting({ ...meeting, agreedActions: [{ action: 'Do', owner: 'Me', due: '2026-11-30', done: 'yes' }] }, today))).toBe('agreedActions[0].done: must be true or false');
  expect(refusal(() => readMeeting({ ...meeting, barriers: Array(21).fill('x') }, today))).toBe('barriers: has 21 entries; at most 20');
  expect(refusal(() => readMeeting({ ...meeting, barriers: ['x'.repeat(501)] }, today))).toBe('barriers[0]: is 501 characters; at most 500 are kept');
  expect(refusal(() => readMeeting({ ...meeting, summary: 'x'.repeat(4001) }, today))).toBe('summary: is 4001 characters; at most 4000 are kept');
  expect(refusal(() => readMeeting([], today))).toBe('body: must be an object');
});

test('a meeting read well keeps text as written, trimmed, and drops blank barriers', () => {
  const read = readMeeting({ ...meeting, attendees: [{ name: ' Nadia ', role: 'Mother' }], barriers: [' Mondays ', '  '], agreedActions: [{ action: 'Club', owner: 'Me', due: '2026-11-30' }], nextReview: '2026-12-01', summary: '<b>ok</b>' }, today);
  expect(read).toEqual({ kind: 'review', date: '2026-11-18', method: 'phone', attendees: [{ name: 'Nadia', role: 'Mother' }], barriers: ['Mondays'], agreedActions: [{ action: 'Club', owner: 'Me', due: '2026-11-30', done: false }], summary: '<b>ok</b>', nextReview: '2026-12-01' });
});

test('numbers, defaults and UPNs', () => {
  expect(refusal(() => readAgreedActionDone({ index: 1.5 }))).toBe('index: must be a whole number');
  expect(refusal(() => readAgreedActionDone({ index: 20 }))).toBe('index: must be from 0 to 19');
  expect(refusal(() => readAgreedActionDone({}))).toBe('index: is required');
  expect(readAgreedActionDone({ index: 0 })).toEqual({ index: 0, done: false });
  expect(readTrustedAdult({ upn: 'T@X.example', name: 'T', role: 'Tutor', agreedOn: '2026-11-19' })).toEqual({ upn: 't@x.example', name: 'T', role: 'Tutor', agreedOn: '2026-11-19', checkInEveryDays: 7 });
  expect(refusal(() => readTrustedAdult({ name: 'T', role: 'Tutor', agreedOn: '2026-11-19', checkInEveryDays: 29 }))).toBe('checkInEveryDays: must be from 1 to 28');
  expect(readParentVoice({ date: today, carerName: 'N', inTheirWords: 'w' }, today).matchesPupilsReasons).toBe('not-yet-known');
  expect(refusal(() => readOpenCase({ upn: 'nope', reason: 'r' }))).toBe('upn: "NOPE" is not a valid UPN');
  expect(readOpenCase({ upn: UPN.toLowerCase(), reason: ' r ' })).toEqual({ upn: UPN, reason: 'r' });
  expect(refusal(() => readSibling({ name: 'L', school: 'S', upn: 'x1' }))).toBe('upn: "X1" is not a valid UPN');
  expect(refusal(() => readSibling({ name: 'L', school: 'S', schoolContacted: { on: '2026-11-01' } }))).toBe('schoolContacted.outcome: is required');
  expect(readSibling({ name: 'L', school: 'S', yearGroup: 9 })).toEqual({ name: 'L', school: 'S', yearGroup: 9 });
  // Left out, null or blank are all "not given".
  expect(readSibling({ name: 'L', school: 'S', upn: '', yearGroup: null, schoolContacted: null })).toEqual({ name: 'L', school: 'S' });
  expect(readTrustedAdult({ name: 'T', role: 'Tutor', agreedOn: '2026-11-19', checkInEveryDays: null }).checkInEveryDays).toBe(7);
  expect(readTrustedAdult({ name: 'T', role: 'Tutor', agreedOn: '2026-11-19', checkInEveryDays: '' }).checkInEveryDays).toBe(7);
  expect(refusal(() => readBandCrossing({ upn: UPN, belowPercent: 90, label: 'P', percent: 101 }, '2026-11-20T10:00:00Z'))).toBe('percent: must be from 0 to 100');
  expect(refusal(() => readBandCrossing({ upn: UPN, belowPercent: 90, label: 'P', percent: 80, at: 'soon' }, '2026-11-20T10:00:00Z'))).toBe('at: "soon" is not a date and time');
});

test('a carer\'s communication is read at its path; a checklist confirmation needs evidence; the stage is never enforcement', () => {
  expect(refusal(() => readCarer({ name: 'K', relationship: 'Father', communication: { method: 'pigeon', language: 'English' } }))).toBe('communication.method: must be one of phone, text, email, app, letter, in-person, virtual');
  expect(refusal(() => readCarer({ name: 'K', relationship: 'Father' }))).toBe('communication: must be an object');
  expect(readCarer({ name: 'K', relationship: 'Father', livesWithPupil: true, communication: { method: 'text', language: 'Arabic' } }).communication).toEqual({ method: 'text', bestTime: '', language: 'Arabic', literacy: 'not-known', interpreter: false, considerations: '' });
  expect(refusal(() => readChecklistConfirmation({ answer: 'done', evidence: '  ' }))).toBe('evidence: is required');
  expect(refusal(() => readStage({ stage: 'enforcement-referral' }))).toBe('stage: an enforcement referral is recorded with its own action, once the escalation checklist is complete');
  expect(readStage({ stage: 'early-help' })).toBe('early-help');
});

test('a form hears of the first problem as the server refuses it; every problem is there, each at its field, for whoever lists them all', () => {
  const body = { ...meeting, date: '2026-11-25', attendees: [{ name: 'A', role: '' }], summary: 'x'.repeat(4001) };
  expect(inputProblem(meetingInput(today), body)).toEqual({ field: 'date', message: '2026-11-25 is in the future; record it once it has happened' });
  expect(refusal(() => readMeeting(body, today))).toBe('date: 2026-11-25 is in the future; record it once it has happened');
  expect(parseInput(meetingInput(today), body)).toEqual({
    ok: false,
    problems: [
      { field: 'date', message: '2026-11-25 is in the future; record it once it has happened' },
      { field: 'attendees[0].role', message: 'is required' },
      { field: 'summary', message: 'is 4001 characters; at most 4000 are kept' },
    ],
  });
  expect(inputProblem(meetingInput(today), meeting)).toBeUndefined();
});
