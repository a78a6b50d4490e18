import { callingSchool, DURING_CALLS } from '../support/calling-school';
import { cardFor, chatMessages, dayThread, linkAndPostTheList, pressInChat, pressOn, textOf, type LinkedChannel } from '../support/calling-flow';
import { cardProblems, cardsIn } from '../support/card-validator';
import type { StoredMessage } from '../support/connector-stand-in';
import { eventually } from '../support/eventually';
import { setUpServerSuite, TestClock } from '../support/server-suite';
import { withSafeguardingStaff } from './harness';

let link: LinkedChannel;
const clock = new TestClock(DURING_CALLS);
const s = withSafeguardingStaff(callingSchool({ urn: '100001', absent: 6 }));
const { storage, connector, graph, servers: [srv] } = setUpServerSuite({ connector: true, graph: true, clock, schools: [s] });
for (const p of [s.deputy, s.dsl, s.lead]) graph.addUser({ id: p.aadObjectId, displayName: p.name, userPrincipalName: p.upn });

const nameOf = (i: number) => `${s.pupils[i].legalForename} ${s.pupils[i].legalSurname}`;
const pupilAt = (listIndex: number) => s.pupils.findIndex((p) => p.upn === s.expectedList[listIndex]);

async function press(message: StoredMessage, from: typeof s.lead, verb: string, data: Record<string, unknown> = {}): Promise<any> {
  const reply = await pressOn(srv, connector, link, message, from, verb, data);
  expect(reply.status).toBe(200);
  return reply.body;
}

/** Claims a pupil, answers, and raises a concern with this text; returns the concern id. */
async function raiseConcern(listIndex: number, caller: typeof s.lead, text: string): Promise<string> {
  const i = pupilAt(listIndex);
  const message = cardFor(connector, link.channelId, nameOf(i));
  await press(message, caller, 'claim');
  await press(message, caller, 'logAttempt', { contactId: `m${i}`, outcome: 'answered' });
  const form = await press(message, caller, 'concernForm');
  const id = JSON.stringify(form.value).match(/"concern":"([^"]+)"/)![1];
  const raised = await press(message, caller, 'raiseConcern', { concern: id, concernText: text, from: 'introduce' });
  expect(textOf(raised.value)).toContain('Your concern has gone to the safeguarding team.');
  return id;
}

/** The cards in someone's 1:1 chat (the lead's chat also has the card clock's text messages about unclaimed cards). */
const cardsInChat = (aadObjectId: string) => chatMessages(connector, [s.lead, s.dsl, s.deputy, ...s.callers].find((p) => p.aadObjectId === aadObjectId) ?? aadObjectId).filter((m) => cardsIn(m.activity).length > 0);
const personalPress = (message: StoredMessage, from: typeof s.lead, verb: string, data: Record<string, unknown>) => pressInChat(srv, connector, message, from, verb, data);

beforeAll(async () => {
  link = await linkAndPostTheList(srv, connector, s);
});

test('a concern mentions the DSL and deputy in the thread with no detail, sends each the detail 1:1, and the DSL acknowledges', async () => {
  const i = pupilAt(0);
  const id = await raiseConcern(0, s.callers[0], 'Child heard crying; mother said stepfather "will sort him out"');
  const { thread } = dayThread(connector, link.channelId);
  const mention = await connector.waitFor(() => connector.messagesIn(thread).find((m) => /a concern has been raised/.test(m.activity.text ?? '')));
  expect(mention.activity.text).toBe(`<at>Daniel Okafor</at>, <at>Rosa Mensah</at>: a concern has been raised about ${nameOf(i)} by Mx Caller1: see your chat.`);
  expect(mention.activity.entities).toEqual([
    { type: 'mention', text: '<at>Daniel Okafor</at>', mentioned: { id: s.dsl.aadObjectId, name: 'Daniel Okafor' } },
    { type: 'mention', text: '<at>Rosa Mensah</at>', mentioned: { id: s.deputyId, name: 'Rosa Mensah' } },
  ]);

  // Each of the team has it in a 1:1 chat the bot opened, with the detail and Acknowledge.
  const dslCard = await connector.waitFor(() => cardsInChat(s.dsl.aadObjectId)[0]);
  const deputyCard = await connector.waitFor(() => cardsInChat(s.deputyId)[0]);
  for (const m of [dslCard, deputyCard]) {
    const card = cardsIn(m.activity)[0];
    expect(cardProblems(card)).toEqual([]);
    expect(textOf(card)).toContain('stepfather "will sort him out"');
    expect(textOf(card)).toContain('Raised by\nMx Caller1');
    expect(JSON.stringify(card)).toContain('"verb":"acknowledgeConcern"');
  }
  // The second route: the activity feed, to both, with nothing about the pupil in it.
  await eventually(() => graph.requestsTo('/teamwork/sendActivityNotification').length >= 2);
  const feeds = graph.requestsTo('/teamwork/sendActivityNotification');
  expect(feeds.map((r) => r.path).sort()).toEqual([`/v1.0/users/${s.dsl.aadObjectId}/teamwork/sendActivityNotification`, `/v1.0/users/${s.deputyId}/teamwork/sendActivityNotification`].sort());
  expect(JSON.stringify(feeds.map((r) => r.body))).not.toContain(s.pupils[i].legalSurname);

  // Only a DSL or deputy of the school may acknowledge.
  const refused = await personalPress(dslCard, s.callers[0], 'acknowledgeConcern', { urn: '100001', concern: id });
  expect(refused.body.value).toContain('Only the DSL or a deputy DSL');
  clock.advanceMinutes(3);
  const acked = await personalPress(dslCard, s.dsl, 'acknowledgeConcern', { urn: '100001', concern: id });
  expect(textOf(acked.body.value)).toContain('Acknowledged by Mr Okafor at 09:33.');
  expect(cardProblems(acked.body.value)).toEqual([]);
  const stored = (await storage.repos.concerns.get('100001', id))!.value;
  expect(stored).toMatchObject({ status: 'acknowledged', acknowledged: { byId: s.dsl.upn, byName: 'Mr Okafor', at: '2026-03-02T09:33:00.000Z' } });
  expect(stored.alerts!.map((a) => a.upn).sort()).toEqual([s.dsl.upn, s.deputy.upn].sort());
  const chronology = await storage.repos.chronology.forPupil('100001', s.pupils[i].upn);
  expect(chronology.find((e) => e.kind === 'concern-acknowledged')).toMatchObject({ byName: 'Mr Okafor', restricted: true });
  // The deputy's copy now says who saw it.
  await connector.waitFor(() => /Acknowledged by Mr Okafor/.test(textOf(connector.cardOf(deputyCard.id))));

  // Acknowledged: not raised again, however long passes.
  clock.set('2026-03-02T10:30:00Z');
  await srv.server.jobs!.tick();
  expect(cardsInChat(s.lead.aadObjectId)).toHaveLength(0);
});

