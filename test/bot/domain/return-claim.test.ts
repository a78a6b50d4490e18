import { contactsForCalling } from '../../../bot/domain/call-log';
import type { Contact } from '../../../bot/domain/pupil';
import { claimCard, logAttempt, newPupilCard, recordNoContact, returnClaim, type Actor, type CardChange, type PupilCard } from '../../../bot/domain/pupil-card';

const TZ = 'Europe/London';
const at = (hhmm: string) => new Date(`2026-03-02T${hhmm}:00Z`);
const khan: Actor = { id: 's.khan@school.example', name: 'Ms Khan', mri: '29:khan', roles: ['staff'] };
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
const contacts = contactsForCalling([contact('c1', 1)]);

function fresh(): PupilCard {
  return newPupilCard('100001', '2026-03-02', { upn: 'A123456789012', name: 'Amy Smith', surname: 'Smith', yearGroup: 8, form: '8C', priority: false, mark: 'N' }, 'Amy', at('09:00'));
}

function ok(change: CardChange): PupilCard {
  if (!change.ok) throw new Error(change.problem);
  return change.card;
}

test("a leaver's open claim goes back to unclaimed, keeping the calls made and saying why on the card's history", () => {
  let card = ok(claimCard(fresh(), khan, at('09:40'), TZ));
  card = ok(logAttempt(card, khan, contacts, { attemptId: 'a1', contactId: 'c1', outcome: 'answered' }, at('09:41'), TZ));
  expect(card.script).toBeDefined();

  const returned = returnClaim(card, 'Ms Khan is no longer on the staff list', at('10:00'));
  if (!returned.ok || returned.unchanged) throw new Error('expected a change');
  expect(returned.card).toMatchObject({ status: 'unclaimed', revision: card.revision + 1 });
  expect(returned.card.claim).toBeUndefined();
  expect(returned.card.script).toBeUndefined();
  expect(returned.card.attempts).toHaveLength(1);
  expect(returned.action).toBe('claim.returned');
  expect(returned.events).toEqual([
    expect.objectContaining({ kind: 'claim', byId: 'firstday', byName: 'Firstday', at: '2026-03-02T10:00:00.000Z', summary: 'Open again (was with Ms Khan): Ms Khan is no longer on the staff list' }),
  ]);
  expect(returned.card.outbox).toEqual(returned.events);
});

test('an unclaimed card, or one already with the safeguarding team, is left as it is', () => {
  expect(returnClaim(fresh(), 'left', at('10:00'))).toMatchObject({ ok: true, unchanged: true });
  let card = ok(claimCard(fresh(), khan, at('09:40'), TZ));
  for (const id of ['a1', 'a2']) card = ok(logAttempt(card, khan, contacts, { attemptId: id, contactId: 'c1', outcome: 'no-answer' }, at('09:41'), TZ));
  card = ok(recordNoContact(card, khan, contacts, at('09:50'), TZ));
  expect(card.status).toBe('no-contact');
  expect(returnClaim(card, 'left', at('10:00'))).toEqual({ ok: true, card, unchanged: true });
});
