/**
 * A local Bot Connector for tests and benchmarks: the REST routes the bot calls (create a conversation, send,
 * reply, update, get a member, a team's roster page by page), plus the two Microsoft Graph routes that list a channel's messages and a
 * thread's replies. It records every request, can answer 429 with Retry-After on demand, refuses a message
 * over Teams' size limit as Teams does (413), and can enforce Teams' per-thread limits by answering 429 to
 * anything faster. Both limits are its own numbers, from Microsoft's documentation (below), not the bot's:
 * a stand-in that shared the bot's numbers could not catch them being wrong.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';

export type RequestKind = 'create-conversation' | 'send' | 'update' | 'get-member' | 'get-paged-members';

/** At most `count` operations within any `ms`. */
export interface ThreadWindow {
  count: number;
  ms: number;
}

const windows = (...pairs: [count: number, seconds: number][]): ThreadWindow[] => pairs.map(([count, seconds]) => ({ count, ms: seconds * 1000 }));

/**
 * "Per bot per thread limit", in Microsoft's "Optimize your bot with rate limiting in Teams"
 * (https://learn.microsoft.com/microsoftteams/platform/bots/how-to/rate-limit): the operations one bot may make
 * in one conversation (a 1:1 chat, a group chat, a channel) in each period. Counted here per conversation as
 * the bot addresses it, a channel thread's replies ("…;messageid=…") being one; an update counts as a send to
 * it, the table naming no other message operation.
 */
export const TEAMS_PER_THREAD_LIMITS: Record<'send' | 'create-conversation' | 'get-members', readonly ThreadWindow[]> = {
  send: windows([7, 1], [8, 2], [60, 30], [1800, 3600]),
  'create-conversation': windows([7, 1], [8, 2], [60, 30], [1800, 3600]),
  'get-members': windows([14, 1], [16, 2], [120, 30], [3600, 3600]),
};

/**
 * "The bot message size limit is 100 KB", counting the message itself (text, attachments), its @-mentions and
 * reactions encoded as UTF-16; over it Teams answers 413 RequestEntityTooLarge with the code MessageSizeTooBig.
 * Microsoft's "Format your bot messages" (https://learn.microsoft.com/microsoftteams/platform/bots/how-to/format-your-bot-messages).
 * The 28 KB often quoted is an incoming webhook's ("Create incoming webhooks"), not a bot's.
 */
export const TEAMS_MESSAGE_SIZE_LIMIT_BYTES = 100 * 1024;

/** A message's size as Teams counts it: its text, cards and mentions in UTF-16. */
export function teamsMessageBytes(activity: { text?: unknown; attachments?: unknown; entities?: unknown }): number {
  return Buffer.byteLength(JSON.stringify({ text: activity.text, attachments: activity.attachments, entities: activity.entities }), 'utf16le');
}

const LIMITED: Partial<Record<RequestKind, keyof typeof TEAMS_PER_THREAD_LIMITS>> = {
  send: 'send',
  update: 'send',
  'create-conversation': 'create-conversation',
  'get-member': 'get-members',
  'get-paged-members': 'get-members',
};

/** A team member as the roster gives them (TeamsChannelAccount). */
export interface RosterMember {
  /** Teams user id (29:...). */
  id: string;
  name: string;
  aadObjectId?: string;
  userPrincipalName?: string;
  email?: string;
  givenName?: string;
  surname?: string;
  tenantId?: string;
  userRole?: 'user' | 'guest' | 'anonymous';
}

export interface Recorded {
  kind: RequestKind;
  /** The conversation as addressed: a channel, a channel thread ("…;messageid=…"), a 1:1 chat. */
  conversationId: string;
  activityId?: string;
  body: any;
  /** ms since the stand-in started. */
  at: number;
  status: number;
}

export interface StoredMessage {
  id: string;
  conversationId: string;
  /** The latest content (after updates). */
  activity: any;
  posts: number;
  updates: number;
}

export interface StandInOptions {
  /** Answer 429 to any operation beyond Teams' per-thread limits (TEAMS_PER_THREAD_LIMITS). */
  enforceThreadLimits?: boolean;
  /** The clock the limits are counted on (ms); the real one unless a test sets its own. */
  now?: () => number;
}

export interface PersonalChat {
  id: string;
  /** The member the chat is with (Teams user id or Entra object id, as the bot gave it). */
  memberId: string;
}

export class ConnectorStandIn {
  readonly records: Recorded[] = [];
  readonly messages = new Map<string, StoredMessage>();
  readonly chats: PersonalChat[] = [];
  /** Teams members the bot can look up: user id -> member. */
  readonly members = new Map<string, { id: string; name: string; aadObjectId?: string; userPrincipalName?: string }>();
  /** Each team's roster, by team id (the General channel's conversation id). */
  readonly rosters = new Map<string, RosterMember[]>();
  /**
   * Members per roster page whatever pageSize asks, to make paging visible with a small team. Unset, the
   * service's own rule applies: under 50 is treated as 50, over 500 capped at 500 (default 200).
   */
  rosterPageSize: number | undefined;
  private readonly failures: { status: number; retryAfter?: string; kinds: RequestKind[] }[] = [];
  /** When each operation Teams' limits count was accepted, by scenario and conversation. */
  private readonly accepted = new Map<string, number[]>();
  private readonly listeners = new Set<() => void>();
  private server: http.Server | undefined;
  private started = Date.now();
  private nextId = 1;
  url = '';

