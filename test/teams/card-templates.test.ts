/**
 * Each card template expands, with representative data, into a card a Teams client accepts (the adaptivecards
 * SDK at 1.5, labels on inputs, Action.Execute only, nothing left unexpanded); and the escalation, concern,
 * call-back and end-of-day cards read as a school speaks, whatever state the pupil's card is in.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Concern } from '../../bot/domain/concern';
import type { EndOfDaySummary } from '../../bot/domain/end-of-day';
import type { PupilCard } from '../../bot/domain/pupil-card';
import type { School } from '../../bot/domain/school';
import { CARD_TEMPLATE_NAMES, renderCard, type CardTemplateName, type CardTemplates } from '../../bot/teams/cards/card-templates';
import { concernCard } from '../../bot/teams/concern-cards';
import { endOfDayCard } from '../../bot/teams/end-of-day-card';
import { claimerEscalationCard, dslDecisionCard, homeVisitCard } from '../../bot/teams/escalation-cards';
import { callBackCard } from '../../bot/teams/reminder-cards';
import { cardProblems } from '../support/card-validator';

const where = { urn: '100001', date: '2026-03-02', upn: 'A123456789012' };
const facts = [
  { title: 'No contact', value: 'Mx Caller1, 09:00 on 2026-03-02, after 2 rounds' },
  { title: 'In-school intelligence', value: 'none known' },
];
const choices = [
  { title: 'Mx Caller6', value: 'c6@school.example' },
  { title: 'Mr Okafor', value: 'okafor@school.example' },
];
const heading = { name: 'Amy Smith', subtitle: 'Oak Primary · Year 4 · 4B · list of 2026-03-02', notice: 'Answers recorded.', facts };

/** The templates this change brought in, each with data that switches on every part of it, and with little. */
const samples: { [N in Exclude<CardTemplateName, 'pupil-card' | 'pupil-calling' | 'daily-summary' | 'list-preview' | 'link-channel'>]: CardTemplates[N][] } = {
  'end-of-day': [
    { dateLong: 'Monday 2 March', schoolName: 'Oak Primary', unexplained: 5, resolved: 3, resolvedBy: [{ label: 'The pupil is unwell', count: 2 }, { label: 'A family emergency', count: 1 }], stillOpen: 1, noContact: 1, concernsRaised: 2, concernsAcknowledged: 1, homeVisits: 1, carriesOver: true },
    { dateLong: 'Monday 2 March', schoolName: 'Oak Primary', unexplained: 0, resolved: 0, resolvedBy: [], stillOpen: 0, noContact: 0, concernsRaised: 0, concernsAcknowledged: 0, homeVisits: 0, carriesOver: false },
  ],
  'call-back': [
    { name: 'Amy Smith', subtitle: 'Oak Primary · Year 4 · 4B', reminder: true, notice: 'Try again.', call: { recorded: true, by: 'Mx Caller1 at 09:00', spokeTo: 'Mum', said: 'Unwell', nextSteps: 'Ring back after lunch' }, doneLine: '', where },
    { name: 'Amy Smith', subtitle: 'Oak Primary · Year 4 · 4B', reminder: false, notice: '', call: { recorded: false, by: '', spokeTo: '', said: '', nextSteps: '' }, doneLine: 'Done: Mrs Sharma at 12:00.', where },
  ],
  'safeguarding-concern': [
    { name: 'Amy Smith', subtitle: 'Oak Primary · Year 4 · 4B', againLine: 'Raised again: nobody acknowledged it within 15 minutes.', raisedBy: 'Mx Caller1', raisedAt: '09:30 on 2026-03-02', during: 'first-day calling', text: 'Bruise on her arm', acknowledgedLine: '', notice: '', urn: '100001', concernId: 'c-1' },
    { name: 'Amy Smith', subtitle: 'Oak Primary · Year 4 · 4B', againLine: '', raisedBy: 'Mx Caller1', raisedAt: '09:30 on 2026-03-02', during: 'the call script, at “Introduce yourself”', text: 'Bruise', acknowledgedLine: 'Acknowledged by Mr Okafor at 09:33.', notice: 'Thank you.', urn: '100001', concernId: 'c-1' },
  ],
  'escalation-claimer': [
    { ...heading, key: '100001|2026-03-02|A123456789012', mayBeAbroad: true, askAnswers: true, agencyChoices: choices, tellWorkerLine: '', closingLine: '' },
    { ...heading, key: '100001|2026-03-02|A123456789012', mayBeAbroad: false, askAnswers: false, agencyChoices: choices, tellWorkerLine: "Tell Amy's social worker about today's absence and that nobody could be reached, today.", closingLine: '' },
    { ...heading, notice: '', facts: [], key: '100001|2026-03-02|A123456789012', mayBeAbroad: false, askAnswers: false, agencyChoices: choices, tellWorkerLine: '', closingLine: 'Thank you. The safeguarding team will decide the next step.' },
  ],
  'escalation-decision': [
    { ...heading, dayPromptLine: '24 hours have passed.', unansweredLine: 'Not yet answered.', workerNotTold: true, mayBeAbroad: true, deciding: true, visitors: choices, recordVisit: false, visitOutcomes: choices, where },
    { ...heading, dayPromptLine: '', unansweredLine: '', workerNotTold: false, mayBeAbroad: false, deciding: false, visitors: choices, recordVisit: true, visitOutcomes: choices, where },
    { ...heading, notice: '', dayPromptLine: '', unansweredLine: '', workerNotTold: false, mayBeAbroad: false, deciding: false, visitors: [], recordVisit: false, visitOutcomes: choices, where },
  ],
  'home-visit': [
    { ...heading, askedLine: 'Mr Okafor has asked you to make a home visit today.', recordVisit: true, visitOutcomes: choices, where },
    { ...heading, notice: '', askedLine: '', recordVisit: false, visitOutcomes: choices, where },
  ],
};

