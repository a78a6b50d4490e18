import type { ScriptContext } from '../../../bot/domain/call-script';
import { contactsForCalling } from '../../../bot/domain/call-log';
import type { Contact } from '../../../bot/domain/pupil';
import {
  advanceScript,
  cardKey,
  claimCard,
  countCards,
  logAttempt,
  markConcern,
  newPupilCard,
  parseCardKey,
  reassignCard,
  recordNoContact,
  releaseCard,
  scriptBack,
  type Actor,
  type CardChange,
  type PupilCard,
} from '../../../bot/domain/pupil-card';

const TZ = 'Europe/London';
const at = (hhmm: string) => new Date(`2026-03-02T${hhmm}:00Z`);
const khan: Actor = { id: 'aad-khan', name: 'Ms Khan', mri: '29:khan', roles: ['staff'] };
const patel: Actor = { id: 'aad-patel', name: 'Mr Patel', roles: ['staff'] };
const officer: Actor = { id: 'aad-officer', name: 'Mrs Reed', roles: ['attendance-officer'] };
const ctx: ScriptContext = { childName: 'Amy', contactName: 'Mrs Smith', schoolName: 'Oakfield', staffName: 'Sara Khan', notifyBy: '08:30' };

const contact = (contactId: string, priority: number): Contact => ({
  pupilUpn: 'A123456789012',
  contactId,
  priority,
  name: `Contact ${contactId}`,
  relationship: 'Parent',
  parentalResponsibility: true,
  livesWithPupil: true,
  phones: [{ label: 'mobile', number: '07700 900123' }],
  requiresDslApproval: false,
});
const contacts = contactsForCalling([contact('c1', 1), contact('c2', 2)]);

function fresh(): PupilCard {
  return newPupilCard('100001', '2026-03-02', { upn: 'A123456789012', name: 'Amy Smith', surname: 'Smith', yearGroup: 8, form: '8C', priority: false, mark: 'N' }, 'Amy', at('09:00'));
}

function ok(change: CardChange): PupilCard {
  if (!change.ok) throw new Error(change.problem);
  return change.card;
}

test('one claim wins; a second claimer is told who has it and when (school time)', () => {
  const claimed = claimCard(fresh(), khan, at('09:42'), TZ);
  expect(claimed.ok && !claimed.unchanged && claimed.events.map((e) => e.summary)).toEqual(['Claimed for first-day calling by Ms Khan']);
  const card = ok(claimed);
  expect(card).toMatchObject({ status: 'in-progress', claim: { byName: 'Ms Khan', byMri: '29:khan' }, revision: 1 });
  expect(claimCard(card, patel, at('09:43'), TZ)).toEqual({ ok: false, problem: 'Ms Khan claimed Amy Smith at 09:42.' });
  expect(claimCard(card, khan, at('09:43'), TZ)).toMatchObject({ ok: true, unchanged: true });
});

test('release by the claimer or the officer; reassign only by the officer or lead', () => {
  const card = ok(claimCard(fresh(), khan, at('09:42'), TZ));
  expect(releaseCard(card, patel, at('09:50'), TZ)).toEqual({ ok: false, problem: 'Only Ms Khan or the attendance officer can release Amy Smith.' });
  const released = ok(releaseCard(card, khan, at('09:50'), TZ));
  expect(released.status).toBe('unclaimed');
  expect(released.claim).toBeUndefined();
  expect(reassignCard(card, khan, patel, at('09:50'), TZ)).toEqual({ ok: false, problem: 'Only the attendance officer or attendance lead can reassign a pupil.' });
  const moved = reassignCard(card, officer, patel, at('09:50'), TZ);
  expect(moved.ok && !moved.unchanged && moved.events[0].summary).toBe('Reassigned from Ms Khan to Mr Patel by Mrs Reed');
  expect(ok(moved).claim).toMatchObject({ byId: 'aad-patel', assignedBy: 'Mrs Reed' });
});

test('only the claimer logs calls; answered starts the script; a retried press is logged once', () => {
  const card = ok(claimCard(fresh(), khan, at('09:42'), TZ));
  expect(logAttempt(card, patel, contacts, { attemptId: 'x', contactId: 'c1', outcome: 'no-answer' }, at('09:44'), TZ)).toEqual({
    ok: false,
    problem: 'Ms Khan is calling about Amy Smith (claimed at 09:42). Only they can log calls.',
  });
  const once = ok(logAttempt(card, khan, contacts, { attemptId: 'a1', contactId: 'c1', outcome: 'no-answer' }, at('09:44'), TZ));
  expect(logAttempt(once, khan, contacts, { attemptId: 'a1', contactId: 'c1', outcome: 'no-answer' }, at('09:44'), TZ)).toMatchObject({ unchanged: true });
  const answered = ok(logAttempt(once, khan, contacts, { attemptId: 'a2', contactId: 'c2', outcome: 'answered' }, at('09:46'), TZ));
  expect(answered.script).toMatchObject({ step: 'introduce', contactId: 'c2' });
  expect(logAttempt(answered, khan, contacts, { attemptId: 'a3', contactId: 'c1', outcome: 'no-answer' }, at('09:47'), TZ)).toMatchObject({ ok: false });
});

