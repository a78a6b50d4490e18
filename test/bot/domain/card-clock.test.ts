import { board, cardClockOf, DEFAULT_CARD_CLOCK, dueRaises, markRaised, readCardClock, whereaboutsLine } from '../../../bot/domain/card-clock';
import { claimCard, releaseCard, type Actor, type PupilCard } from '../../../bot/domain/pupil-card';
import { applySettingsChange } from '../../../bot/domain/school-settings';
import { newSchool } from '../../../bot/domain/school';

const TZ = 'Europe/London';
const officer: Actor = { id: 'officer@s.example', name: 'Mrs Sharma', roles: ['attendance-officer'] };
const caller: Actor = { id: 'caller@s.example', name: 'Ms Khan', roles: ['staff'] };
const other: Actor = { id: 'other@s.example', name: 'Mr Rees', roles: ['staff'] };
const clockActor = { id: 'firstday-clock', name: 'Firstday' };
const clock = DEFAULT_CARD_CLOCK;

/** 09:15 BST on a March day is 08:15Z; the list went out then. */
const at = (hhmm: string) => new Date(`2026-05-05T${hhmm}:00.000+01:00`);

function posted(): PupilCard {
  return {
    urn: '100001',
    date: '2026-05-05',
    pupil: { upn: 'A123456789012', name: 'Amy Smith', forename: 'Amy', yearGroup: 7, form: '7A', priority: false },
    status: 'unclaimed',
    attempts: [],
    concerns: [],
    posting: { state: 'posted', postedAt: at('09:15').toISOString(), activityId: 'm1' },
    revision: 1,
    outbox: [],
    updatedAt: at('09:15').toISOString(),
  };
}

function applied(change: ReturnType<typeof markRaised>): PupilCard {
  if (!change.ok || change.unchanged) throw new Error(change.ok ? 'unchanged' : change.problem);
  return change.card;
}

test('an unclaimed card is raised with the officer at 15 minutes and the lead at 30, each once, with the reason on its history', () => {
  const card = posted();
  expect(dueRaises(card, clock, at('09:29'))).toEqual([]);
  expect(dueRaises(card, clock, at('09:30'))).toEqual(['unclaimed-officer']);
  const once = applied(markRaised(card, ['unclaimed-officer'], { 'unclaimed-officer': ['Mrs Sharma'] }, clock, clockActor, at('09:30'), TZ));
  expect(once.outbox[0].summary).toBe('Nobody has claimed Amy Smith (7A) 15 minutes after the list went out (the list went out at 09:15). Raised with Mrs Sharma.');
  expect(dueRaises(once, clock, at('09:40'))).toEqual([]);
  // A second server that read the card before the first wrote finds nothing left to raise on the stored card.
  expect(markRaised(once, ['unclaimed-officer'], {}, clock, clockActor, at('09:31'), TZ)).toMatchObject({ ok: true, unchanged: true });
  expect(dueRaises(once, clock, at('09:45'))).toEqual(['unclaimed-lead']);
});

test('a server that was down raises both when both are due, in order', () => {
  expect(dueRaises(posted(), clock, at('10:00'))).toEqual(['unclaimed-officer', 'unclaimed-lead']);
});

test('a card not yet in the channel has no clock, and an accounted-for card raises nothing', () => {
  expect(dueRaises({ ...posted(), posting: { state: 'pending' } }, clock, at('11:00'))).toEqual([]);
  expect(dueRaises({ ...posted(), status: 'resolved' }, clock, at('11:00'))).toEqual([]);
  expect(dueRaises({ ...posted(), status: 'no-contact' }, clock, at('11:00'))).toEqual([]);
});

