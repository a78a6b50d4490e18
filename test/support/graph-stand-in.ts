/**
 * A local Microsoft Graph over real HTTP, answering the endpoints Firstday calls with the shapes the
 * Graph docs give: users by id or UPN ($select honoured), a user's transitiveMemberOf paged by
 * @odata.nextLink, a group's transitiveMembers cast to microsoft.graph.user (paged the same way), and
 * teamwork/sendActivityNotification (204). Errors use Graph's
 * { error: { code, message, innerError } } body. It can throttle (429 + Retry-After) or fail (503) the
 * next N calls, and records every request, Authorization header included, for tests to assert on.
 */
import http from 'node:http';
import { randomUUID } from 'node:crypto';

export interface StandInUser {
  id: string;
  displayName: string;
  userPrincipalName: string;
  mail?: string;
  jobTitle?: string;
}

export interface StandInDirectoryObject {
  id: string;
  '@odata.type': '#microsoft.graph.group' | '#microsoft.graph.directoryRole' | '#microsoft.graph.administrativeUnit';
  displayName?: string;
}

export interface RecordedRequest {
  method: string;
  /** Path without the query, e.g. /v1.0/users/x. */
  path: string;
  /** Query exactly as sent, without the "?". */
  query: string;
  authorization: string | undefined;
  /** The RetryHandler's Retry-Attempt header, on retries. */
  retryAttempt: string | undefined;
  body: unknown;
  /** Milliseconds (Date.now()) when the request arrived. */
  at: number;
  /** What the stand-in answered. */
  status: number;
}

interface Fault {
  status: number;
  retryAfterSeconds?: number;
  remaining: number;
}

export class GraphStandIn {
  readonly users = new Map<string, StandInUser>();
  /** User id → the objects the user is a member of, transitively. */
  readonly memberships = new Map<string, StandInDirectoryObject[]>();
  readonly requests: RecordedRequest[] = [];
  /** Items per page of transitiveMemberOf, whatever $top asks (Graph decides page size itself). */
  pageSize = 100;
  private server: http.Server | undefined;
  private faults: Fault[] = [];
  private port = 0;

