/**
 * Staff as Teams and Entra know them, over the bot's real HTTP surface: the team's roster (read page by page
 * from the Bot Connector stand-in) binds a staff entry that had no object id and lets the bot open a 1:1 chat
 * with someone who never opened the app; a leaver's claims go back to unclaimed and the officer is told; a
 * staff change is in force on the very next press; a DSL given the role only by an Entra group is alerted and
 * may acknowledge.
 */
import type { School } from '../../bot/domain/school';
import type { TeamsServices } from '../../bot/teams/teams-integration';
import { cardFor, linkPastoralChannel, pressInChat, pressOn, textOf, waitForPosted, startDailyRun, type LinkedChannel } from '../support/calling-flow';
import { callingSchool, DAY, DURING_CALLS, TENANT, type TeamsPerson } from '../support/calling-school';
import { cardsIn } from '../support/card-validator';
import type { StoredMessage } from '../support/connector-stand-in';
import { eventually } from '../support/eventually';
import { setUpServerSuite, TestClock } from '../support/server-suite';
import { membersAddedToTeam, postActivity, teamFor } from '../support/teams-activities';

const URN = '100001';
const DSL_GROUP = '0d5c0000-0000-4000-8000-00000000d51e';
let services: TeamsServices;
let link: LinkedChannel;
const clock = new TestClock(DURING_CALLS);
const s = callingSchool({ urn: URN, absent: 6, reviewBeforePosting: true });
/** In the DSL group in Entra, not on the staff list, never used the app. */
const groupDsl: TeamsPerson = { mri: '29:group-dsl', aadObjectId: '00000000-0000-4000-8000-00000000a0d5', name: 'Nadia Hale', upn: `n.hale@school${URN}.example` };
// The staff file gave the officer's UPN but no object id; Teams spells it with capitals.
delete s.school.staff.find((m) => m.upn === s.officer.upn)!.aadObjectId;
const suite = setUpServerSuite({ connector: true, graph: true, clock, schools: [s] });
const { storage, connector, graph, servers: [srv] } = suite;
for (const p of [s.lead, s.officer, s.dsl, groupDsl, ...s.callers]) graph.addUser({ id: p.aadObjectId, displayName: p.name, userPrincipalName: p.upn });
graph.addToGroup(DSL_GROUP, groupDsl.aadObjectId);
// Teams answers pages of at least 50; the stand-in pages by three so six members make two pages.
connector.rosterPageSize = 3;
const member = (p: TeamsPerson, upn = p.upn) => ({ id: p.mri, name: p.name, aadObjectId: p.aadObjectId, userPrincipalName: upn, email: upn, tenantId: TENANT, userRole: 'user' as const });
connector.setRoster(teamFor(URN).id, [member(s.lead), member(s.dsl), member(s.officer, s.officer.upn.toUpperCase()), member(s.callers[0]), member(s.callers[1]), member(s.stranger)]);
connector.members.set(groupDsl.mri, { id: groupDsl.mri, name: groupDsl.name, aadObjectId: groupDsl.aadObjectId, userPrincipalName: groupDsl.upn });

const nameOf = (upn: string) => {
  const p = s.pupils.find((x) => x.upn === upn)!;
  return `${p.legalForename} ${p.legalSurname}`;
};
const yearOf = (upn: string) => s.pupils.find((x) => x.upn === upn)!.yearGroup;

async function press(message: StoredMessage, from: TeamsPerson, verb: string, data: Record<string, unknown> = {}): Promise<any> {
  const reply = await pressOn(srv, connector, link, message, from, verb, data);
  expect(reply.status).toBe(200);
  return reply.body;
}

const personalPress = (message: StoredMessage, from: TeamsPerson, verb: string, data: Record<string, unknown>) => pressInChat(srv, connector, message, from, verb, data);

/** The school row changed as a staff import or the settings page would: replaced under its ETag. */
async function changeSchool(change: (school: School) => School): Promise<void> {
  const stored = (await storage.repos.schools.get(URN))!;
  await storage.repos.schools.replace(change(stored.value), stored.etag);
}

function chatWith(memberId: string) {
  return connector.chats.find((c) => c.memberId === memberId);
}

beforeAll(() => {
  services = srv.server['teams']!.services;
});

afterEach(() => {
  expect(suite.cardProblems()).toEqual([]);
});

