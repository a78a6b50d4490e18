import { JsonLogger } from '../../bot/platform/logger';
import { BotConnectorClient, parseRetryAfter } from '../../bot/teams/connector-client';
import { leastTimeFor, SlidingWindowLimiter, TEAMS_THREAD_LIMITS } from '../../bot/teams/rate-windows';
import { SendFailedError, TeamsSender } from '../../bot/teams/teams-sender';
import { ConnectorStandIn } from '../support/connector-stand-in';

const quiet = new JsonLogger({ write: () => undefined });
const client = new BotConnectorClient({ token: async () => undefined });
const message = (n: number) => ({ type: 'message', text: `card ${n}` });

test('the limiter spaces sends to every window, and the least time for sixty sends is known', () => {
  const limiter = new SlidingWindowLimiter(TEAMS_THREAD_LIMITS);
  const times: number[] = [];
  let t = 0;
  for (let i = 0; i < 17; i++) {
    t = limiter.earliest(t);
    limiter.record(t);
    times.push(t);
  }
  expect(times.slice(0, 7)).toEqual([0, 0, 0, 0, 0, 0, 0]);
  expect(times[7]).toBe(1000); // 7 in 1 s
  expect(times[8]).toBe(2000); // 8 in 2 s
  expect(times[16]).toBe(4000);
  expect(leastTimeFor(60, TEAMS_THREAD_LIMITS)).toBe(14_000);
  expect(leastTimeFor(61, TEAMS_THREAD_LIMITS)).toBe(30_000); // the 61st waits for the 30 s window
  expect(parseRetryAfter('3')).toBe(3000);
  expect(parseRetryAfter(new Date(Date.now() + 2000).toUTCString(), Date.now())).toBeGreaterThan(900);
});

describe('against a connector that enforces Teams limits', () => {
  let connector: ConnectorStandIn;
  beforeEach(async () => {
    connector = new ConnectorStandIn({ enforceThreadLimits: true });
    await connector.start();
  });
  afterEach(() => connector.stop());

  test('twenty posts into one thread go out in order, paced so that none is throttled', async () => {
    const sender = new TeamsSender({ client, logger: quiet });
    const where = { serviceUrl: connector.url, conversationId: '19:c@thread.tacv2;messageid=1' };
    const started = Date.now();
    const ids = await Promise.all(Array.from({ length: 20 }, (_, i) => sender.post(where, message(i))));
    const took = Date.now() - started;
    expect(new Set(ids).size).toBe(20);
    expect(connector.messagesIn(where.conversationId).map((m) => m.activity.text)).toEqual(Array.from({ length: 20 }, (_, i) => `card ${i}`));
    expect(connector.records.filter((r) => r.status === 429)).toEqual([]);
    // At least the time Teams' limits demand (how close to it the sender keeps is measured by npm run bench).
    expect(took).toBeGreaterThanOrEqual(4000);
  });

  test('a 429 pauses the thread for its Retry-After; nothing is lost or doubled', async () => {
    const sender = new TeamsSender({ client, logger: quiet });
    const where = { serviceUrl: connector.url, conversationId: '19:c@thread.tacv2;messageid=2' };
    connector.failNext(1, 429, 1);
    const started = Date.now();
    await Promise.all([0, 1, 2].map((i) => sender.post(where, message(i))));
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
    expect(connector.records.map((r) => r.status)).toEqual([429, 201, 201, 201]);
    expect(connector.messagesIn(where.conversationId).map((m) => m.activity.text)).toEqual(['card 0', 'card 1', 'card 2']);
  });

  test('412, 502 and 504 are retried; a 400 is not; a message that never gets through fails with the reason', async () => {
    const sender = new TeamsSender({ client, logger: quiet, backoffMs: 20, maxAttempts: 3 });
    const where = { serviceUrl: connector.url, conversationId: '19:c@thread.tacv2;messageid=3' };
    connector.failNext(1, 412);
    connector.failNext(1, 502);
    connector.failNext(1, 504);
    await expect(sender.post(where, message(0))).rejects.toBeInstanceOf(SendFailedError);
    expect(await sender.post(where, message(1))).toMatch(/^\d+$/);
    connector.failNext(1, 400);
    await expect(sender.post(where, message(2))).rejects.toThrow(/HTTP 400/);
    expect(connector.records.map((r) => r.status)).toEqual([412, 502, 504, 201, 400]);
  });

  test('updates of one message waiting in the queue become one, with the newest content', async () => {
    const sender = new TeamsSender({ client, logger: quiet });
    const where = { serviceUrl: connector.url, conversationId: '19:c@thread.tacv2;messageid=4' };
    const id = await sender.post(where, message(0));
    connector.failNext(1, 429, 1, ['update']);
    const updates = [1, 2, 3, 4].map((n) => sender.update(where, id, { type: 'message', text: `version ${n}` }));
    await Promise.all(updates);
    const accepted = connector.ok('update');
    expect(accepted.map((r) => r.body.text)).toEqual(['version 4']);
    expect(connector.messages.get(id)!.activity.text).toBe('version 4');
  });
});
