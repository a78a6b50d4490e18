import { endOfDaySummary } from '../../bot/domain/end-of-day';
import { endOfDayCard } from '../../bot/teams/end-of-day-card';
import { callingSchool, DAY, DURING_CALLS } from '../support/calling-school';
import { cardFor, chatMessages, linkAndPostTheList, pressInChat, pressOn, textOf, type LinkedChannel } from '../support/calling-flow';
import { cardProblems, cardsIn } from '../support/card-validator';
import type { StoredMessage } from '../support/connector-stand-in';
import { setUpServerSuite, TestClock } from '../support/server-suite';
import { withSafeguardingStaff } from './harness';

let link: LinkedChannel;
const clock = new TestClock(DURING_CALLS);
const s = withSafeguardingStaff(callingSchool({ urn: '100001', absent: 6 }));
const URN = '100001';
const { storage, connector, graph, servers: [srv, srv2] } = setUpServerSuite({ connector: true, graph: true, clock, servers: 2, schools: [s] });
for (const p of [s.deputy, s.dsl]) graph.addUser({ id: p.aadObjectId, displayName: p.name, userPrincipalName: p.upn });

const nameOf = (i: number) => `${s.pupils[i].legalForename} ${s.pupils[i].legalSurname}`;
const pupilAt = (listIndex: number) => s.pupils.findIndex((p) => p.upn === s.expectedList[listIndex]);

async function press(message: StoredMessage, from: typeof s.lead, verb: string, data: Record<string, unknown> = {}): Promise<any> {
  const reply = await pressOn(srv, connector, link, message, from, verb, data);
  expect(reply.status).toBe(200);
  return reply.body;
}

const cardsInChat = (aadObjectId: string) => chatMessages(connector, [s.lead, s.dsl, s.deputy, ...s.callers].find((p) => p.aadObjectId === aadObjectId) ?? aadObjectId);

async function personalPress(message: StoredMessage, from: typeof s.lead, verb: string, data: Record<string, unknown>): Promise<any> {
  const reply = await pressInChat(srv, connector, message, from, verb, data);
  expect(reply.status).toBe(200);
  return reply.body;
}

/** Claims the pupil and rings both contacts twice with no answer (one overseas ringtone if asked); records no contact. */
async function noContact(listIndex: number, caller: typeof s.lead, overseas = false): Promise<{ message: StoredMessage; reply: any; i: number }> {
  const i = pupilAt(listIndex);
  const message = cardFor(connector, link.channelId, nameOf(i));
  await press(message, caller, 'claim');
  for (const [contactId, outcome] of [[`m${i}`, 'no-answer'], [`d${i}`, overseas ? 'overseas-ringtone' : 'no-answer'], [`m${i}`, 'voicemail'], [`d${i}`, 'no-answer']]) {
    await press(message, caller, 'logAttempt', { contactId, outcome, attempt: crypto.randomUUID() });
  }
  const reply = await press(message, caller, 'noContact');
  return { message, reply, i };
}

beforeAll(async () => {
  link = await linkAndPostTheList(srv, connector, s);
});

