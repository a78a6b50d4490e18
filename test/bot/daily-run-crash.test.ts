import type { ChildProcess } from 'node:child_process';
import { clockFrom, spawnWithSettings } from '../support/bot-server';
import { callingSchool, DAY, DURING_CALLS, seedCallingSchool, type CallingSchool } from '../support/calling-school';
import { dayThread, keyOf, linkPastoralChannel, pressOn, type LinkedChannel } from '../support/calling-flow';
import { setUpServerSuite } from '../support/server-suite';
import { loadConfig } from '../../bot/platform/config';
import { JsonLogger } from '../../bot/platform/logger';
import { createTeamsServices } from '../../bot/teams/teams-integration';

const suite = setUpServerSuite({ connector: true, graphAt: 'connector', clock: DURING_CALLS });
const { storage, connector, servers: [bot] } = suite;

afterEach(() => {
  expect(suite.cardProblems()).toEqual([]);
});

function daily(urn: string): ChildProcess {
  return spawnWithSettings('bot/commands/daily-command.ts', ['--school', urn, '--date', DAY], { connectionString: storage.connectionString, graphBaseUrl: connector.url, startAt: DURING_CALLS });
}

function finished(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null; out: string; err: string }> {
  let out = '';
  let err = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (err += d));
  return new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal, out, err })));
}

/** Every pupil on the list has exactly one message in the day's thread. */
function expectEachPostedOnce(s: CallingSchool, link: LinkedChannel): void {
  const { cards } = dayThread(connector, link.channelId);
  const keys = cards.map(keyOf).map((k) => k.split('|')[2]);
  expect([...keys].sort()).toEqual([...s.expectedList].sort());
  expect(connector.messagesIn(link.channelId).filter((m) => m.activity.attachments?.[0]?.content?.body?.[0]?.text?.startsWith('Unexplained'))).toHaveLength(1);
}

test('killed just as Teams accepts a card (before the run records it), the rerun finds that card in the channel and posts the rest once', async () => {
  const s = await seedCallingSchool(storage.repos, callingSchool({ urn: '100001', absent: 12 }));
  const link = await linkPastoralChannel(bot, connector, s);
  const first = daily('100001');
  const firstDone = finished(first);
  let sentInThread = 0;
  const stop = connector.onRequest((r) => {
    if (r.kind === 'send' && r.status < 300 && r.conversationId.startsWith(`${link.channelId};messageid=`) && ++sentInThread === 5) first.kill('SIGKILL');
  });
  const killed = await firstDone;
  stop();
  expect(killed.signal).toBe('SIGKILL');
  const cardsMidway = (await storage.repos.pupilCards.list('100001', DAY)).map((c) => c.value.posting.state);
  expect(cardsMidway.filter((state) => state === 'posted').length).toBeLessThan(5);
  expect(cardsMidway).toContain('sending');

  const rerun = await finished(daily('100001'));
  expect(rerun.code).toBe(0);
  expect(rerun.out).toMatch(/Another process is posting 2026-03-02; waiting for it/);
  expect(rerun.out).toMatch(/found in the channel after an interrupted run/);
  expectEachPostedOnce(s, link);
  const cards = (await storage.repos.pupilCards.list('100001', DAY)).map((c) => c.value);
  expect(cards.every((c) => c.posting.state === 'posted' && c.posting.activityId && connector.messages.get(c.posting.activityId)?.posts === 1)).toBe(true);
}, 60_000);

test('two runs started at once on two processes post each card once between them', async () => {
  const s = await seedCallingSchool(storage.repos, callingSchool({ urn: '100002', name: 'Elm Road', absent: 10 }));
  const link = await linkPastoralChannel(bot, connector, s);
  const [a, b] = await Promise.all([finished(daily('100002')), finished(daily('100002'))]);
  expect([a.code, b.code]).toEqual([0, 0]);
  expect([a.out, b.out].join('\n')).toMatch(/Posted 10 cards for 2026-03-02/);
  expectEachPostedOnce(s, link);
  // And once more, after the event: nothing new.
  const again = await finished(daily('100002'));
  expect(again.out).toMatch(/Posted 0 cards for 2026-03-02 \(10 already there\)/);
  expectEachPostedOnce(s, link);
}, 60_000);

test('without Graph to check the channel, a card in doubt is posted again and marked as resent', async () => {
  const s = await seedCallingSchool(storage.repos, callingSchool({ urn: '100003', name: 'Ash Lane', absent: 3 }));
  const link = await linkPastoralChannel(bot, connector, s);
  const services = createTeamsServices({
    config: loadConfig({ TABLES_CONNECTION_STRING: storage.connectionString, SEED_DEMO: 'false' }),
    logger: new JsonLogger({ write: () => undefined }),
    repos: storage.repos,
    now: clockFrom(DURING_CALLS),
  });
  const first = await services.runner.start('100003', DAY, { id: 'test', name: 'Test', source: 'test' });
  expect(first).toMatchObject({ state: 'posted', posted: 3 });
  // As if the process had died after Teams accepted the first card but before its id was recorded.
  const upn = s.expectedList[0];
  const stored = (await storage.repos.pupilCards.get('100003', DAY, upn))!;
  await storage.repos.pupilCards.replace({ ...stored.value, posting: { state: 'sending', sendingSince: DURING_CALLS } }, stored.etag);
  const run = (await storage.repos.dailyRuns.get('100003', DAY))!;
  await storage.repos.dailyRuns.replace({ ...run.value, state: 'posting' }, run.etag);

  const again = await services.runner.post('100003', DAY);
  expect(again).toMatchObject({ state: 'posted', posted: 0, alreadyPosted: 2, resentAfterDoubt: 1 });
  const card = (await storage.repos.pupilCards.get('100003', DAY, upn))!.value;
  expect(card.posting).toMatchObject({ state: 'posted', resentAfterDoubt: true });
  const copies = dayThread(connector, link.channelId).cards.filter((m) => keyOf(m).endsWith(upn));
  expect(copies).toHaveLength(2);
  services.summaries.stop();
  await services.sender.idle();

  // A press on the stray copy acts on the one record, and from then on both copies show the same.
  const stray = copies.find((m) => m.id !== card.posting.activityId)!;
  const claimed = await pressOn(bot, connector, link, stray, s.callers[0], 'claim');
  expect(JSON.stringify(claimed.body.value)).toContain('Contacts, in the order to ring them');
  for (const copy of copies) await connector.waitFor(() => JSON.stringify(connector.cardOf(copy.id)).includes('Claimed by Mx Caller1'));
  expect((await storage.repos.pupilCards.get('100003', DAY, upn))!.value.posting.copies).toEqual([stray.id]);
});