test('the script ends in a resolved card with its outcome in the chronology', () => {
  let card = ok(claimCard(fresh(), khan, at('09:42'), TZ));
  card = ok(logAttempt(card, khan, contacts, { attemptId: 'a1', contactId: 'c1', outcome: 'answered' }, at('09:44'), TZ));
  for (const [step, values] of [
    ['introduce', {}],
    ['identity', { identity: 'confirmed' }],
    ['purpose', {}],
    ['open-question', { reason: 'hospital' }],
    ['hospital', { followUpBy: 'Head of Year 8' }],
  ] as [string, Record<string, unknown>][]) {
    card = ok(advanceScript(card, khan, step, values, ctx, at('09:50'), TZ));
  }
  expect(ok(scriptBack(card, khan, 'finish', at('09:51'), TZ)).script?.step).toBe('hospital');
  const done = advanceScript(card, khan, 'finish', { nextSteps: 'Mum to keep us updated' }, ctx, at('09:52'), TZ);
  expect(done.ok && !done.unchanged && done.events[0]).toMatchObject({ kind: 'call-outcome', summary: 'Spoke to Contact c1 (Parent): Amy is in hospital. Suggested code I.' });
  card = ok(done);
  expect(card.script).toBeUndefined();
  expect(card).toMatchObject({ status: 'resolved', outcome: { followUpBy: 'Head of Year 8', byName: 'Ms Khan' } });
  expect(claimCard(card, patel, at('10:00'), TZ)).toEqual({ ok: false, problem: "Amy Smith's call was recorded by Ms Khan at 09:52." });
});

test('the wrong person answering returns to the call list, and the attempt says nothing was shared', () => {
  let card = ok(claimCard(fresh(), khan, at('09:42'), TZ));
  card = ok(logAttempt(card, khan, contacts, { attemptId: 'a1', contactId: 'c1', outcome: 'answered' }, at('09:44'), TZ));
  card = ok(advanceScript(card, khan, 'introduce', {}, ctx, at('09:44'), TZ));
  const stopped = advanceScript(card, khan, 'identity', { identity: 'wrong-person' }, ctx, at('09:45'), TZ);
  expect(stopped.ok && !stopped.unchanged && stopped.events[0].summary).toMatch(/answered by someone else, nothing shared/);
  card = ok(stopped);
  expect(card.script).toBeUndefined();
  expect(card.attempts[0].notTheRightPerson).toBe(true);
});

test('"no contact" only after two full rounds, then the card waits for the safeguarding team', () => {
  let card = ok(claimCard(fresh(), khan, at('09:42'), TZ));
  let i = 0;
  const ring = (contactId: string) => {
    card = ok(logAttempt(card, khan, contacts, { attemptId: `a${i++}`, contactId, outcome: 'no-answer' }, at('09:45'), TZ));
  };
  ring('c1');
  ring('c2');
  ring('c1');
  expect(recordNoContact(card, khan, contacts, at('09:50'), TZ)).toEqual({ ok: false, problem: 'Ring every contact at least 2 times before recording no contact: 1 of 2 full rounds done.' });
  ring('c2');
  const change = recordNoContact(card, khan, contacts, at('09:55'), TZ);
  expect(change.ok && !change.unchanged && change.events[0]).toMatchObject({ kind: 'escalation', summary: 'No contact after 2 full rounds of the contact list. Passed to the safeguarding team.' });
  expect(ok(change)).toMatchObject({ status: 'no-contact', noContact: { escalation: 'awaiting-dsl', completedRounds: 2 } });
});

test('a concern mark carries no detail and is counted once', () => {
  let card = ok(claimCard(fresh(), khan, at('09:42'), TZ));
  card = ok(markConcern(card, khan, 'k1', at('09:43')));
  expect(markConcern(card, khan, 'k1', at('09:43'))).toMatchObject({ unchanged: true });
  expect(card.concerns).toEqual([{ id: 'k1', at: '2026-03-02T09:43:00.000Z', byId: 'aad-khan', byName: 'Ms Khan' }]);
  expect(countCards([card, fresh()])).toMatchObject({ total: 2, unclaimed: 1, inProgress: 1, resolved: 0, concerns: 1, byYearGroup: [{ yearGroup: 8, count: 2 }] });
});

test('chronology ids are stable per change, and the card key round-trips', () => {
  const a = claimCard(fresh(), khan, at('09:42'), TZ);
  const b = claimCard(fresh(), khan, at('09:42'), TZ);
  expect(a.ok && !a.unchanged && a.events[0].id).toBe(b.ok && !b.unchanged && b.events[0].id);
  expect(parseCardKey(cardKey(fresh()))).toEqual({ urn: '100001', date: '2026-03-02', upn: 'A123456789012' });
  expect(parseCardKey('100001|yesterday|A1')).toBeUndefined();
});