test('no contact after two rounds: the caller answers step 8 and tells the social worker, the DSL decides a home visit, the visitor records the child seen', async () => {
  const caller = s.callers[0];
  const { message, reply, i } = await noContact(0, caller, true);
  const upn = s.pupils[i].upn;
  expect(cardProblems(reply.value)).toEqual([]);
  expect(textOf(reply.value)).toContain('Recorded as no contact. The safeguarding team has been told.');
  expect(textOf(reply.value)).toContain('Does anyone in school know the family?');
  expect(textOf(reply.value)).toContain('children-missing-education check');

  // The DSL and the deputy each get the decision card in their 1:1 chat.
  const dslCard = await connector.waitFor(() => cardsInChat(s.dsl.aadObjectId)[0]);
  const deputyCard = await connector.waitFor(() => cardsInChat(s.deputyId)[0]);
  for (const m of [dslCard, deputyCard]) {
    expect(cardProblems(cardsIn(m.activity)[0])).toEqual([]);
    expect(textOf(cardsIn(m.activity)[0])).toContain(`No contact: your decision: ${nameOf(i)}`);
  }

  // Each question must be answered.
  const missing = await press(message, caller, 'escalationAnswers', { agency: 'social-worker', agencyDetail: '', intelligence: '', knowsFamily: 'Mrs Patel (form tutor)' });
  expect(textOf(missing.value)).toContain('Who the worker or agency is: please answer');
  expect(textOf(missing.value)).toContain('In-school intelligence: please answer');
  const answered = await press(message, caller, 'escalationAnswers', { agency: 'social-worker', agencyDetail: 'J Reid, Reading CSC', intelligence: 'Said last week the family may travel to see grandparents', knowsFamily: 'Mrs Patel (form tutor)' });
  expect(cardProblems(answered.value)).toEqual([]);
  expect(textOf(answered.value)).toContain("Tell Amy's social worker about today's absence");
  const informed = await press(message, caller, 'escalationWorkerInformed', { informedWho: 'J Reid', informedHow: 'phone, spoke to them' });
  expect(textOf(informed.value)).toContain('J Reid (phone, spoke to them) by Mx Caller1');
  expect(cardProblems(informed.value)).toEqual([]);
  // The DSLs' copies now carry the answers.
  await connector.waitFor(() => textOf(connector.cardOf(deputyCard.id)).includes('Said last week the family may travel'));

  // Someone who is not a DSL cannot decide, and nothing changes.
  const before = (await storage.repos.pupilCards.get(URN, DAY, upn))!.value;
  const refused = await personalPress(dslCard, caller, 'escalationDecision', { urn: URN, date: DAY, upn, decision: 'attendance-route', reason: 'x' });
  expect(refused.value).toContain('Only the DSL or a deputy DSL');
  const after = (await storage.repos.pupilCards.get(URN, DAY, upn))!.value;
  expect(after.revision).toBe(before.revision);
  expect(after.escalation?.decision).toBeUndefined();
  expect((await storage.repos.audit.forPupil(URN, upn)).some((e) => e.action === 'escalation.decision' && e.outcome === 'denied')).toBe(true);

  // An overseas ringtone was heard: the CME check must be answered.
  const visitor = s.callers[5];
  const noCme = await personalPress(dslCard, s.dsl, 'escalationDecision', { urn: URN, date: DAY, upn, decision: 'home-visit', visitor: visitor.upn, reason: 'Social worker involved' });
  expect(textOf(noCme.value)).toContain('say whether a CME check has been asked for');
  clock.set('2026-03-02T10:15:00Z');
  const decided = await personalPress(dslCard, s.dsl, 'escalationDecision', { urn: URN, date: DAY, upn, decision: 'home-visit', visitor: visitor.upn, cmeCheck: 'requested', reason: 'Social worker involved; family may be travelling' });
  expect(cardProblems(decided.value)).toEqual([]);
  expect(textOf(decided.value)).toContain('home visit by Mx Caller6: Mr Okafor at 10:15');
  expect(JSON.stringify(decided.value)).toContain('"verb":"homeVisitOutcome"');

  // The visitor has the task in their chat, and records what they found.
  const task = await connector.waitFor(() => cardsInChat(visitor.aadObjectId)[0]);
  expect(cardProblems(cardsIn(task.activity)[0])).toEqual([]);
  expect(textOf(cardsIn(task.activity)[0])).toContain('Mr Okafor has asked you to make a home visit today');
  clock.set('2026-03-02T11:40:00Z');
  const visited = await personalPress(task, visitor, 'homeVisitOutcome', { urn: URN, date: DAY, upn, visitOutcome: 'child-seen', visitNote: 'Amy at home with a cold, mum apologised' });
  expect(textOf(visited.value)).toContain('Child seen: Amy at home with a cold');
  expect(cardProblems(visited.value)).toEqual([]);

  const chronology = await storage.repos.chronology.forPupil(URN, upn);
  const lines = chronology.map((e) => `${e.kind}: ${e.summary}`);
  expect(lines).toEqual(
    expect.arrayContaining([
      'escalation: No contact, agency support: a social worker (J Reid, Reading CSC)',
      'escalation: No contact, in-school intelligence: Said last week the family may travel to see grandparents',
      'escalation: No contact, who in school knows the family: Mrs Patel (form tutor)',
      'escalation: Social worker told of no contact: J Reid (phone, spoke to them)',
      'home-visit: DSL decision after no contact: home visit by Mx Caller6. Social worker involved; family may be travelling',
      'escalation: Children missing education check asked for (overseas ringtone heard)',
      'home-visit: Home visit by Mx Caller6: child seen. Amy at home with a cold, mum apologised',
    ]),
  );
  expect(chronology.filter((e) => e.summary.startsWith('No contact, ') || e.kind === 'home-visit').every((e) => e.restricted)).toBe(true);
  // The end of day counts the visit, and nothing more about it.
  const cards = (await storage.repos.pupilCards.list(URN, DAY)).map((c) => c.value);
  expect(endOfDaySummary(DAY, cards, []).homeVisits).toBe(1);
  expect(textOf(endOfDayCard(endOfDaySummary(DAY, cards, []), 'Oakfield'))).toContain('Home visits made\n1');
  // The channel never carries what the school knows about the family.
  const channelTraffic = JSON.stringify(connector.records.filter((r) => !connector.chats.some((c) => c.id === r.conversationId)).map((r) => r.body));
  expect(channelTraffic).not.toContain('grandparents');
  expect(channelTraffic).not.toContain('J Reid');
});