  constructor(private readonly options: StandInOptions = {}) {}

  async start(): Promise<string> {
    const app = express();
    app.use(express.json({ limit: '5mb' }));

    app.post('/v3/conversations', (req, res) => {
      const memberId = req.body?.members?.[0]?.id;
      if (!memberId) {
        this.record('create-conversation', '', undefined, req.body, 400);
        res.status(400).json({ error: { code: 'BadArgument', message: 'members is required' } });
        return;
      }
      let chat = this.chats.find((c) => c.memberId === memberId);
      // No conversation yet: the one being created is the bot's with this member.
      if (this.refuse('create-conversation', `member:${memberId}`, req.body, res)) return;
      if (!chat) {
        chat = { id: `a:personal-${this.chats.length + 1}`, memberId };
        this.chats.push(chat);
      }
      this.record('create-conversation', chat.id, undefined, req.body, 201);
      res.status(201).json({ id: chat.id });
    });

    const send = (req: express.Request, res: express.Response) => {
      const conversationId = req.params.conversationId;
      const thread = req.params.replyToId ? `${conversationId.split(';')[0]};messageid=${req.params.replyToId}` : conversationId;
      if (this.refuse('send', thread, req.body, res)) return;
      const id = `${1_700_000_000_000 + this.nextId++}`;
      this.messages.set(id, { id, conversationId: thread, activity: req.body, posts: 1, updates: 0 });
      this.record('send', thread, id, req.body, 201);
      res.status(201).json({ id });
    };
    app.post('/v3/conversations/:conversationId/activities', send);
    app.post('/v3/conversations/:conversationId/activities/:replyToId', send);

    app.put('/v3/conversations/:conversationId/activities/:activityId', (req, res) => {
      const { conversationId, activityId } = req.params;
      const message = this.messages.get(activityId);
      if (!message) {
        this.record('update', conversationId, activityId, req.body, 404);
        res.status(404).json({ error: { code: 'ActivityNotFound', message: 'No such activity' } });
        return;
      }
      if (this.refuse('update', conversationId, req.body, res, activityId)) return;
      message.activity = req.body;
      message.updates++;
      this.record('update', conversationId, activityId, req.body, 200);
      res.status(200).json({ id: activityId });
    });

    app.get('/v3/conversations/:conversationId/members/:userId', (req, res) => {
      const member = this.members.get(req.params.userId);
      if (this.refuse('get-member', req.params.conversationId, { userId: req.params.userId }, res)) return;
      this.record('get-member', req.params.conversationId, undefined, { userId: req.params.userId }, member ? 200 : 404);
      if (!member) res.status(404).json({ error: { code: 'MemberNotFound', message: 'No such member' } });
      else res.json(member);
    });

    // GET /v3/conversations/{teamId}/pagedmembers?pageSize=&continuationToken= answers
    // { continuationToken, members: TeamsChannelAccount[] }, the token absent on the last page.
    app.get('/v3/conversations/:conversationId/pagedmembers', (req, res) => {
      const teamId = req.params.conversationId;
      const roster = this.rosters.get(teamId.split(';')[0]);
      const query = { pageSize: req.query.pageSize, continuationToken: req.query.continuationToken };
      if (!roster) {
        this.record('get-paged-members', teamId, undefined, query, 404);
        res.status(404).json({ error: { code: 'ConversationNotFound', message: 'Conversation not found.' } });
        return;
      }
      if (this.refuse('get-paged-members', teamId, query, res)) return;
      const asked = Number(req.query.pageSize ?? 200);
      const size = this.rosterPageSize ?? Math.min(500, Math.max(50, Number.isFinite(asked) ? asked : 200));
      const token = typeof req.query.continuationToken === 'string' ? req.query.continuationToken : undefined;
      const from = token ? Number(Buffer.from(token, 'base64url').toString()) : 0;
      if (!Number.isInteger(from) || from < 0 || from > roster.length) {
        this.record('get-paged-members', teamId, undefined, query, 400);
        res.status(400).json({ error: { code: 'BadArgument', message: 'Invalid continuation token.' } });
        return;
      }
      const next = from + size < roster.length ? Buffer.from(String(from + size)).toString('base64url') : undefined;
      this.record('get-paged-members', teamId, undefined, query, 200);
      res.json({ ...(next ? { continuationToken: next } : {}), members: roster.slice(from, from + size) });
    });

    // Microsoft Graph: GET /v1.0/teams/{team-id}/channels/{channel-id}/messages[/{message-id}/replies]
    app.get('/v1.0/teams/:teamId/channels/:channelId/messages', (req, res) => {
      res.json({ value: this.graphMessages(req.params.channelId) });
    });
    app.get('/v1.0/teams/:teamId/channels/:channelId/messages/:messageId/replies', (req, res) => {
      res.json({ value: this.graphMessages(`${req.params.channelId};messageid=${req.params.messageId}`) });
    });

    this.server = http.createServer(app);
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', () => resolve()));
    this.started = Date.now();
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this.url;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (server) {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  }

  /** Sets a team's roster; its members can also be looked up one by one. */
  setRoster(teamId: string, members: RosterMember[]): void {
    this.rosters.set(teamId, members);
    for (const m of members) this.members.set(m.id, m);
  }

  /** The next `count` sends or updates (of the kinds given) are answered with this status. */
  failNext(count: number, status: number, retryAfterSeconds?: number, kinds: RequestKind[] = ['send', 'update']): void {
    for (let i = 0; i < count; i++) this.failures.push({ status, retryAfter: retryAfterSeconds === undefined ? undefined : String(retryAfterSeconds), kinds });
  }

  /** Requests Teams accepted. */
  ok(kind?: RequestKind): Recorded[] {
    return this.records.filter((r) => r.status < 300 && (!kind || r.kind === kind));
  }

  /** Messages sent into a conversation (thread), in the order received. */
  messagesIn(conversationId: string): StoredMessage[] {
    return [...this.messages.values()].filter((m) => m.conversationId === conversationId);
  }

  /** The card of a message as it stands now. */
  cardOf(activityId: string): any {
    return this.messages.get(activityId)?.activity?.attachments?.[0]?.content;
  }

  /** Resolves once `check` holds after some request, or fails after `timeoutMs`. */
  async waitFor<T>(check: () => T | undefined | false, timeoutMs = 15_000, what = 'the connector to receive the expected messages'): Promise<T> {
    const first = check();
    if (first) return first;
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.listeners.delete(listener);
        reject(new Error(`Timed out waiting for ${what}`));
      }, timeoutMs);
      const listener = () => {
        const value = check();
        if (value) {
          clearTimeout(timer);
          this.listeners.delete(listener);
          resolve(value);
        }
      };
      this.listeners.add(listener);
    });
  }

  /** Called with each request as it arrives (e.g. to kill a process at a chosen moment). */
  onRequest(listener: (r: Recorded) => void): () => void {
    const wrapped = () => listener(this.records[this.records.length - 1]);
    this.listeners.add(wrapped);
    return () => this.listeners.delete(wrapped);
  }

  private refuse(kind: RequestKind, thread: string, body: unknown, res: express.Response, activityId?: string): boolean {
    const index = this.failures.findIndex((f) => f.kinds.includes(kind));
    if (index >= 0) {
      const [failure] = this.failures.splice(index, 1);
      this.record(kind, thread, activityId, body, failure.status);
      if (failure.retryAfter) res.setHeader('Retry-After', failure.retryAfter);
      res.status(failure.status).json({ error: { code: 'Injected', message: `Injected ${failure.status}` } });
      return true;
    }
    const bytes = kind === 'send' || kind === 'update' ? teamsMessageBytes(body as object) : 0;
    if (bytes > TEAMS_MESSAGE_SIZE_LIMIT_BYTES) {
      this.record(kind, thread, activityId, body, 413);
      res.status(413).json({ error: { code: 'MessageSizeTooBig', message: `The message is ${bytes} bytes; the limit is ${TEAMS_MESSAGE_SIZE_LIMIT_BYTES}.` } });
      return true;
    }
    const scenario = LIMITED[kind];
    if (this.options.enforceThreadLimits && scenario) {
      const now = this.options.now?.() ?? Date.now();
      const key = `${scenario} ${thread}`;
      const done = this.accepted.get(key) ?? [];
      for (const w of TEAMS_PER_THREAD_LIMITS[scenario]) {
        const inWindow = done.filter((t) => t > now - w.ms);
        if (inWindow.length >= w.count) {
          const retryMs = inWindow[inWindow.length - w.count] + w.ms - now;
          this.record(kind, thread, activityId, body, 429);
          res.setHeader('Retry-After', String(Math.max(1, Math.ceil(retryMs / 1000))));
          res.status(429).json({ error: { code: 'Throttled', message: `More than ${w.count} operations in ${w.ms / 1000} s in this conversation` } });
          return true;
        }
      }
      done.push(now);
      this.accepted.set(key, done);
    }
    return false;
  }

  private record(kind: RequestKind, conversationId: string, activityId: string | undefined, body: unknown, status: number): void {
    this.records.push({ kind, conversationId, activityId, body, at: Date.now() - this.started, status });
    for (const listener of [...this.listeners]) listener();
  }

  private graphMessages(conversationId: string): { id: string; attachments: { contentType: string; content: string }[] }[] {
    return this.messagesIn(conversationId).map((m) => ({
      id: m.id,
      attachments: (m.activity.attachments ?? []).map((a: { contentType: string; content: unknown }) => ({ contentType: a.contentType, content: JSON.stringify(a.content) })),
    }));
  }
}
