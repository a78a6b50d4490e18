import { callingSchool, DURING_CALLS, seedCallingSchool, type CallingSchool } from '../support/calling-school';
import { cardsIn } from '../support/card-validator';
import { setUpServerSuite } from '../support/server-suite';
import { addedToTeam, cardPress, channelMessage, pastoralChannel, postActivity, teamFor } from '../support/teams-activities';

const oakfield = callingSchool({ urn: '100001' });
const elm = callingSchool({ urn: '100002', name: 'Elm Road Primary' });
const suite = setUpServerSuite({ connector: true, clock: DURING_CALLS, schools: [oakfield, elm] });
const { storage, connector, servers: [bot] } = suite;

afterEach(() => {
  expect(suite.cardProblems()).toEqual([]);
});

/** Presses a link card's button with a URN typed in. */
async function pressLink(channelId: string, activityId: string, team: ReturnType<typeof teamFor>, from: CallingSchool['lead'], urn: string, conversationId = channelId) {
  return postActivity(bot.url, cardPress({ serviceUrl: connector.url, team, conversationId, activityId, from, verb: 'linkChannel', data: { channel: channelId, urn } }));
}

test('adding the app to a team keeps the channel and offers the link card there, once', async () => {
  const team = teamFor('oak');
  const res = await postActivity(bot.url, addedToTeam(connector.url, team, oakfield.lead));
  expect(res.status).toBe(200);
  const sent = await connector.waitFor(() => connector.ok('send').find((r) => r.conversationId === team.id));
  const card = cardsIn(sent.body)[0];
  expect(card.body[0].text).toBe('Link this channel to your school');
  expect(card.actions[0]).toMatchObject({ type: 'Action.Execute', verb: 'linkChannel', data: { channel: team.id } });

  await postActivity(bot.url, addedToTeam(connector.url, team, oakfield.lead));
  await new Promise((r) => setTimeout(r, 300));
  expect(connector.ok('send').filter((r) => r.conversationId === team.id)).toHaveLength(1);
  const stored = await storage.repos.channels.getChannel(addedToTeam(connector.url, team, oakfield.lead).conversation.tenantId, team.id);
  expect(stored?.value).toMatchObject({ serviceUrl: connector.url, teamAadGroupId: team.aadGroupId, botId: '28:firstday-bot', channelName: 'General' });
});

test('only an attendance lead of that school can link the channel; the card then says so for everyone', async () => {
  const team = teamFor('oak2');
  const channelId = pastoralChannel(team);
  await postActivity(bot.url, channelMessage(connector.url, team, channelId, oakfield.officer, 'link'));
  const linkCard = await connector.waitFor(() => connector.ok('send').find((r) => r.conversationId.startsWith(`${channelId};`)));

  const byOfficer = await pressLink(channelId, linkCard.activityId!, team, oakfield.officer, '100001', linkCard.conversationId);
  expect(byOfficer.body.type).toBe('application/vnd.microsoft.card.adaptive');
  expect(JSON.stringify(byOfficer.body.value)).toContain('Only an attendance lead at Oakfield Park Academy can link a channel to it.');
  expect(await storage.repos.channels.forSchool('100001')).toBeUndefined();

  const byStranger = await pressLink(channelId, linkCard.activityId!, team, oakfield.stranger, '100001', linkCard.conversationId);
  expect(JSON.stringify(byStranger.body.value)).toContain('Only an attendance lead');
  const badUrn = await pressLink(channelId, linkCard.activityId!, team, oakfield.lead, '12ab', linkCard.conversationId);
  expect(JSON.stringify(badUrn.body.value)).toContain("Enter the school's URN: 6 or 7 digits.");
  const unknown = await pressLink(channelId, linkCard.activityId!, team, oakfield.lead, '999999', linkCard.conversationId);
  expect(JSON.stringify(unknown.body.value)).toContain('No school with URN 999999 is set up in Firstday yet.');

  const byLead = await pressLink(channelId, linkCard.activityId!, team, oakfield.lead, ' 100001 ', linkCard.conversationId);
  expect(byLead.body.value.body[0].text).toBe('This channel is linked to Oakfield Park Academy');
  const link = (await storage.repos.channels.forSchool('100001'))!.value;
  expect(link).toMatchObject({ conversationId: channelId, linkedByName: 'Mrs Ashworth', channelName: 'Pastoral', teamAadGroupId: team.aadGroupId });
  const update = await connector.waitFor(() => connector.ok('update').find((r) => r.activityId === linkCard.activityId));
  expect(cardsIn(update.body)[0].body[0].text).toBe('This channel is linked to Oakfield Park Academy');

  const audit = await storage.repos.audit.recent('100001');
  expect(audit.filter((e) => e.action === 'channel.link').map((e) => e.outcome).sort()).toEqual(['denied', 'denied', 'ok']);
});