test('every template in bot/teams/cards is one renderCard knows', () => {
  const files = readdirSync(join(__dirname, '../../bot/teams/cards')).filter((f) => f.endsWith('.json')).map((f) => f.replace(/\.json$/, ''));
  expect([...CARD_TEMPLATE_NAMES].sort()).toEqual(files.sort());
});

test.each(Object.entries(samples).flatMap(([name, list]) => list.map((data, i) => [name, i, data] as const)))('%s, sample %i, expands into a valid card', (name, _i, data) => {
  const card = renderCard(name as 'home-visit', data as CardTemplates['home-visit']);
  expect(cardProblems(card)).toEqual([]);
});

// The builders, from pupil cards in each state of the escalation.
const school = { urn: '100001', name: 'Oak Primary', timeZone: 'Europe/London', staff: [] } as unknown as School;
const at = (time: string) => `2026-03-02T${time}:00.000Z`;
const by = (time: string, byName = 'Mr Okafor') => ({ at: at(time), byId: byName, byName });
const noContact: PupilCard = {
  urn: '100001',
  date: '2026-03-02',
  pupil: { upn: 'A123456789012', name: 'Amy Smith', forename: 'Amy', yearGroup: 4, form: '4B', priority: false },
  status: 'no-contact',
  attempts: [
    { id: 'a1', contactId: 'c1', contactName: 'Mum', outcome: 'no-answer', ...by('08:40', 'Mx Caller1') },
    { id: 'a2', contactId: 'c2', contactName: 'Dad', outcome: 'overseas-ringtone', ...by('08:45', 'Mx Caller1') },
  ],
  noContact: { ...by('09:00', 'Mx Caller1'), completedRounds: 2, nobodyToRing: false, escalation: 'awaiting-dsl' },
  concerns: [],
  posting: { state: 'posted' },
  revision: 3,
  outbox: [],
  updatedAt: at('09:00'),
};
const answers = { ...by('09:10', 'Mx Caller1'), agency: 'social-worker' as const, agencyDetail: 'J Reid', intelligence: 'none known', knowsFamily: 'Mrs Patel' };
const homeVisit = { ...by('10:15'), kind: 'home-visit' as const, visitorUpn: 'c6@school.example', visitorName: 'Mx Caller6', reason: 'Worried' };
const states: Record<string, PupilCard> = {
  'just recorded': noContact,
  answered: { ...noContact, escalation: { answers } },
  'worker told': { ...noContact, escalation: { answers, workerInformed: { ...by('09:20', 'Mx Caller1'), who: 'J Reid', how: 'phone' } } },
  'visit decided': { ...noContact, escalation: { answers, decision: homeVisit } },
  visited: { ...noContact, escalation: { answers, decision: homeVisit, visit: { ...by('11:00', 'Mx Caller6'), outcome: 'child-seen', note: 'All well' } } },
};

