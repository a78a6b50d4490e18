import { answerEscalation, awaitingDecision, dayPromptDue, decideEscalation, markDayPrompt, recordHomeVisit, recordWorkerInformed } from '../../../bot/domain/no-contact-escalation';
import type { Actor, CardChange, PupilCard } from '../../../bot/domain/pupil-card';
import type { StaffMember } from '../../../bot/domain/school';

const TZ = 'Europe/London';
const at = (iso: string) => new Date(`2026-03-${iso}Z`);
const caller: Actor = { id: 'caller@s.example', name: 'Ms Khan', roles: ['staff'] };
const other: Actor = { id: 'other@s.example', name: 'Mr Patel', roles: ['staff'] };
const dsl: Actor = { id: 'dsl@s.example', name: 'Mr Okafor', roles: ['dsl'] };
const staff: StaffMember[] = [{ upn: 'other@s.example', displayName: 'Ravi Patel', title: 'Mr Patel', roles: ['staff'] }];

function noContactCard(overseas = false): PupilCard {
  return {
    urn: '100001',
    date: '2026-03-02',
    pupil: { upn: 'A123456789012', name: 'Amy Smith', forename: 'Amy', yearGroup: 7, form: '7A', priority: false },
    status: 'no-contact',
    claim: { byId: caller.id, byName: caller.name, at: '2026-03-02T09:20:00.000Z' },
    attempts: overseas ? [{ id: 'a1', contactId: 'm', contactName: 'Mum', outcome: 'overseas-ringtone', at: '2026-03-02T09:25:00.000Z', byId: caller.id, byName: caller.name }] : [],
    noContact: { at: '2026-03-02T10:00:00.000Z', byId: caller.id, byName: caller.name, completedRounds: 2, nobodyToRing: false, escalation: 'awaiting-dsl' },
    concerns: [],
    posting: { state: 'posted' },
    revision: 5,
    outbox: [],
    updatedAt: '2026-03-02T10:00:00.000Z',
  };
}

function ok(change: CardChange): PupilCard {
  if (!change.ok) throw new Error(change.problem);
  return change.card;
}

const answers = { agency: 'yot-worker', agencyDetail: 'S Lee, YOT', intelligence: 'none known', knowsFamily: 'Mrs Patel' };

test('the step 8 answers are the caller’s or the DSL’s, each required, recorded once as three restricted entries', () => {
  const card = noContactCard();
  expect(answerEscalation(card, other, answers, at('02T10:05:00'), TZ)).toEqual({ ok: false, problem: 'Only Ms Khan or the safeguarding team can answer these questions about Amy Smith.' });
  const missing = answerEscalation(card, caller, { agency: 'none', intelligence: ' ', knowsFamily: '' }, at('02T10:05:00'), TZ);
  expect(missing.ok ? '' : missing.problem).toBe('In-school intelligence: please answer (write "none known" if there is nothing). Who in school knows the family: please answer (write "none known" if there is nothing).');
  const change = answerEscalation(card, caller, answers, at('02T10:05:00'), TZ);
  expect(change.ok && !change.unchanged && change.events.map((e) => [e.summary, e.restricted])).toEqual([
    ['No contact, agency support: a youth offending team worker (S Lee, YOT)', true],
    ['No contact, in-school intelligence: none known', true],
    ['No contact, who in school knows the family: Mrs Patel', true],
  ]);
  const again = answerEscalation(ok(change), caller, answers, at('02T10:06:00'), TZ);
  expect(again.ok ? '' : again.problem).toBe('These questions were answered by Ms Khan at 10:05.');
  expect(ok(recordWorkerInformed(ok(change), caller, { informedWho: 'S Lee', informedHow: 'phone' }, at('02T10:10:00'), TZ)).escalation?.workerInformed).toMatchObject({ who: 'S Lee', how: 'phone' });
});

test('only a DSL decides; a home visit needs a visitor on the staff list and a CME answer after an overseas ringtone', () => {
  const card = noContactCard(true);
  const refused = decideEscalation(card, caller, staff, { decision: 'attendance-route', reason: 'x' }, at('02T10:20:00'), TZ);
  expect(refused.ok ? '' : refused.problem).toBe('Only the DSL or a deputy DSL can decide what happens after no contact.');
  const incomplete = decideEscalation(card, dsl, staff, { decision: 'home-visit', visitor: 'nobody@s.example', reason: 'worried' }, at('02T10:20:00'), TZ);
  expect(incomplete.ok ? '' : incomplete.problem).toContain('Children missing education');
  expect(incomplete.ok ? '' : incomplete.problem).toContain('Home visit: choose the member of staff who will go.');
  const decided = ok(decideEscalation(card, dsl, staff, { decision: 'home-visit', visitor: 'OTHER@s.example', cmeCheck: 'requested', reason: 'worried' }, at('02T10:20:00'), TZ));
  expect(decided.escalation?.decision).toMatchObject({ kind: 'home-visit', visitorUpn: 'other@s.example', visitorName: 'Mr Patel', cmeCheck: 'requested' });
  const visited = recordHomeVisit(decided, other, 'other@s.example', { visitOutcome: 'card-left', visitNote: 'No answer' }, at('02T12:00:00'), TZ);
  expect(ok(visited).escalation?.visit).toMatchObject({ outcome: 'card-left', byName: 'Mr Patel' });
});

test('the 24-hour prompt is due once, 24 hours after no contact, and opens a new decision', () => {
  const decided = ok(decideEscalation(noContactCard(), dsl, staff, { decision: 'attendance-route', reason: 'no risk seen' }, at('02T10:30:00'), TZ));
  expect(awaitingDecision(decided)).toBe(false);
  expect(dayPromptDue(decided, at('03T09:59:00'))).toBe(false);
  expect(dayPromptDue(decided, at('03T10:00:00'))).toBe(true);
  const prompted = ok(markDayPrompt(decided, { id: 'firstday', name: 'Firstday' }, at('03T10:00:00')));
  expect(markDayPrompt(prompted, { id: 'firstday', name: 'Firstday' }, at('03T10:05:00'))).toMatchObject({ ok: true, unchanged: true });
  expect(awaitingDecision(prompted)).toBe(true);
  const again = ok(decideEscalation(prompted, dsl, staff, { decision: 'referral', frontDoor: 'CADS', police: false, reason: 'two days' }, at('03T10:10:00'), TZ));
  expect(again.escalation?.earlier?.map((d) => d.kind)).toEqual(['attendance-route']);
  expect(again.escalation?.decision).toMatchObject({ kind: 'referral', frontDoor: 'CADS', police: false });
});