test("linking the channel reads the team's roster page by page; the officer, who never opened the app, gets the list's preview 1:1 by their Teams id and can post it", async () => {
  link = await linkPastoralChannel(srv, connector, s);
  const bound = await eventually(async () => (await storage.repos.schools.get(URN))?.value.staff.find((m) => m.upn === s.officer.upn)?.aadObjectId, 15_000, 'the officer to be bound');
  expect(bound).toBe(s.officer.aadObjectId);

  const pages = connector.ok('get-paged-members');
  expect(pages.map((r) => r.conversationId)).toEqual([link.team.id, link.team.id]);
  expect(pages[0].body).toEqual({ pageSize: '500', continuationToken: undefined });
  expect(pages[1].body.continuationToken).toEqual(expect.any(String));
  const remembered = await eventually(() => storage.repos.teamsUsers.get(TENANT, s.officer.aadObjectId));
  expect(remembered.value).toMatchObject({ mri: s.officer.mri, name: s.officer.name, userPrincipalName: s.officer.upn.toUpperCase() });
  // Not on the staff list: not remembered, not bound.
  expect(await storage.repos.teamsUsers.get(TENANT, s.stranger.aadObjectId)).toBeUndefined();

  expect((await startDailyRun(srv, URN, { date: DAY })).json).toMatchObject({ state: 'awaiting-review', previews: 1 });
  const created = connector.ok('create-conversation').find((r) => r.body.members[0].id === s.officer.mri);
  expect(created).toBeDefined();
  const preview = connector.messagesIn(created!.conversationId)[0];
  expect(textOf(cardsIn(preview.activity)[0])).toContain("Check today's list before it is posted");

  const posted = await personalPress(preview, s.officer, 'postList', { urn: URN, date: DAY, leaveOff: '' });
  expect(textOf(posted.body.value)).toContain('Posting 6 cards now.');
  await waitForPosted(srv, URN, DAY);
});

test("a leaver's open claims today go back to unclaimed for everyone, and the attendance officer is told in their chat", async () => {
  const [first, second, c] = s.expectedList;
  // The message names them as the day's list reads: by year group, then name.
  const [a, b] = [first, second].sort((x, y) => yearOf(x) - yearOf(y) || nameOf(x).localeCompare(nameOf(y)));
  const leaver = s.callers[0];
  for (const upn of [a, b]) expect(textOf((await press(cardFor(connector, link.channelId, nameOf(upn)), leaver, 'claim')).value)).not.toContain('not on');
  await press(cardFor(connector, link.channelId, nameOf(c)), s.callers[1], 'claim');
  const updatesBefore = connector.ok('update').length;

  const entry = (await storage.repos.schools.get(URN))!.value.staff.find((m) => m.upn === leaver.upn)!;
  await changeSchool((school) => ({ ...school, staff: school.staff.filter((m) => m.upn !== leaver.upn) }));
  const result = await services.staffChanges.staffLeft(URN, [entry]);
  expect(result.reopened).toEqual([{ upn: leaver.upn, pupils: [a, b] }]);

  for (const upn of [a, b]) {
    const card = (await storage.repos.pupilCards.get(URN, DAY, upn))!.value;
    expect(card).toMatchObject({ status: 'unclaimed' });
    expect(card.claim).toBeUndefined();
  }
  expect((await storage.repos.pupilCards.get(URN, DAY, c))!.value.status).toBe('in-progress');
  const chronology = await storage.repos.chronology.forPupil(URN, a);
  expect(chronology.some((e) => e.summary === 'Open again (was with Mx Caller1): Mx Caller1 is no longer on the staff list')).toBe(true);

  // The channel's cards show it for everyone.
  for (const upn of [a, b]) {
    const id = cardFor(connector, link.channelId, nameOf(upn)).id;
    await connector.waitFor(() => connector.ok('update').slice(updatesBefore).some((r) => r.activityId === id && !textOf(cardsIn(r.body)[0]).includes('Mx Caller1')), 10_000, 'the card to be updated');
  }
  const chat = chatWith(s.officer.mri)!;
  const told = connector.messagesIn(chat.id).map((m) => m.activity.text).filter(Boolean);
  expect(told).toEqual([`Mx Caller1 is no longer on the staff list, so their claims on ${nameOf(a)} (Year ${yearOf(a)}) and ${nameOf(b)} (Year ${yearOf(b)}) are open again.`]);
  expect(result.told).toEqual([s.officer.upn]);
});

test("someone taken off the staff list is refused on their very next press; a UPN bound to someone else's object id authorises nobody", async () => {
  const [, , , d, e] = s.expectedList;
  const caller = s.callers[2];
  const first = await press(cardFor(connector, link.channelId, nameOf(d)), caller, 'claim');
  expect(textOf(first.value)).not.toContain('staff list');

  await changeSchool((school) => ({ ...school, staff: school.staff.filter((m) => m.upn !== caller.upn) }));
  const refused = await press(cardFor(connector, link.channelId, nameOf(e)), caller, 'claim');
  expect(refused.value).toBe("You are not on Oakfield Park Academy's staff list in Firstday, so you cannot use these cards. Ask your attendance lead to add you.");
  expect((await storage.repos.pupilCards.get(URN, DAY, e))!.value.status).toBe('unclaimed');

  // The roster told the bot the stranger's UPN; an entry with that UPN but another person's object id is not them.
  await changeSchool((school) => ({ ...school, staff: [...school.staff, { upn: s.stranger.upn, aadObjectId: '00000000-0000-4000-8000-0000000000ff', displayName: 'Another Person', roles: ['attendance-lead'] }] }));
  const stranger = await press(cardFor(connector, link.channelId, nameOf(e)), s.stranger, 'claim');
  expect(stranger.value).toContain("You are not on Oakfield Park Academy's staff list");
  expect((await storage.repos.schools.get(URN))!.value.staff.find((m) => m.upn === s.stranger.upn)!.aadObjectId).toBe('00000000-0000-4000-8000-0000000000ff');
});