test('24 hours on without contact the DSLs are prompted once, with two servers ticking together', async () => {
  clock.set('2026-03-02T12:00:00Z');
  const { message, i } = await noContact(1, s.callers[1]);
  const upn = s.pupils[i].upn;
  await press(message, s.callers[1], 'escalationAnswers', { agency: 'none', intelligence: 'none known', knowsFamily: 'none known' });
  const dslCard = await connector.waitFor(() => cardsInChat(s.dsl.aadObjectId).find((m) => textOf(cardsIn(m.activity)[0]).includes(nameOf(i))));
  const decided = await personalPress(dslCard, s.dsl, 'escalationDecision', { urn: URN, date: DAY, upn, decision: 'attendance-route', reason: 'No known risk; keep ringing' });
  expect(JSON.stringify(decided)).toContain('Decision recorded in the chronology.');
  const prompts = (id: string) => cardsInChat(id).filter((m) => textOf(cardsIn(m.activity)[0]).includes(`24 hours have passed since ${nameOf(i)}`));

  clock.set('2026-03-03T11:55:00Z');
  await Promise.all([srv.server.jobs!.tick(), srv2.server.jobs!.tick()]);
  expect(prompts(s.dsl.aadObjectId)).toHaveLength(0);
  clock.set('2026-03-03T12:00:00Z');
  await Promise.all([srv.server.jobs!.tick(), srv2.server.jobs!.tick()]);
  const prompt = await connector.waitFor(() => prompts(s.dsl.aadObjectId)[0]);
  await connector.waitFor(() => prompts(s.deputyId)[0]);
  expect(cardProblems(cardsIn(prompt.activity)[0])).toEqual([]);
  expect(textOf(cardsIn(prompt.activity)[0])).toContain('attendance route, with a further 24 hours of trying to make contact: Mr Okafor');
  clock.set('2026-03-03T12:05:00Z');
  await Promise.all([srv.server.jobs!.tick(), srv2.server.jobs!.tick()]);
  await new Promise((r) => setTimeout(r, 300));
  expect(prompts(s.dsl.aadObjectId)).toHaveLength(1);
  expect(prompts(s.deputyId)).toHaveLength(1);
  const stored = (await storage.repos.pupilCards.get(URN, DAY, upn))!.value;
  expect(stored.escalation?.dayPromptAt).toBe('2026-03-03T12:00:00.000Z');
  const chronology = await storage.repos.chronology.forPupil(URN, upn);
  expect(chronology.filter((e) => e.summary.startsWith('24 hours since no contact'))).toHaveLength(1);
  expect(chronology.map((e) => e.summary)).toContain('DSL decision after no contact: attendance route, with a further 24 hours of trying to make contact. No known risk; keep ringing');
});

test('after the 24-hour prompt the DSL decides again, and the earlier decision stays on record', async () => {
  const i = pupilAt(1);
  const upn = s.pupils[i].upn;
  const prompt = await connector.waitFor(() => cardsInChat(s.dsl.aadObjectId).find((m) => textOf(cardsIn(m.activity)[0]).includes(`24 hours have passed since ${nameOf(i)}`)));
  expect(JSON.stringify(cardsIn(prompt.activity)[0])).toContain('"verb":"escalationDecision"');
  clock.set('2026-03-03T12:10:00Z');
  const again = await personalPress(prompt, s.dsl, 'escalationDecision', { urn: URN, date: DAY, upn, decision: 'referral', frontDoor: 'MASH', police: 'true', reason: 'Two days without contact' });
  expect(cardProblems(again.value)).toEqual([]);
  const text = textOf(again.value);
  expect(text).toContain('referral to the local authority front door (MASH) and the police: Mr Okafor at 12:10');
  expect(text).toContain('Earlier decision');
  const twice = await personalPress(prompt, s.dsl, 'escalationDecision', { urn: URN, date: DAY, upn, decision: 'attendance-route', reason: 'changed my mind' });
  expect(textOf(twice.value)).toContain('Mr Okafor decided at 12:10: referral');
});

test('the 24-hour step keeps time outside the school day: no contact at 19:30 reaches the DSLs at 19:30 the next evening', async () => {
  // Before, the prompt rode on the school-day reminders (07:00 to 19:00), so an evening no-contact waited for the morning.
  clock.set('2026-03-02T19:30:00Z');
  const { message, i } = await noContact(2, s.callers[0]);
  await press(message, s.callers[0], 'escalationAnswers', { agency: 'none', intelligence: 'none known', knowsFamily: 'none known' });
  const prompts = () => cardsInChat(s.dsl.aadObjectId).filter((m) => textOf(cardsIn(m.activity)[0]).includes(`24 hours have passed since ${nameOf(i)}`));
  clock.set('2026-03-03T19:25:00Z');
  await srv.server.jobs!.tick();
  expect(prompts()).toHaveLength(0);
  clock.set('2026-03-03T19:30:00Z');
  await srv.server.jobs!.tick();
  await connector.waitFor(() => prompts()[0]);
  const stored = (await storage.repos.pupilCards.get(URN, DAY, s.pupils[i].upn))!.value;
  expect(stored.escalation?.dayPromptAt).toBe('2026-03-03T19:30:00.000Z');
});