test('a claimed card with no outcome is raised with the caller at 30 minutes and the officer at 60, and a new claimer starts a new clock', () => {
  const claimed = claimCard(posted(), caller, at('09:20'), TZ);
  if (!claimed.ok || claimed.unchanged) throw new Error('not claimed');
  expect(dueRaises(claimed.card, clock, at('09:49'))).toEqual([]);
  expect(dueRaises(claimed.card, clock, at('09:50'))).toEqual(['stalled-claimer']);
  const told = applied(markRaised(claimed.card, ['stalled-claimer'], { 'stalled-claimer': ['Ms Khan'] }, clock, clockActor, at('09:50'), TZ));
  expect(told.outbox[0].summary).toContain('Amy Smith (7A) was claimed by Ms Khan at 09:20 and has no outcome 30 minutes on (no calls logged yet).');
  expect(dueRaises(told, clock, at('10:20'))).toEqual(['stalled-officer']);

  const released = releaseCard(told, officer, at('10:00'), TZ);
  if (!released.ok || released.unchanged) throw new Error('not released');
  const again = claimCard(released.card, other, at('10:05'), TZ);
  if (!again.ok || again.unchanged) throw new Error('not claimed again');
  expect(dueRaises(again.card, clock, at('10:34'))).toEqual([]);
  expect(dueRaises(again.card, clock, at('10:35'))).toEqual(['stalled-claimer']);
});

test('the board counts who is accounted for and how long the oldest unclaimed card has waited', () => {
  const cards = [posted(), { ...posted(), status: 'resolved' as const }, { ...posted(), status: 'no-contact' as const }, { ...posted(), status: 'in-progress' as const }];
  expect(board(cards, at('09:40'))).toEqual({ total: 4, accountedFor: 2, withSafeguarding: 1, unclaimed: 1, inProgress: 1, oldestUnclaimedMinutes: 25 });
  expect(board([], at('09:40')).oldestUnclaimedMinutes).toBeUndefined();
});

test('the whereabouts list says where each child not accounted for stands', () => {
  expect(whereaboutsLine(posted(), TZ)).toBe('Amy Smith (7A): nobody has claimed the card');
  const claimed = claimCard(posted(), caller, at('09:20'), TZ);
  if (!claimed.ok || claimed.unchanged) throw new Error('not claimed');
  expect(whereaboutsLine(claimed.card, TZ)).toBe('Amy Smith (7A): being called by Ms Khan since 09:20, no calls logged yet');
});

test('the clock is changed in Settings, each bad field named, and older schools take the defaults', () => {
  const school = newSchool({ urn: '100001', name: 'Test School' });
  expect(cardClockOf(school)).toEqual(DEFAULT_CARD_CLOCK);
  const ok = applySettingsChange(school, { cardClock: { unclaimedOfficerMinutes: 10, whereaboutsDeadline: '10:00', unpostedAction: 'tell-lead' } });
  if (!ok.ok) throw new Error(JSON.stringify(ok.errors));
  expect(cardClockOf(ok.school)).toMatchObject({ unclaimedOfficerMinutes: 10, unclaimedLeadMinutes: 30, whereaboutsDeadline: '10:00', unpostedAction: 'tell-lead' });
  expect(ok.changes).toContain('cardClock.unclaimedOfficerMinutes: 15 → 10');

  const bad = applySettingsChange(school, { cardClock: { unclaimedOfficerMinutes: 0, whereaboutsDeadline: '25:00', unpostedAction: 'email', colour: 'red' } });
  expect(bad.ok ? [] : bad.errors.map((e) => e.field).sort()).toEqual(['cardClock.colour', 'cardClock.unclaimedOfficerMinutes', 'cardClock.unpostedAction', 'cardClock.whereaboutsDeadline']);
  const order = readCardClock(clock, { unclaimedLeadMinutes: 10 });
  expect(order.ok ? '' : order.errors[0].message).toBe('the attendance lead is told after the officer: 10 minutes must be more than 15');
  const early = applySettingsChange(school, { cardClock: { whereaboutsDeadline: '09:00' } });
  expect(early.ok ? '' : early.errors[0]).toEqual({ field: 'cardClock.whereaboutsDeadline', message: 'the whereabouts list (09:00) must go to the DSLs after the morning register closes (09:10)' });
});