test('a concern nobody acknowledges is raised again to the deputies and the attendance lead on time, once', async () => {
  clock.set('2026-03-02T11:00:00Z');
  const before = cardsInChat(s.deputyId).length;
  const id = await raiseConcern(1, s.callers[1], 'Bruise on face seen on video call');
  await connector.waitFor(() => cardsInChat(s.deputyId).length > before);
  clock.set('2026-03-02T11:14:00Z');
  await srv.server.jobs!.tick();
  expect(cardsInChat(s.lead.aadObjectId)).toHaveLength(0);
  clock.set('2026-03-02T11:15:00Z');
  await srv.server.jobs!.tick();
  const leadCard = await connector.waitFor(() => cardsInChat(s.lead.aadObjectId)[0]);
  expect(textOf(cardsIn(leadCard.activity)[0])).toContain('Raised again: nobody acknowledged it within 15 minutes.');
  await connector.waitFor(() => cardsInChat(s.deputyId).find((m) => /Raised again/.test(textOf(cardsIn(m.activity)[0]))));
  clock.set('2026-03-02T11:17:00Z');
  await srv.server.jobs!.tick();
  expect(cardsInChat(s.lead.aadObjectId)).toHaveLength(1);
  const stored = (await storage.repos.concerns.get('100001', id))!.value;
  expect(stored.realertedAt).toBe('2026-03-02T11:15:00.000Z');
  // The lead cannot acknowledge; the deputy can.
  const refused = await personalPress(leadCard, s.lead, 'acknowledgeConcern', { urn: '100001', concern: id });
  expect(refused.body.value).toContain('Only the DSL or a deputy DSL');
});

test('Graph throttling is sat out as Retry-After asks; the channel never carries concern detail or contact details', async () => {
  clock.set('2026-03-02T11:30:00Z');
  const before = graph.requestsTo('/teamwork/sendActivityNotification').length;
  graph.throttleNext(1, 1);
  await raiseConcern(2, s.callers[2], 'Parent said the child has not eaten since Friday');
  await eventually(() => graph.requestsTo('/teamwork/sendActivityNotification').filter((r) => r.status === 204).length >= before + 2, 20_000);
  const throttled = graph.requests.find((r) => r.status === 429)!;
  const retried = graph.requests.find((r) => r.retryAttempt && r.path === throttled.path && r.at > throttled.at)!;
  expect(retried.at - throttled.at).toBeGreaterThanOrEqual(1000);

  const channelTraffic = JSON.stringify(connector.records.filter((r) => !connector.chats.some((c) => c.id === r.conversationId)).map((r) => r.body));
  for (const concern of await Promise.all(s.pupils.map((p) => storage.repos.concerns.forPupil('100001', p.upn)))) {
    for (const c of concern) expect(channelTraffic).not.toContain(c.text.slice(0, 20));
  }
  for (const c of s.contacts) {
    for (const p of c.phones) expect(channelTraffic).not.toContain(p.number);
    if (c.email) expect(channelTraffic).not.toContain(c.email);
  }
});

test('with Graph unreachable the log says so plainly and the concern still reaches the DSLs by the bot', async () => {
  clock.set('2026-03-02T11:45:00Z');
  await graph.stop();
  const before = cardsInChat(s.dsl.aadObjectId).length;
  const id = await raiseConcern(3, s.callers[3], 'Older sibling answered and said mum has not been home for days');
  const delivered = await connector.waitFor(() => cardsInChat(s.dsl.aadObjectId).length > before && cardsInChat(s.dsl.aadObjectId).at(-1));
  expect(textOf(cardsIn(delivered.activity)[0])).toContain('mum has not been home for days');
  const line = await eventually(() => srv.log.find((l) => l.level === 'error' && String(l.message).includes(`activity-feed notification of concern ${id}`)));
  expect(line.message).toContain('could not be sent; the 1:1 message is the route that counts');
});
