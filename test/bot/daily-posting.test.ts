import { callingSchool, DAY, DURING_CALLS, markAbsent, seedCallingSchool, type CallingSchool } from '../support/calling-school';
import { dayThread, linkPastoralChannel, runStatus, startDailyRun, textOf, waitForPosted, type LinkedChannel } from '../support/calling-flow';
import { cardsIn } from '../support/card-validator';
import { setUpServerSuite } from '../support/server-suite';
import { addedToTeam, cardPress, channelMessage, postActivity, teamFor } from '../support/teams-activities';

const suite = setUpServerSuite({ connector: true, graphAt: 'connector', clock: DURING_CALLS });
const { storage, connector, servers: [bot] } = suite;

afterEach(() => {
  expect(suite.cardProblems()).toEqual([]);
});

describe('posted straight out', () => {
  let s: CallingSchool;
  let link: LinkedChannel;

  beforeAll(async () => {
    s = await seedCallingSchool(storage.repos, callingSchool({ urn: '100001', absent: 6 }));
    link = await linkPastoralChannel(bot, connector, s);
  });

  test('the summary goes into the channel and each pupil on the list gets one card, in list order, in its thread', async () => {
    const started = await startDailyRun(bot, '100001', { date: DAY });
    expect([200, 202]).toContain(started.status);
    const status = await waitForPosted(bot, '100001', DAY);
    expect(status).toMatchObject({ state: 'posted', listed: 6, cards: { posted: 6, total: 6 } });

    const { summary, thread, cards } = dayThread(connector, link.channelId);
    const names = cards.map((m) => cardsIn(m.activity)[0].body[0].columns[0].items[0].text);
    const expected = s.expectedList.map((upn) => s.pupils.find((p) => p.upn === upn)!).map((p) => `${p.legalForename} ${p.legalSurname}`);
    expect(names).toEqual(expected);
    expect(cards.every((m) => m.posts === 1)).toBe(true);
    expect(connector.ok('send').filter((r) => r.conversationId === thread)).toHaveLength(6);

    await connector.waitFor(() => textOf(connector.cardOf(summary.id)).includes('6 pupils to call'));
    const summaryText = textOf(connector.cardOf(summary.id));
    expect(summaryText).toContain('Unexplained absences: Monday 2 March');
    expect(summaryText).toContain('Not claimed');
    expect(summaryText).toMatch(/Year 7\n2/);
    // Priority marker for the looked-after pupil, without saying why.
    const looked = cards.find((m) => JSON.stringify(cardsIn(m.activity)[0]).includes('"Priority"'));
    expect(looked && cardsIn(looked.activity)[0].body[0].columns[0].items[0].text).toBe(`${s.pupils[1].legalForename} ${s.pupils[1].legalSurname}`);
    expect(JSON.stringify(cards.map((m) => m.activity))).not.toMatch(/looked after|social worker/i);
    // "Open case" takes staff to the pupil's Support First case in the tab (this server's page: no Teams app id here).
    for (const [i, m] of cards.entries()) {
      const open = cardsIn(m.activity)[0].actions.find((a: { title: string }) => a.title === 'Open case');
      expect(open).toEqual({ type: 'Action.OpenUrl', title: 'Open case', url: `${bot.url}/tab/index.html?view=my-cases&pupil=${s.expectedList[i]}` });
    }
  });

  test('running the day again posts nothing twice; a pupil newly on the list gets just their card', async () => {
    const before = connector.ok('send').length;
    const again = await startDailyRun(bot, '100001', { date: DAY });
    expect(again.json).toMatchObject({ state: 'posted', posted: 0, alreadyPosted: 6 });
    expect(connector.ok('send')).toHaveLength(before);

    const late = s.pupils[s.pupils.length - 2]; // was present; the register is corrected to N
    await markAbsent(storage.repos, '100001', late.upn);
    const third = await startDailyRun(bot, '100001', { date: DAY });
    expect(third.json).toMatchObject({ state: 'posted', posted: 1, alreadyPosted: 6 });
    const { cards } = dayThread(connector, link.channelId);
    expect(cards).toHaveLength(7);
    expect(cardsIn(cards[6].activity)[0].body[0].columns[0].items[0].text).toBe(`${late.legalForename} ${late.legalSurname}`);
  });

  test('the API wants the service key, a real school, a school day and a date it can read', async () => {
    const noKey = await fetch(`${bot.url}/api/schools/100001/daily-runs`, { method: 'POST' });
    expect(noKey.status).toBe(401);
    expect((await startDailyRun(bot, '999999')).json.error).toBe('School 999999 is not in Firstday. Import the school first.');
    expect((await startDailyRun(bot, '100001', { date: '2026-03-07' })).json.error).toMatch(/2026-03-07 is not a school day/);
    expect((await startDailyRun(bot, '100001', { date: '2 March' })).status).toBe(400);
    expect((await runStatus(bot, '100001', '2026-03-03')).error).toMatch(/no daily run/);
  });
});

