import { carryOverFrom, previousSchoolDay, stillUnexplained } from '../../../bot/domain/carry-over';
import type { PupilCard } from '../../../bot/domain/pupil-card';

const school = { terms: [{ name: 'Spring', start: '2026-01-05', end: '2026-03-27' }, { name: 'Summer', start: '2026-04-13', end: '2026-07-22' }], closures: ['2026-03-06'] };

function card(over: Partial<PupilCard>): PupilCard {
  return {
    urn: '100001',
    date: '2026-03-09',
    pupil: { upn: 'A123456789012', name: 'Amy Ash', forename: 'Amy', yearGroup: 7, form: '7A', priority: false },
    status: 'unclaimed',
    attempts: [],
    concerns: [],
    posting: { state: 'posted' },
    revision: 0,
    outbox: [],
    updatedAt: '2026-03-09T09:00:00Z',
    ...over,
  };
}

test('the previous school day skips weekends, closures and holidays', () => {
  expect(previousSchoolDay(school, '2026-03-03')).toBe('2026-03-02');
  expect(previousSchoolDay(school, '2026-03-09')).toBe('2026-03-05'); // Friday 6th is a closure
  expect(previousSchoolDay(school, '2026-04-13')).toBe('2026-03-27'); // across the Easter holiday
  expect(previousSchoolDay(school, '2026-01-05')).toBeUndefined(); // nothing within reach before the first term
});

test('unclaimed, no contact, and claimed without an outcome are still unexplained; a recorded call is not', () => {
  expect(stillUnexplained({ status: 'unclaimed' })).toBe(true);
  expect(stillUnexplained({ status: 'no-contact' })).toBe(true);
  expect(stillUnexplained({ status: 'in-progress' })).toBe(true);
  expect(stillUnexplained({ status: 'resolved' })).toBe(false);
});

test('the day count and its start carry on from a card that was itself carried over', () => {
  const attempt = { id: 'a1', contactId: 'm0', contactName: 'Mrs Ash (Mother)', outcome: 'no-answer' as const, at: '2026-03-09T09:35:00Z', byId: 'x', byName: 'Ms Khan' };
  const first = carryOverFrom(card({ status: 'in-progress', claim: { byId: 'x', byName: 'Ms Khan', at: '2026-03-09T09:31:00Z' }, attempts: [attempt] }));
  expect(first).toEqual({ day: 2, since: '2026-03-09', previous: { date: '2026-03-09', summary: 'Claimed by Ms Khan; no outcome recorded (1 call logged)', attempts: [attempt] } });
  const second = carryOverFrom(card({ date: '2026-03-10', carriedOver: first }));
  expect(second).toMatchObject({ day: 3, since: '2026-03-09', previous: { date: '2026-03-10', summary: 'Not claimed; nobody rang' } });
  expect(carryOverFrom(card({ status: 'resolved', carriedOver: first }))).toBeUndefined();
  expect(carryOverFrom(undefined)).toBeUndefined();
});