test('a trust links each school to its own channel; a channel already linked cannot take a second school', async () => {
  const team = teamFor('trust');
  const oakChannel = pastoralChannel(team);
  const elmChannel = oakChannel.replace('pastoral', 'elm-pastoral');
  await postActivity(bot.url, channelMessage(connector.url, team, elmChannel, elm.lead, 'link'));
  const elmCard = await connector.waitFor(() => connector.ok('send').find((r) => r.conversationId.startsWith(`${elmChannel};`)));
  const linked = await pressLink(elmChannel, elmCard.activityId!, team, elm.lead, '100002', elmCard.conversationId);
  expect(linked.body.value.body[0].text).toBe('This channel is linked to Elm Road Primary');

  const again = await pressLink(elmChannel, elmCard.activityId!, team, oakfield.lead, '100001', elmCard.conversationId);
  expect(JSON.stringify(again.body.value)).toContain('This channel is already linked to Elm Road Primary (URN 100002). Each school needs its own channel.');
  expect((await storage.repos.channels.forSchool('100002'))!.value.conversationId).toBe(elmChannel);

  // A link card pressed from another channel does nothing.
  const elsewhere = await pressLink(elmChannel, elmCard.activityId!, team, elm.lead, '100002', oakChannel);
  expect(elsewhere.body).toMatchObject({ statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: 'This link card belongs to another channel. Nothing was changed.' });

  // Asked again in the linked channel, the bot says what it is linked to.
  await postActivity(bot.url, channelMessage(connector.url, team, elmChannel, elm.officer, 'hello'));
  const answer = await connector.waitFor(() =>
    connector.ok('send').filter((r) => r.conversationId.startsWith(`${elmChannel};`)).find((r) => cardsIn(r.body)[0]?.body[0].text === 'This channel is linked to Elm Road Primary'),
  );
  expect(cardsIn(answer.body)[0].actions ?? []).toEqual([]);
});

test("a lead whose Entra id is not on the staff list yet is recognised by the user principal name Teams gives for them", async () => {
  const s = await seedCallingSchool(storage.repos, callingSchool({ urn: '100004', name: 'Birch Hill' }));
  const school = (await storage.repos.schools.get('100004'))!;
  await storage.repos.schools.replace({ ...school.value, staff: school.value.staff.map((m) => (m.upn === s.lead.upn ? { ...m, aadObjectId: undefined } : m)) }, school.etag);
  connector.members.set(s.lead.mri, { id: s.lead.mri, name: s.lead.name, aadObjectId: s.lead.aadObjectId, userPrincipalName: s.lead.upn.toUpperCase() });
  const team = teamFor('birch');
  const channelId = pastoralChannel(team);
  await postActivity(bot.url, channelMessage(connector.url, team, channelId, s.lead, 'link'));
  const linkCard = await connector.waitFor(() => connector.ok('send').find((r) => r.conversationId.startsWith(`${channelId};`)));
  const res = await pressLink(channelId, linkCard.activityId!, team, s.lead, '100004', linkCard.conversationId);
  expect(res.body.value.body[0].text).toBe('This channel is linked to Birch Hill');
  expect(connector.ok('get-member')).toHaveLength(1);
  expect((await storage.repos.teamsUsers.get(addedToTeam(connector.url, team, s.lead).conversation.tenantId, s.lead.aadObjectId))!.value.userPrincipalName).toBe(s.lead.upn.toUpperCase());
});

test('an unknown button changes nothing and says so', async () => {
  const team = teamFor('oak3');
  const res = await postActivity(bot.url, cardPress({ serviceUrl: connector.url, team, conversationId: team.id, activityId: '1', from: oakfield.lead, verb: 'launchMissiles', data: {} }));
  expect(res.body).toEqual({ statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: 'This button ("launchMissiles") is not one Firstday knows, so nothing was changed. The card may be out of date.' });
});