  get baseUrl(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async start(): Promise<this> {
    this.server = http.createServer((req, res) => {
      let raw = '';
      req.on('data', (c) => (raw += c));
      req.on('end', () => this.handle(req, raw, res));
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as { port: number }).port;
    return this;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  }

  /** Puts users (by id) in a group, which also shows in each user's transitiveMemberOf. */
  addToGroup(groupId: string, ...userIds: string[]): void {
    for (const id of userIds) {
      const memberOf = this.memberships.get(id.toLowerCase()) ?? [];
      if (!memberOf.some((o) => o.id.toLowerCase() === groupId.toLowerCase())) memberOf.push({ id: groupId, '@odata.type': '#microsoft.graph.group' });
      this.memberships.set(id.toLowerCase(), memberOf);
    }
  }

  addUser(user: StandInUser, memberOf: StandInDirectoryObject[] = []): void {
    this.users.set(user.id.toLowerCase(), user);
    this.memberships.set(user.id.toLowerCase(), memberOf);
  }

  /** The next `count` requests get 429 Too Many Requests with Retry-After: seconds. */
  throttleNext(count: number, retryAfterSeconds: number): void {
    this.faults.push({ status: 429, retryAfterSeconds, remaining: count });
  }

  /** The next `count` requests get this status (default 503 Service Unavailable), without Retry-After unless given. */
  failNext(count: number, status = 503, retryAfterSeconds?: number): void {
    this.faults.push({ status, retryAfterSeconds, remaining: count });
  }

  /** Recorded requests whose path ends with a suffix (e.g. '/teamwork/sendActivityNotification'). */
  requestsTo(pathSuffix: string): RecordedRequest[] {
    return this.requests.filter((r) => r.path.toLowerCase().endsWith(pathSuffix.toLowerCase()));
  }

  private handle(req: http.IncomingMessage, raw: string, res: http.ServerResponse): void {
    const url = new URL(req.url ?? '/', this.baseUrl);
    let body: unknown;
    try {
      body = raw ? JSON.parse(raw) : undefined;
    } catch {
      body = raw;
    }
    const record: RecordedRequest = {
      method: req.method ?? 'GET',
      path: decodeURIComponent(url.pathname),
      query: url.search.replace(/^\?/, ''),
      authorization: req.headers.authorization,
      retryAttempt: req.headers['retry-attempt'] as string | undefined,
      body,
      at: Date.now(),
      status: 0,
    };
    this.requests.push(record);
    const answer = (status: number, json?: unknown, headers: Record<string, string> = {}) => {
      record.status = status;
      const requestId = randomUUID();
      res.writeHead(status, {
        'request-id': requestId,
        'client-request-id': (req.headers['client-request-id'] as string) ?? requestId,
        ...(json !== undefined && { 'Content-Type': 'application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8' }),
        ...headers,
      });
      res.end(json === undefined ? undefined : JSON.stringify(json));
    };
    const error = (status: number, code: string, message: string, headers: Record<string, string> = {}) =>
      answer(status, { error: { code, message, innerError: { date: new Date().toISOString().slice(0, 19), 'request-id': randomUUID(), 'client-request-id': randomUUID() } } }, headers);

    const fault = this.faults[0];
    if (fault) {
      if (--fault.remaining <= 0) this.faults.shift();
      const headers: Record<string, string> = fault.retryAfterSeconds !== undefined ? { 'Retry-After': String(fault.retryAfterSeconds) } : {};
      if (fault.status === 429) return error(429, 'TooManyRequests', 'Too many requests.', headers);
      if (fault.status === 503) return error(503, 'serviceNotAvailable', 'Service unavailable. Please retry.', headers);
      return error(fault.status, 'generalException', 'An error occurred.', headers);
    }

    if (!/^Bearer \S+/.test(req.headers.authorization ?? '')) {
      return error(401, 'InvalidAuthenticationToken', 'Access token is empty.');
    }

    const segments = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
    const select = url.searchParams.get('$select')?.split(',').map((s) => s.trim());
    const paged = (items: Record<string, unknown>[], context: string) => {
      const top = Math.min(Number(url.searchParams.get('$top') ?? 100), 999);
      const size = Math.min(top, this.pageSize);
      const skip = url.searchParams.has('$skiptoken') ? Number(Buffer.from(url.searchParams.get('$skiptoken')!, 'base64url').toString()) : 0;
      const page = items.slice(skip, skip + size).map((i) => (select ? { '@odata.type': i['@odata.type'], ...Object.fromEntries(select.map((f) => [f, i[f] ?? null])) } : i));
      const out: Record<string, unknown> = { '@odata.context': context, value: page };
      if (skip + size < items.length) {
        const next = new URL(url.href);
        next.searchParams.set('$skiptoken', Buffer.from(String(skip + size)).toString('base64url'));
        out['@odata.nextLink'] = `${this.baseUrl}${next.pathname}?${decodeURIComponent(next.searchParams.toString())}`;
      }
      return answer(200, out);
    };

    // GET /groups/{id}/transitiveMembers[/microsoft.graph.user]: the group's members through nested groups.
    if (segments[0] === 'v1.0' && segments[1] === 'groups' && segments[2]) {
      const groupId = segments[2].toLowerCase();
      const rest = segments.slice(3).join('/');
      const members = [...this.users.values()].filter((u) => (this.memberships.get(u.id.toLowerCase()) ?? []).some((o) => o.id.toLowerCase() === groupId));
      const known = members.length > 0 || [...this.memberships.values()].some((objs) => objs.some((o) => o.id.toLowerCase() === groupId));
      if (!known) return error(404, 'Request_ResourceNotFound', `Resource '${segments[2]}' does not exist or one of its queried reference-property objects are not present.`);
      if (req.method === 'GET' && (rest === 'transitiveMembers' || rest === 'transitiveMembers/microsoft.graph.user')) {
        const items = members.map((u) => ({ '@odata.type': '#microsoft.graph.user', ...u }) as Record<string, unknown>);
        return paged(items, 'https://graph.microsoft.com/v1.0/$metadata#users');
      }
      return error(400, 'BadRequest', `Resource not found for the segment '${segments[3] ?? ''}'.`);
    }
    if (segments[0] !== 'v1.0' || segments[1] !== 'users' || !segments[2]) {
      return error(400, 'BadRequest', `Resource not found for the segment '${segments[1] ?? ''}'.`);
    }
    const user = this.findUser(segments[2]);
    if (!user) {
      return error(404, 'Request_ResourceNotFound', `Resource '${segments[2]}' does not exist or one of its queried reference-property objects are not present.`);
    }
    const rest = segments.slice(3).join('/');

    if (req.method === 'GET' && rest === '') {
      const fields = select ?? ['businessPhones', 'displayName', 'givenName', 'jobTitle', 'mail', 'mobilePhone', 'officeLocation', 'preferredLanguage', 'surname', 'userPrincipalName', 'id'];
      const context = `https://graph.microsoft.com/v1.0/$metadata#users${select ? `(${select.join(',')})` : ''}/$entity`;
      const projected = Object.fromEntries(fields.map((f) => [f, (user as unknown as Record<string, unknown>)[f] ?? null]));
      return answer(200, { '@odata.context': context, ...projected });
    }

    if (req.method === 'GET' && (rest === 'transitiveMemberOf' || rest === 'transitiveMemberOf/microsoft.graph.group')) {
      let items = this.memberships.get(user.id.toLowerCase()) ?? [];
      if (rest.endsWith('microsoft.graph.group')) items = items.filter((i) => i['@odata.type'] === '#microsoft.graph.group');
      return paged(items as unknown as Record<string, unknown>[], 'https://graph.microsoft.com/v1.0/$metadata#directoryObjects');
    }

    if (req.method === 'POST' && rest === 'teamwork/sendActivityNotification') {
      const problem = activityNotificationProblem(body);
      if (problem) return error(400, 'BadRequest', problem);
      return answer(204);
    }

    return error(400, 'BadRequest', `Resource not found for the segment '${segments[3] ?? ''}'.`);
  }

  private findUser(idOrUpn: string): StandInUser | undefined {
    const needle = idOrUpn.toLowerCase();
    return this.users.get(needle) ?? [...this.users.values()].find((u) => u.userPrincipalName.toLowerCase() === needle);
  }
}

/** The request body rules of userTeamwork: sendActivityNotification, as the docs state them. */
function activityNotificationProblem(body: unknown): string | undefined {
  const b = body as Record<string, unknown> | undefined;
  if (!b || typeof b !== 'object') return 'The request body must be a JSON object.';
  const topic = b.topic as Record<string, unknown> | undefined;
  if (!topic || !['text', 'entityUrl'].includes(topic.source as string) || typeof topic.value !== 'string') {
    return "topic must have source 'text' or 'entityUrl' and a value.";
  }
  if (topic.source === 'text' && typeof topic.webUrl !== 'string') return "webUrl is required when topic source is 'text'.";
  if (typeof b.activityType !== 'string' || !b.activityType) return 'activityType is required.';
  const preview = b.previewText as Record<string, unknown> | undefined;
  if (preview !== undefined && typeof preview?.content !== 'string') return 'previewText must be an itemBody with content.';
  if (b.templateParameters !== undefined) {
    const ok = Array.isArray(b.templateParameters) && b.templateParameters.every((p) => typeof p?.name === 'string' && typeof p?.value === 'string');
    if (!ok) return 'templateParameters must be a collection of keyValuePair { name, value }.';
  }
  // OData rejects parameters an action does not declare; the user is in the path, not in a recipient.
  if ('recipient' in b) return "The parameter 'recipient' in the request payload is not a valid parameter for the operation 'sendActivityNotification'.";
  return undefined;
}
