import type { Actor, PupilCard } from '../../../bot/domain/pupil-card';
import { arrivalReminderDue, callBackOwner, callBackReminderDue, markArrivalReminded, markCallBackDone, markCallBackTasked } from '../../../bot/domain/reminders';
import type { StaffMember } from '../../../bot/domain/school';

const TZ = 'Europe/London';
const caller: Actor = { id: 'caller@s.example', name: 'Ms Khan', roles: ['staff'] };
const stranger: Actor = { id: 'x@s.example', name: 'Mr X', roles: ['staff'] };
const staff: StaffMember[] = [
  { upn: 'sharma@s.example', displayName: 'Priya Sharma', title: 'Mrs Sharma', roles: ['attendance-officer'] },
  { upn: 'khan@s.example', displayName: 'Sara Khan', title: 'Ms Khan', roles: ['staff'] },
];

function resolved(outcome: Partial<NonNullable<PupilCard['outcome']>>): PupilCard {
  return {
    urn: '100001',
    date: '2026-03-02',
    pupil: { upn: 'A123456789012', name: 'Amy Smith', forename: 'Amy', yearGroup: 7, form: '7A', priority: false },
    status: 'resolved',
    claim: { byId: caller.id, byName: caller.name, at: '2026-03-02T09:20:00.000Z' },
    attempts: [],
    outcome: { at: '2026-03-02T09:30:00.000Z', byId: caller.id, byName: caller.name, contactName: 'Mum', summary: 'Overslept', nextSteps: '', toldNotifyBy: true, notifyBy: '08:30', ...outcome } as NonNullable<PupilCard['outcome']>,
    concerns: [],
    posting: { state: 'posted' },
    revision: 3,
    outbox: [],
    updatedAt: '2026-03-02T09:30:00.000Z',
  };
}

test('an arrival reminder is due 15 minutes after the agreed time, only today, only without an arrival mark, and once', () => {
  const card = resolved({ arrivalTime: '10:15' });
  expect(arrivalReminderDue(card, '2026-03-02', '10:29', [])).toBe(false);
  expect(arrivalReminderDue(card, '2026-03-02', '10:30', [undefined, undefined])).toBe(true);
  expect(arrivalReminderDue(card, '2026-03-02', '10:30', ['L', undefined])).toBe(false);
  expect(arrivalReminderDue(card, '2026-03-02', '14:00', ['N', '/'])).toBe(false);
  expect(arrivalReminderDue(card, '2026-03-03', '10:30', [])).toBe(false);
  const told = markArrivalReminded(card, { id: 'r', name: 'Firstday' }, new Date('2026-03-02T10:30:00Z'));
  expect(told.ok && !told.unchanged && arrivalReminderDue(told.card, '2026-03-02', '11:00', [])).toBe(false);
});

test('a call-back goes to the one member of staff the caller named, is reminded two hours after the call, and is done by them', () => {
  expect(callBackOwner(resolved({ callBackBy: 'mrs sharma' }), staff)?.upn).toBe('sharma@s.example');
  expect(callBackOwner(resolved({ callBackBy: 'Priya Sharma' }), staff)?.upn).toBe('sharma@s.example');
  expect(callBackOwner(resolved({ callBackBy: 'head of year' }), staff)).toBeUndefined();
  const tasked = markCallBackTasked(resolved({ callBackBy: 'Mrs Sharma' }), staff[0], { id: 'r', name: 'Firstday' }, new Date('2026-03-02T09:35:00Z'));
  if (!tasked.ok || tasked.unchanged) throw new Error('not tasked');
  expect(callBackReminderDue(tasked.card, new Date('2026-03-02T11:29:00Z'))).toBe(false);
  expect(callBackReminderDue(tasked.card, new Date('2026-03-02T11:30:00Z'))).toBe(true);
  const refused = markCallBackDone(tasked.card, stranger, 'x@s.example', new Date('2026-03-02T11:00:00Z'), TZ);
  expect(refused.ok ? '' : refused.problem).toBe("The call-back is Mrs Sharma's to make; only they, the caller or the attendance officer can mark it done.");
  const done = markCallBackDone(tasked.card, { id: 'sharma@s.example', name: 'Mrs Sharma', roles: ['attendance-officer'] }, 'sharma@s.example', new Date('2026-03-02T11:00:00Z'), TZ);
  expect(done.ok && !done.unchanged && callBackReminderDue(done.card, new Date('2026-03-02T12:00:00Z'))).toBe(false);
});
