import { callingSchool, DAY, DURING_CALLS, type TeamsPerson } from '../support/calling-school';
import { chatMessages, dayThread, linkAndPostTheList, textOf, type LinkedChannel } from '../support/calling-flow';
import { cardsIn } from '../support/card-validator';
import { eventually } from '../support/eventually';
import { setUpServerSuite, TestClock } from '../support/server-suite';
import { withSafeguardingStaff } from './harness';

let link: LinkedChannel;
const clock = new TestClock(DURING_CALLS);
const s = withSafeguardingStaff(callingSchool({ urn: '100021', absent: 4 }));
const other = callingSchool({ urn: '100022', name: 'Riverside School', absent: 2 });
// Staff raise a concern from the case page, signed in by the development sign-in.
const suite = setUpServerSuite({ connector: true, graph: true, clock, schools: [s, other], settings: { HOST: '127.0.0.1', DEV_SIGN_IN: 'true' } });
const { storage, connector, graph, servers: [server] } = suite;
graph.addUser({ id: s.deputyId, displayName: s.deputy.name, userPrincipalName: s.deputy.upn });
graph.addUser({ id: s.dsl.aadObjectId, displayName: s.dsl.name, userPrincipalName: s.dsl.upn });

function raise(urn: string, upn: string, as: TeamsPerson | undefined, body: unknown): Promise<{ status: number; json: any }> {
  return fetch(`${server.url}/api/schools/${urn}/pupils/${upn}/concerns`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(as ? { authorization: `DevSignIn ${as.upn}` } : {}) },
    body: JSON.stringify(body),
  }).then(async (res) => ({ status: res.status, json: await res.json() }));
}

/** Everything the bot sent anywhere in the pastoral channel: the list, the thread, any mention. */
function channelTraffic(): string {
  return JSON.stringify(connector.ok().filter((r) => r.conversationId.startsWith(link.channelId)).map((r) => r.body));
}

beforeAll(async () => {
  link = await linkAndPostTheList(server, connector, s);
});

afterEach(() => {
  expect(suite.cardProblems()).toEqual([]);
});

test('a member of staff raises a concern from the case: each DSL gets the detail 1:1, the thread a mention without it', async () => {
  const pupil = s.pupils.find((p) => p.upn === s.expectedList[0])!;
  const detail = 'Bruise on left cheek; said dad "gets angry at bedtime"';
  const res = await raise('100021', pupil.upn, s.callers[5], { detail });
  expect(res.status).toBe(201);
  expect(res.json).toMatchObject({ sentTo: 2, channelMention: true, message: 'Your concern has gone to the safeguarding team (2 people).' });

  for (const person of [s.dsl, s.deputy]) {
    const card = cardsIn((await connector.waitFor(() => chatMessages(connector, person).find((m) => textOf(cardsIn(m.activity)[0]).includes(detail)))).activity)[0];
    expect(textOf(card)).toContain('Raised by\nMx Caller6');
    expect(JSON.stringify(card)).toContain('"verb":"acknowledgeConcern"');
  }
  const { thread } = dayThread(connector, link.channelId);
  const mention = await connector.waitFor(() => connector.messagesIn(thread).find((m) => /a concern has been raised/.test(m.activity.text ?? '')));
  expect(mention.activity.text).toBe(`<at>Daniel Okafor</at>, <at>Rosa Mensah</at>: a concern has been raised about ${pupil.legalForename} ${pupil.legalSurname} by Mx Caller6: see your chat.`);
  expect(channelTraffic()).not.toContain('Bruise');
  expect(channelTraffic()).not.toContain('bedtime');

  const stored = (await storage.repos.concerns.get('100021', res.json.id))!.value;
  expect(stored).toMatchObject({ pupilUpn: pupil.upn, text: detail, raisedAtStep: 'case-tab', status: 'raised', date: DAY });
  const entry = (await storage.repos.chronology.forPupil('100021', pupil.upn)).find((e) => e.kind === 'concern')!;
  expect(entry).toMatchObject({ restricted: true, byName: 'Mx Caller6', detail: { concernId: res.json.id, text: detail } });
  const audit = await storage.repos.audit.forPupil('100021', pupil.upn);
  expect(audit.find((e) => e.action === 'concern.raise')).toMatchObject({ outcome: 'ok', actorId: s.callers[5].aadObjectId });
  // The activity feed, the second route, went to both with nothing about the pupil in it.
  await eventually(() => graph.requestsTo('/teamwork/sendActivityNotification').length >= 2);
  expect(JSON.stringify(graph.requestsTo('/teamwork/sendActivityNotification').map((r) => r.body))).not.toContain(pupil.legalSurname);

  // The same id again (a retried request) is one concern, told once.
  const again = await raise('100021', pupil.upn, s.callers[5], { detail, id: res.json.id });
  expect(again.status).toBe(200);
  expect(chatMessages(connector, s.dsl).filter((m) => textOf(cardsIn(m.activity)[0]).includes(detail))).toHaveLength(1);
});

test('a pupil with no card today: the DSLs get their 1:1s, the channel nothing, and the response says so', async () => {
  const present = s.pupils[s.pupils.length - 2];
  const before = channelTraffic();
  const res = await raise('100021', present.upn, s.officer, { detail: 'Told a friend she is not allowed home after school' });
  expect(res.status).toBe(201);
  expect(res.json.channelMention).toBe(false);
  expect(res.json.message).toContain(`${present.legalForename} has no card on today's list, so nothing was posted in the pastoral channel`);
  const card = await connector.waitFor(() => chatMessages(connector, s.dsl).find((m) => textOf(cardsIn(m.activity)[0]).includes('not allowed home')));
  expect(textOf(cardsIn(card.activity)[0])).toContain(`${present.legalForename} ${present.legalSurname}`);
  expect(channelTraffic()).toBe(before);
});

test('staff of another school are refused, an empty concern is a clear 400, and nobody signed in is a 401', async () => {
  const pupil = s.pupils[0];
  const before = (await storage.repos.concerns.forPupil('100021', pupil.upn)).length;
  const outsider = await raise('100021', pupil.upn, other.lead, { detail: 'Something I heard' });
  expect(outsider.status).toBe(403);
  expect(outsider.json.error).toBe('You are not on the staff of this school in Firstday.');
  expect((await storage.repos.audit.forPupil('100021', pupil.upn)).find((e) => e.action === 'concern.raise' && e.outcome === 'denied')).toMatchObject({ actorId: other.lead.aadObjectId });

  for (const body of [{ detail: '' }, { detail: '   ' }, {}, { detail: 42 }]) {
    const empty = await raise('100021', pupil.upn, s.callers[1], body);
    expect(empty.status).toBe(400);
    expect(empty.json.error).toBe('detail: Describe the concern: what you saw or heard, in your own words.');
  }
  const badId = await raise('100021', pupil.upn, s.callers[1], { detail: 'x', id: 'not-a-uuid' });
  expect(badId.status).toBe(400);
  expect(badId.json.error).toMatch(/^id: /);
  expect((await raise('100021', pupil.upn, undefined, { detail: 'x' })).status).toBe(401);
  expect((await raise('100021', 'X000000000000', s.callers[1], { detail: 'x' })).status).toBe(404);
  expect(await storage.repos.concerns.forPupil('100021', pupil.upn)).toHaveLength(before);
});
