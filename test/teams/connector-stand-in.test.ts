/**
 * The connector stand-in holds the bot to Teams' documented limits with its own numbers: an eighth message in a
 * second, a ninth in two, a sixty-first in thirty and an 1801st in an hour are refused with 429 and a Retry-After
 * that is enough; other conversations are not affected; a message over 100 KB (as UTF-16) is refused with 413.
 */
import { ConnectorStandIn, TEAMS_MESSAGE_SIZE_LIMIT_BYTES, teamsMessageBytes } from '../support/connector-stand-in';

let now = 0;
const connector = new ConnectorStandIn({ enforceThreadLimits: true, now: () => now });
beforeAll(() => connector.start());
afterAll(() => connector.stop());

async function send(conversationId: string, activity: object = { type: 'message', text: 'hello' }): Promise<{ status: number; retryAfter: number; code?: string }> {
  const res = await fetch(`${connector.url}/v3/conversations/${encodeURIComponent(conversationId)}/activities`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(activity) });
  const body = await res.json();
  return { status: res.status, retryAfter: Number(res.headers.get('retry-after') ?? 0), code: body.error?.code };
}

/** Sends n messages as fast as the one- and two-second windows allow (seven at once, one more a second later,
 * every two seconds), sixty at a time, each sixty 45 s after the last began. */
async function sendPaced(conversationId: string, n: number, from: number): Promise<number[]> {
  const statuses: number[] = [];
  for (let i = 0; i < n; i++) {
    const k = i % 60;
    now = from + Math.floor(i / 60) * 45_000 + Math.floor(k / 8) * 2000 + (k % 8 < 7 ? 0 : 1000);
    statuses.push((await send(conversationId)).status);
  }
  return statuses;
}

test('seven messages in a second, eight in two: the next is refused with 429 until its window has passed', async () => {
  const thread = '19:limits@thread.tacv2;messageid=1';
  expect(await sendPaced(thread, 7, 0)).toEqual(Array(7).fill(201));
  expect(await send(thread)).toMatchObject({ status: 429, retryAfter: 1 });
  // Another conversation has its own count.
  expect((await send('19:limits@thread.tacv2;messageid=2')).status).toBe(201);

  now = 1000;
  expect((await send(thread)).status).toBe(201);
  const ninth = await send(thread);
  expect(ninth.status).toBe(429);
  now += ninth.retryAfter * 1000;
  expect((await send(thread)).status).toBe(201);
});

test('sixty in thirty seconds, 1800 in an hour', async () => {
  const thread = 'a:personal-hour';
  expect(await sendPaced(thread, 60, 100_000)).toEqual(Array(60).fill(201));
  now += 1000;
  const sixtyFirst = await send(thread);
  expect(sixtyFirst.status).toBe(429);
  now += sixtyFirst.retryAfter * 1000;
  expect((await send(thread)).status).toBe(201);

  const hour = 'a:personal-hour-2';
  const statuses = await sendPaced(hour, 1800, 1_000_000);
  expect(statuses.filter((status) => status !== 201)).toEqual([]);
  now += 45_000;
  const refused = await send(hour);
  expect(refused.status).toBe(429);
  expect(refused.retryAfter).toBeGreaterThan(30);
  now += refused.retryAfter * 1000;
  expect((await send(hour)).status).toBe(201);
}, 120_000);

test('a message over 100 KB, counted as UTF-16, is refused with 413 MessageSizeTooBig; one at the limit goes', async () => {
  const card = (chars: number) => ({ type: 'message', attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', content: { type: 'AdaptiveCard', version: '1.5', body: [{ type: 'TextBlock', text: 'x'.repeat(chars) }] } }] });
  const overhead = teamsMessageBytes(card(0)) / 2;
  const fits = card(TEAMS_MESSAGE_SIZE_LIMIT_BYTES / 2 - overhead);
  const over = card(TEAMS_MESSAGE_SIZE_LIMIT_BYTES / 2 - overhead + 1);
  expect(teamsMessageBytes(fits)).toBe(100 * 1024);
  now = 10_000_000;
  expect((await send('19:big@thread.tacv2', fits)).status).toBe(201);
  expect(await send('19:big@thread.tacv2', over)).toMatchObject({ status: 413, code: 'MessageSizeTooBig' });
  expect(connector.messagesIn('19:big@thread.tacv2')).toHaveLength(1);
});