test.each(Object.entries(states))('the escalation cards, %s, are valid and cite no guidance by number', (_state, card) => {
  const cards = [
    claimerEscalationCard(card, { school, notice: 'Recorded.' }),
    dslDecisionCard(card, { school, visitors: [{ title: 'Mx Caller6', value: 'c6@school.example' }], dayPrompt: true }),
    homeVisitCard(card, { school }),
  ];
  for (const c of cards) {
    expect(cardProblems(c)).toEqual([]);
    expect(JSON.stringify(c)).not.toMatch(/seed \d|step \d/i);
  }
});

test('a concern says where it was raised in words, never an internal state or step name', () => {
  const concern: Concern = { id: 'c-1', urn: '100001', pupilUpn: 'A123456789012', date: '2026-03-02', raisedAt: at('09:30'), raisedById: 'x', raisedByName: 'Mx Caller1', text: 'Bruise', raisedAtStep: 'calling', status: 'raised' };
  const during = (raisedAtStep: string) => {
    const card = concernCard({ concern: { ...concern, raisedAtStep }, pupil: { name: 'Amy Smith', yearGroup: 4, form: '4B' }, schoolName: 'Oak Primary', timeZone: 'Europe/London' });
    expect(cardProblems(card)).toEqual([]);
    return JSON.stringify(card).match(/"title":"During","value":"([^"]*)"/)![1];
  };
  expect(during('calling')).toBe('first-day calling');
  expect(during('in-progress')).toBe('first-day calling');
  expect(during('introduce')).toBe('the call script, at “Introduce yourself”');
  expect(during('open-question')).toBe('the call script, at “Ask why Amy Smith is not in school”');
  expect(during('no-contact')).toBe('first-day calling, after no contact was recorded');
  expect(during('case-tab')).not.toContain('case-tab');
});

test('the call-back task and the end-of-day counts are valid cards in every state', () => {
  const outcome = { contactName: 'Mum', summary: 'Unwell', nextSteps: '', at: at('09:00'), byId: 'x', byName: 'Mx Caller1' } as unknown as PupilCard['outcome'];
  const resolved: PupilCard = { ...noContact, status: 'resolved', noContact: undefined, outcome, callBack: { upn: 'p.sharma@school.example', name: 'Mrs Sharma', taskedAt: at('09:01') } };
  for (const card of [
    callBackCard(resolved, { school, reminder: true }),
    callBackCard({ ...resolved, callBack: { ...resolved.callBack!, done: by('12:00', 'Mrs Sharma') } }, { school, notice: 'Thank you' }),
  ]) {
    expect(cardProblems(card)).toEqual([]);
  }
  const summary: EndOfDaySummary = { date: '2026-03-02', unexplained: 5, resolved: 3, resolvedBy: [{ reason: 'illness', label: '{child} is unwell', count: 3 }], stillOpen: 1, noContact: 1, concernsRaised: 2, concernsAcknowledged: 1, homeVisits: 1 };
  const eod = endOfDayCard(summary, 'Oak Primary');
  expect(cardProblems(eod)).toEqual([]);
  expect(JSON.stringify(eod)).toContain('"title":"· The pupil is unwell","value":"3"');
});
