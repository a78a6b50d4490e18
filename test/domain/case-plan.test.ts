/** The plan's dates at their edges (case-plan.ts): three meetings, the day itself, contact against the review, a reopened case. */
import { actionsDue, dueState, planCase, settleCase } from '../../bot/domain/cases/case-plan';
import type { SupportCase } from '../../bot/domain/cases/support-case';

const opened = '2026-09-07';

test('after three meetings with no review set, no fourth meeting is asked for', () => {
  const three = [{ date: '2026-09-10' }, { date: '2026-09-24' }, { date: '2026-10-08' }];
  const plan = planCase({ openedOn: opened, meetings: three, contacts: [] });
  expect(plan.meetingsHeld).toBe(3);
  expect(plan.due.meeting).toBeUndefined();
  expect(plan.due).toEqual({ contact: '2026-10-22' });
  const two = planCase({ openedOn: opened, meetings: three.slice(0, 2), contacts: [] });
  expect(two.due.meeting).toEqual({ date: '2026-10-22', label: 'Meeting 3 of at least 3' });
});

test('an action due today is due today, not overdue; yesterday is overdue; a week ahead is soon, eight days later', () => {
  expect(dueState('2026-11-20', '2026-11-20')).toBe('today');
  expect(dueState('2026-11-19', '2026-11-20')).toBe('overdue');
  expect(dueState('2026-11-27', '2026-11-20')).toBe('soon');
  expect(dueState('2026-11-28', '2026-11-20')).toBe('later');
  expect(actionsDue({ review: '2026-11-20' }, '2026-11-20')).toEqual(['review']);
  expect(actionsDue({ review: '2026-11-28' }, '2026-11-20')).toEqual([]);
});

test('fortnightly contact is due only when it falls before the review: on the review day itself the review is the contact', () => {
  const meeting = (nextReview: string) => planCase({ openedOn: opened, meetings: [{ date: '2026-11-05', nextReview }], contacts: [] }).due;
  expect(meeting('2026-11-19')).toEqual({ review: '2026-11-19' });
  expect(meeting('2026-11-20')).toEqual({ review: '2026-11-20', contact: '2026-11-19' });
  // The same boundary with a planned meeting rather than a review.
  const noReview = planCase({ openedOn: opened, meetings: [{ date: '2026-11-05' }], contacts: [{ date: '2026-11-05' }] }).due;
  expect(noReview).toEqual({ meeting: { date: '2026-12-03', label: 'Meeting 2 of at least 3' }, contact: '2026-11-19' });
});

test('a reopened case counts what was recorded on the day it reopened, and nothing before', () => {
  const header = { openedOn: '2026-11-10', reopenedOn: '2026-11-10', revision: 4 } as SupportCase;
  const meeting = (date: string) => ({ date, nextReview: '2026-12-01' }) as never;
  const onTheDay = settleCase(header, { meeting: [meeting('2026-11-10')], contact: [] }, { bump: false });
  expect(onTheDay.meetingsHeld).toBe(1);
  expect(onTheDay.due.review).toBe('2026-12-01');
  const before = settleCase(header, { meeting: [meeting('2026-11-09')], contact: [{ date: '2026-11-09' } as never] }, { bump: false });
  expect(before.meetingsHeld).toBe(0);
  expect(before.due).toEqual({ meeting: { date: '2026-11-24', label: 'Initial Support First meeting' } });
});

test('a change bumps the revision past the one it was read at', () => {
  const header = { openedOn: opened, revision: 3 } as SupportCase;
  expect(settleCase(header, { meeting: [], contact: [] }, { bump: true, from: { revision: 5 } as SupportCase }).revision).toBe(6);
  expect(settleCase(header, { meeting: [], contact: [] }, { bump: false }).revision).toBe(3);
});