describe('checked by the attendance officer first', () => {
  let s: CallingSchool;
  let link: LinkedChannel;

  beforeAll(async () => {
    s = await seedCallingSchool(storage.repos, callingSchool({ urn: '100003', name: 'Hillside School', absent: 4, reviewBeforePosting: true }));
    link = await linkPastoralChannel(bot, connector, s);
  });

  test('an officer who has added the app for themselves gets the preview in that chat', async () => {
    const s2 = await seedCallingSchool(storage.repos, callingSchool({ urn: '100006', name: 'Oak Grove', absent: 2, reviewBeforePosting: true }));
    await linkPastoralChannel(bot, connector, s2);
    const install = { ...addedToTeam(connector.url, teamFor('grove'), s2.officer), type: 'installationUpdate', action: 'add', membersAdded: undefined };
    await postActivity(bot.url, { ...install, conversation: { id: 'a:officer-own-chat', conversationType: 'personal', tenantId: install.conversation.tenantId }, channelData: { tenant: install.channelData.tenant } });
    expect((await startDailyRun(bot, '100006', { date: DAY })).json).toMatchObject({ state: 'awaiting-review', previews: 1 });
    expect(connector.messagesIn('a:officer-own-chat')).toHaveLength(1);
    expect(connector.chats.some((c) => c.memberId === s2.officer.aadObjectId)).toBe(false);
  });

  test('the officer gets a preview in a 1:1 chat; only the officer or lead can post it, leaving off anyone the register had wrong', async () => {
    const started = await startDailyRun(bot, '100003', { date: DAY });
    expect(started.json).toMatchObject({ state: 'awaiting-review', listed: 4, previews: 1 });
    const chat = connector.chats.find((c) => c.memberId === s.officer.aadObjectId)!;
    expect(chat).toBeDefined();
    const preview = connector.messagesIn(chat.id)[0];
    const card = cardsIn(preview.activity)[0];
    expect(textOf(card)).toContain("Check today's list before it is posted");
    expect(() => dayThread(connector, link.channelId)).toThrow('no summary card');

    const press = (from: CallingSchool['officer'], leaveOff: string) =>
      postActivity(
        bot.url,
        cardPress({ serviceUrl: connector.url, team: link.team, conversationId: chat.id, activityId: preview.id, from, verb: 'postList', data: { urn: '100003', date: DAY, leaveOff }, personal: true }),
      );
    const byCaller = await press(s.callers[0], '');
    expect(byCaller.body.value).toBe("Only Hillside School's attendance officer or attendance lead can post the list.");
    expect((await runStatus(bot, '100003', DAY)).state).toBe('awaiting-review');

    const wrong = s.expectedList[0];
    const byOfficer = await press(s.officer, wrong);
    expect(textOf(byOfficer.body.value)).toContain('Posting 3 cards now.');
    await waitForPosted(bot, '100003', DAY);
    const { cards } = dayThread(connector, link.channelId);
    expect(cards).toHaveLength(3);
    expect(JSON.stringify(cards.map((m) => m.activity))).not.toContain(wrong);

    const twice = await press(s.officer, '');
    expect(textOf(twice.body.value)).toMatch(/The list was already posted by Mrs Sharma at \d\d:\d\d\./);
    const updated = await connector.waitFor(() => textOf(connector.cardOf(preview.id)).includes('Posted to Pastoral by Mrs Sharma') && connector.cardOf(preview.id));
    expect(textOf(updated)).toContain("Today's list is posted");
    expect(textOf(updated)).toContain('Left off the list:');
    expect(updated.actions ?? []).toEqual([]);
  });
});

describe('"@Firstday post the list" in the channel', () => {
  test('the officer or lead can start the day from the channel; anyone else is told who can', async () => {
    const s = await seedCallingSchool(storage.repos, callingSchool({ urn: '100005', name: 'Cedar Park', absent: 2 }));
    const link = await linkPastoralChannel(bot, connector, s);
    const said = (text: RegExp) => connector.waitFor(() => connector.ok('send').find((r) => r.conversationId.startsWith(link.channelId) && text.test(r.body.text ?? '')));
    await postActivity(bot.url, channelMessage(connector.url, link.team, link.channelId, s.callers[0], 'post the list'));
    await said(/^Only the attendance officer or attendance lead can post the daily list\.$/);
    expect(await storage.repos.dailyRuns.get('100005', DAY)).toBeUndefined();

    await postActivity(bot.url, channelMessage(connector.url, link.team, link.channelId, s.officer, 'please post the list'));
    await said(/^Working out today's list/);
    await said(/^Posted 2 cards for 2026-03-02\. 2 on the list\.$/);
    expect(dayThread(connector, link.channelId).cards).toHaveLength(2);
  });
});
