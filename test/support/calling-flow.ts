/**
 * Steps the calling tests share, all through the server's HTTP surface: link a school's channel the way an
 * attendance lead does, start the daily run through the API, find the cards the connector received, press.
 */
import type { BotServer } from './bot-server';
import { TEST_API_KEY } from './bot-server';
import { DAY, type CallingSchool, type TeamsPerson } from './calling-school';
import { cardsIn } from './card-validator';
import type { ConnectorStandIn, StoredMessage } from './connector-stand-in';
import { cardPress, channelMessage, pastoralChannel, postActivity, teamFor, type InvokeReply, type TeamRef } from './teams-activities';

export interface LinkedChannel {
  team: TeamRef;
  channelId: string;
}

export async function linkPastoralChannel(bot: BotServer, connector: ConnectorStandIn, s: CallingSchool, key = s.school.urn): Promise<LinkedChannel> {
  const team = teamFor(key);
  const channelId = pastoralChannel(team);
  await postActivity(bot.url, channelMessage(connector.url, team, channelId, s.lead, 'link'));
  const card = await connector.waitFor(() => connector.ok('send').find((r) => r.conversationId.startsWith(`${channelId};`)), 10_000, 'the link card');
  const res = await postActivity(
    bot.url,
    cardPress({ serviceUrl: connector.url, team, conversationId: card.conversationId, activityId: card.activityId!, from: s.lead, verb: 'linkChannel', data: { channel: channelId, urn: s.school.urn } }),
  );
  if (!String(res.body?.value?.body?.[0]?.text).startsWith('This channel is linked')) throw new Error(`linking failed: ${JSON.stringify(res.body)}`);
  return { team, channelId };
}

/** Links the school's pastoral channel, starts the day's run and waits until its list is posted. */
export async function linkAndPostTheList(bot: BotServer, connector: ConnectorStandIn, s: CallingSchool, date = DAY): Promise<LinkedChannel> {
  const link = await linkPastoralChannel(bot, connector, s);
  await startDailyRun(bot, s.school.urn, { date });
  await waitForPosted(bot, s.school.urn, date);
  return link;
}

export async function startDailyRun(bot: BotServer, urn: string, body: object = {}): Promise<{ status: number; json: any }> {
  const res = await fetch(`${bot.url}/api/schools/${urn}/daily-runs`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${TEST_API_KEY}` },
    body: JSON.stringify(body),
  });
  return { status: res.status, json: await res.json() };
}

export async function runStatus(bot: BotServer, urn: string, date: string): Promise<any> {
  const res = await fetch(`${bot.url}/api/schools/${urn}/daily-runs/${date}`, { headers: { authorization: `Bearer ${TEST_API_KEY}` } });
  return res.json();
}

export async function waitForPosted(bot: BotServer, urn: string, date: string, timeoutMs = 30_000): Promise<any> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const status = await runStatus(bot, urn, date);
    if (status.state === 'posted') return status;
    if (Date.now() > until) throw new Error(`daily run not posted in time: ${JSON.stringify(status)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The summary message in the channel and the pupil cards in its thread, as the connector holds them. */
export function dayThread(connector: ConnectorStandIn, channelId: string): { summary: StoredMessage; thread: string; cards: StoredMessage[] } {
  const summary = connector.messagesIn(channelId).find((m) => cardsIn(m.activity)[0]?.body?.[0]?.text?.startsWith('Unexplained absences'));
  if (!summary) throw new Error('no summary card in the channel');
  const thread = `${channelId};messageid=${summary.id}`;
  return { summary, thread, cards: connector.messagesIn(thread).filter((m) => cardsIn(m.activity).length > 0) };
}

/** The card of a pupil in the day's thread, by name. */
export function cardFor(connector: ConnectorStandIn, channelId: string, pupilName: string): StoredMessage {
  const found = dayThread(connector, channelId).cards.find((m) => cardsIn(m.activity)[0].body[0].columns[0].items[0].text === pupilName);
  if (!found) throw new Error(`no card for ${pupilName}`);
  return found;
}

export function keyOf(message: StoredMessage): string {
  const card = cardsIn(message.activity)[0];
  return card.body[0].id.replace('pupil-card|', '');
}

/** Presses a button on a pupil's card in the thread. */
export function pressOn(bot: BotServer, connector: ConnectorStandIn, link: LinkedChannel, message: StoredMessage, from: TeamsPerson, verb: string, data: Record<string, unknown> = {}): Promise<InvokeReply> {
  return postActivity(
    bot.url,
    cardPress({ serviceUrl: connector.url, team: link.team, conversationId: message.conversationId, activityId: message.id, from, verb, data: { card: keyOf(message), ...data } }),
  );
}

/** A press on a card in someone's 1:1 chat with the bot. */
export function pressInChat(bot: BotServer, connector: ConnectorStandIn, message: StoredMessage, from: TeamsPerson, verb: string, data: Record<string, unknown>): Promise<InvokeReply> {
  const team: TeamRef = { id: 'none', aadGroupId: 'none', name: 'none' };
  return postActivity(bot.url, cardPress({ serviceUrl: connector.url, team, conversationId: message.conversationId, activityId: message.id, from, verb, data, personal: true }));
}

/**
 * The messages in the bot's 1:1 chat with someone: the bot addresses a person by their Teams id once it has
 * seen them, else by their Entra object id (all it has when given only that).
 */
export function chatMessages(connector: ConnectorStandIn, who: TeamsPerson | string): StoredMessage[] {
  const ids = typeof who === 'string' ? [who] : [who.aadObjectId, who.mri];
  const chat = connector.chats.find((c) => ids.includes(c.memberId));
  return chat ? connector.messagesIn(chat.id) : [];
}

/** All the text a card shows, for simple assertions. */
export function textOf(card: any): string {
  const out: string[] = [];
  const walk = (n: any) => {
    if (Array.isArray(n)) n.forEach(walk);
    else if (n && typeof n === 'object') {
      for (const k of ['text', 'title', 'label', 'value']) if (typeof n[k] === 'string') out.push(n[k]);
      Object.values(n).forEach(walk);
    }
  };
  walk(card);
  return out.join('\n');
}
