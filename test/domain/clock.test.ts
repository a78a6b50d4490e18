import { addDays, fromLocal, isValidDate, toLocal, weekdayOf } from '../../bot/domain/clock';

test('local time in London follows British Summer Time', () => {
  expect(toLocal(new Date('2026-07-01T08:10:00Z'), 'Europe/London')).toEqual({ date: '2026-07-01', time: '09:10', weekday: 3 });
  expect(toLocal(new Date('2026-11-23T09:10:00Z'), 'Europe/London')).toEqual({ date: '2026-11-23', time: '09:10', weekday: 1 });
  expect(toLocal(new Date('2026-11-22T23:30:00Z'), 'Europe/London').date).toBe('2026-11-22');
});

test('a local time converts back to the instant, on both sides of the clocks changing', () => {
  expect(fromLocal('2026-07-01', '09:10', 'Europe/London').toISOString()).toBe('2026-07-01T08:10:00.000Z');
  expect(fromLocal('2026-11-23', '09:10', 'Europe/London').toISOString()).toBe('2026-11-23T09:10:00.000Z');
  expect(fromLocal('2026-03-30', '09:10', 'Europe/London').toISOString()).toBe('2026-03-30T08:10:00.000Z');
});

test('date helpers', () => {
  expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
  expect(weekdayOf('2026-11-22')).toBe(7);
  expect(isValidDate('2026-02-29')).toBe(false);
  expect(isValidDate('2028-02-29')).toBe(true);
});