test('a DSL only in the Entra DSL group gets the concern in a 1:1 chat, is mentioned in the thread, and may acknowledge it', async () => {
  await changeSchool((school) => ({ ...school, roleGroups: { dsl: DSL_GROUP } }));
  const upn = s.expectedList[5];
  const i = s.pupils.findIndex((p) => p.upn === upn);
  const message = cardFor(connector, link.channelId, nameOf(upn));
  const caller = s.callers[1];
  await press(message, caller, 'claim');
  await press(message, caller, 'logAttempt', { contactId: `m${i}`, outcome: 'answered' });
  const form = await press(message, caller, 'concernForm');
  const id = JSON.stringify(form.value).match(/"concern":"([^"]+)"/)![1];
  const raised = await press(message, caller, 'raiseConcern', { concern: id, concernText: 'Bruising mentioned by a sibling', from: 'introduce' });
  expect(textOf(raised.value)).toContain('Your concern has gone to the safeguarding team.');

  const alert = await connector.waitFor(() => {
    const chat = chatWith(groupDsl.aadObjectId);
    return chat && connector.messagesIn(chat.id).find((m) => cardsIn(m.activity).length > 0);
  }, 10_000, "the group DSL's alert");
  expect(textOf(cardsIn(alert.activity)[0])).toContain('Bruising mentioned by a sibling');
  const concern = await eventually(async () => {
    const c = (await storage.repos.concerns.get(URN, id))?.value;
    return c?.alerts?.length === 2 && c;
  }, 10_000, 'both alerts to be recorded');
  expect(concern.alerts!.map((a) => a.upn).sort()).toEqual([s.dsl.upn, groupDsl.upn].sort());
  const mention = connector.ok('send').find((r) => (r.body.entities ?? []).some((e: any) => e.mentioned?.id === groupDsl.aadObjectId));
  expect(mention?.body.text).toContain('<at>Nadia Hale</at>');

  const ack = await personalPress(alert, groupDsl, 'acknowledgeConcern', { urn: URN, concern: id });
  expect(textOf(ack.body.value)).toContain('Thank you: your acknowledgement is recorded.');
  expect((await storage.repos.concerns.get(URN, id))!.value.acknowledged).toMatchObject({ byId: groupDsl.upn, byName: 'Nadia Hale' });
});

test('someone joining the team is matched when Teams says so, the roster read again past a busy answer', async () => {
  // A new staff file: the newcomer is on it with no object id yet.
  const newcomer = s.callers[5];
  await changeSchool((school) => ({ ...school, staff: school.staff.map((m) => (m.upn === newcomer.upn ? { upn: m.upn, displayName: m.displayName, title: m.title, roles: m.roles } : m)) }));
  const roster = connector.rosters.get(link.team.id)!;
  connector.setRoster(link.team.id, [...roster, { id: newcomer.mri, name: newcomer.name, aadObjectId: newcomer.aadObjectId, userPrincipalName: newcomer.upn, tenantId: TENANT, userRole: 'user' }]);
  connector.failNext(1, 429, 0, ['get-paged-members']);
  const before = connector.records.filter((r) => r.kind === 'get-paged-members').length;

  const res = await postActivity(srv.url, membersAddedToTeam(connector.url, link.team, s.lead, [newcomer]));
  expect(res.status).toBe(200);
  const bound = await eventually(async () => (await storage.repos.schools.get(URN))?.value.staff.find((m) => m.upn === newcomer.upn)?.aadObjectId, 15_000, 'the newcomer to be bound');
  expect(bound).toBe(newcomer.aadObjectId);
  expect(connector.records.filter((r) => r.kind === 'get-paged-members').slice(before).map((r) => r.status)).toEqual([429, 200, 200, 200]);
  const remembered = await eventually(() => storage.repos.teamsUsers.get(TENANT, newcomer.aadObjectId));
  expect(remembered.value).toMatchObject({ mri: newcomer.mri, userPrincipalName: newcomer.upn });

  // The lead can run the same sync after an import: nothing new to bind, and it says what it read (the
  // stranger's UPN is on an entry bound to someone else, and the leaver is gone: neither matches).
  expect(await services.roster.syncSchool(URN)).toEqual({ urn: URN, members: 7, matched: 5, bound: 0 });
});
