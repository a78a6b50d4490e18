/**
 * The Bot Connector REST API (v3), called directly. botbuilder's own connector client retries inside its
 * HTTP pipeline without telling the caller, so it cannot pace itself against Teams' per-thread limits or
 * honour one Retry-After for a whole thread; this client reports every status and leaves retrying to the
 * TeamsSender. Tokens come from botbuilder's credential factory (see credentials.ts).
 */

export type Activity = Record<string, unknown>;

/** Gives a bearer token for the Bot Connector, or undefined when the bot runs without credentials (local). */
export type TokenSource = () => Promise<string | undefined>;

export class ConnectorError extends Error {
  constructor(
    readonly status: number,
    readonly operation: string,
    readonly retryAfterMs: number | undefined,
    readonly body: string,
  ) {
    super(`Bot Connector ${operation} failed with HTTP ${status}${body ? `: ${body.slice(0, 200)}` : ''}`);
    this.name = 'ConnectorError';
  }
}

export interface TeamsMember {
  id: string;
  name?: string;
  aadObjectId?: string;
  userPrincipalName?: string;
  email?: string;
}

/** One page of a team's roster (GET /v3/conversations/{teamId}/pagedmembers). */
export interface PagedMembers {
  members: TeamsMember[];
  /** Absent on the last page. */
  continuationToken?: string;
}

export interface ConnectorClientOptions {
  token: TokenSource;
  /** Per request; a hung connection must not hold a thread's queue. */
  timeoutMs?: number;
}

export class BotConnectorClient {
  constructor(private readonly options: ConnectorClientOptions) {}

  async sendToConversation(serviceUrl: string, conversationId: string, activity: Activity): Promise<{ id: string }> {
    const res = await this.call('POST', serviceUrl, `/v3/conversations/${encodeURIComponent(conversationId)}/activities`, activity, 'send');
    return { id: String((res as { id?: unknown }).id ?? '') };
  }

  async updateActivity(serviceUrl: string, conversationId: string, activityId: string, activity: Activity): Promise<void> {
    const path = `/v3/conversations/${encodeURIComponent(conversationId)}/activities/${encodeURIComponent(activityId)}`;
    await this.call('PUT', serviceUrl, path, { ...activity, id: activityId }, 'update');
  }

  /** A 1:1 chat with a user (Teams user id, or Entra object id where the app is installed for them). */
  async createPersonalConversation(serviceUrl: string, params: { botId: string; userId: string; tenantId?: string }): Promise<{ id: string }> {
    const body = {
      isGroup: false,
      bot: { id: params.botId },
      members: [{ id: params.userId }],
      tenantId: params.tenantId,
      channelData: params.tenantId ? { tenant: { id: params.tenantId } } : undefined,
    };
    const res = await this.call('POST', serviceUrl, '/v3/conversations', body, 'create conversation');
    return { id: String((res as { id?: unknown }).id ?? '') };
  }

  async getMember(serviceUrl: string, conversationId: string, userId: string): Promise<TeamsMember> {
    const path = `/v3/conversations/${encodeURIComponent(conversationId)}/members/${encodeURIComponent(userId)}`;
    return (await this.call('GET', serviceUrl, path, undefined, 'get member')) as TeamsMember;
  }

  /**
   * One page of a team's (or channel's) members. Teams treats a page size under 50 as 50 and caps it at 500;
   * older services name the Entra object id `objectId`, so both spellings are read.
   */
  async getPagedMembers(serviceUrl: string, conversationId: string, page: { pageSize?: number; continuationToken?: string } = {}): Promise<PagedMembers> {
    const query = new URLSearchParams();
    if (page.pageSize) query.set('pageSize', String(page.pageSize));
    if (page.continuationToken) query.set('continuationToken', page.continuationToken);
    const path = `/v3/conversations/${encodeURIComponent(conversationId)}/pagedmembers${query.size ? `?${query}` : ''}`;
    const res = (await this.call('GET', serviceUrl, path, undefined, 'get paged members')) as { members?: (TeamsMember & { objectId?: string })[]; continuationToken?: string | null };
    const members = (res.members ?? []).map(({ objectId, ...m }) => ({ ...m, aadObjectId: m.aadObjectId ?? objectId }));
    return { members, continuationToken: res.continuationToken || undefined };
  }

  private async call(method: string, serviceUrl: string, path: string, body: unknown, operation: string): Promise<unknown> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json; charset=utf-8';
    const token = await this.options.token();
    if (token) headers.authorization = `Bearer ${token}`;
    let res: Response;
    try {
      res = await fetch(`${serviceUrl.replace(/\/+$/, '')}${path}`, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 30_000),
      });
    } catch (err) {
      // No answer at all (refused, reset, timed out): treated like a gateway timeout, which the sender retries.
      throw new ConnectorError(504, operation, undefined, (err as Error).message);
    }
    const text = await res.text();
    if (!res.ok) throw new ConnectorError(res.status, operation, parseRetryAfter(res.headers.get('retry-after')), text);
    return text ? JSON.parse(text) : {};
  }
}

/** Retry-After is seconds or an HTTP date. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (!value) return undefined;
  if (/^\d+(\.\d+)?$/.test(value.trim())) return Math.round(Number(value) * 1000);
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}
