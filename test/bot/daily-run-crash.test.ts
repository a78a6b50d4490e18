import type { ChildProcess } from 'node:child_process';
import { startTestStorage, type TestStorage } from '../support/azurite';
import { spawnWithSettings, startBotServer, type BotServer } from '../support/bot-server';
import { callingSchool, DAY, DURING_CALLS, seedCallingSchool, type CallingSchool } from '../support/calling-school';
import { dayThread, keyOf, linkPastoralChannel, type LinkedChannel } from '../support/calling-flow';
import { ConnectorStandIn } from '../support/connector-stand-in';

let storage: TestStorage;
let connector: ConnectorStandIn;
let bot: BotServer;

beforeAll(async () => {
  storage = await startTestStorage();
  connector = new ConnectorStandIn();
  await connector.start();
  bot = await startBotServer({ connectionString: storage.connectionString, startAt: DURING_CALLS, graphBaseUrl: connector.url });
});

afterAll(async () => {
  await bot?.stop();
  await connector?.stop();
  await storage?.azurite.stop();
});

function daily(urn: string): ChildProcess {
  return spawnWithSettings('bot/jobs/cli.ts', ['daily', '--school', urn, '--date', DAY], { connectionString: storage.connectionString, graphBaseUrl: connector.url, startAt: DURING_CALLS });
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
