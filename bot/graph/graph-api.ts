/**
 * Firstday's way into Microsoft Graph: the official client with an explicit middleware chain
 * (app-only token → RetryHandler → per-attempt deadline → telemetry → fetch), a configurable base URL
 * (tests point it at a local stand-in), and every failure turned into a GraphCallError plus one
 * clear log line. Callers never see library errors and never crash on an unreachable Graph.
 */
import {
  Client,
  GraphError,
  HTTPMessageHandler,
  RetryHandler,
  RetryHandlerOptions,
  TelemetryHandler,
  type AuthenticationProvider,
  type Context,
  type Middleware,
} from '@microsoft/microsoft-graph-client';
import { TokenCredentialAuthenticationProvider } from '@microsoft/microsoft-graph-client/authProviders/azureTokenCredentials';
import type { TokenCredential } from '@azure/core-auth';
import type { Logger } from '../platform/logger';
import { GraphCallError, reasonForStatus } from './graph-call-error';

export const GRAPH_DEFAULT_SCOPE = 'https://graph.microsoft.com/.default';

export interface GraphRetryOptions {
  /** Retries after the first attempt on 429/503/504 (RetryHandler's limit is 10). Default 3. */
  maxRetries?: number;
  /** Wait before a retry when Graph sends no Retry-After, in seconds; grows exponentially. Default 3. */
  delaySeconds?: number;
  /**
   * Longest Retry-After Firstday will sit out, in seconds. A concern must not wait minutes for a second
   * route: past this the call fails as 'throttled' and the caller uses its fallback. Default 30.
   */
  maxRetryAfterSeconds?: number;
}

export type GraphApiOptions = {
  /** config.graphBaseUrl, e.g. https://graph.microsoft.com (no version, no trailing slash). */
  baseUrl: string;
  logger: Logger;
  retry?: GraphRetryOptions;
  /** Deadline for each attempt, in milliseconds. Default 10 000. */
  attemptTimeoutMs?: number;
  /** Longest run of @odata.nextLink pages followed before giving up. Default 50. */
  maxPages?: number;
} & (
  | {
      /** An app-only credential (ClientSecretCredential, ManagedIdentityCredential, or a test's token source). */
      credential: TokenCredential;
      /** Default https://graph.microsoft.com/.default (application permissions granted to the app). */
      scopes?: string[];
    }
  | {
      /** Graph is switched off (no app credentials): every call fails at once as 'not-configured'. */
      notConfigured: string;
    }
);

/** A page of a Graph collection, as Graph sends it. */
export interface GraphPage<T> {
  value: T[];
  '@odata.nextLink'?: string;
}

const VERSION = 'v1.0';

export class GraphApi {
  private readonly client: Client | undefined;
  private readonly baseUrl: string;

  constructor(private readonly options: GraphApiOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    if ('notConfigured' in options) return;
    const retry = options.retry ?? {};
    const maxRetryAfter = retry.maxRetryAfterSeconds ?? 30;
    const auth = new TokenCredentialAuthenticationProvider(options.credential, { scopes: options.scopes ?? [GRAPH_DEFAULT_SCOPE] });
    const retryOptions = new RetryHandlerOptions(retry.delaySeconds ?? 3, retry.maxRetries ?? 3, (_delay, attempt, request, _fetch, response) => {
      const retryAfter = retryAfterSeconds(response);
      if (retryAfter !== undefined && retryAfter > maxRetryAfter) {
        options.logger.warn(`Microsoft Graph asked us to wait ${retryAfter}s (HTTP ${response.status}); longer than ${maxRetryAfter}s, so not retrying`, {
          status: response.status,
          retryAfterSeconds: retryAfter,
          path: pathOf(request),
        });
        return false;
      }
      options.logger.info(`Microsoft Graph answered HTTP ${response.status}; retry ${attempt + 1} ${retryAfter !== undefined ? `after the ${retryAfter}s it asked for` : 'after a back-off'}`, {
        status: response.status,
        attempt: attempt + 1,
        retryAfterSeconds: retryAfter,
        path: pathOf(request),
      });
      return true;
    });
    const middleware: Middleware[] = [
      new AppTokenHandler(auth, this.baseUrl),
      new RetryHandler(retryOptions),
      new AttemptDeadlineHandler(options.attemptTimeoutMs ?? 10_000, this.baseUrl),
      new TelemetryHandler(),
      new HTTPMessageHandler(),
    ];
    this.client = Client.initWithMiddleware({ baseUrl: this.baseUrl, defaultVersion: VERSION, middleware });
  }

  /**
   * A bearer token for Graph as this app, for the few calls made outside this client (reading a channel's
   * messages after a send in doubt); undefined when Graph is switched off.
   */
  async accessToken(): Promise<string | undefined> {
    if ('notConfigured' in this.options) return undefined;
    return (await this.options.credential.getToken(this.options.scopes ?? [GRAPH_DEFAULT_SCOPE]))?.token;
  }

  /** GET a path under /v1.0 (e.g. "/users/x?$select=id"). */
  get<T>(path: string, operation: string): Promise<T> {
    return this.call(operation, path, (c) => c.api(path).get());
  }

  /** POST a JSON body; resolves undefined for 204 No Content. */
  post<T>(path: string, body: unknown, operation: string): Promise<T> {
    return this.call(operation, path, (c) => c.api(path).post(body));
  }

  /** Every item of a collection, following @odata.nextLink page by page. */
  async getAll<T>(path: string, operation: string): Promise<T[]> {
    const items: T[] = [];
    let next: string | undefined = path;
    for (let page = 1; next; page++) {
      if (page > (this.options.maxPages ?? 50)) {
        throw this.fail(new GraphCallError(operation, 'rejected', undefined, 'TooManyPages', `more than ${this.options.maxPages ?? 50} pages at ${path}`));
      }
      const res: GraphPage<T> = await this.get<GraphPage<T>>(next, operation);
      items.push(...(res.value ?? []));
      next = res['@odata.nextLink'] ? this.relativeNextLink(res['@odata.nextLink'], operation) : undefined;
    }
    return items;
  }

  private async call<T>(operation: string, path: string, send: (client: Client) => Promise<T>): Promise<T> {
    if (!this.client) {
      throw new GraphCallError(operation, 'not-configured', undefined, undefined, (this.options as { notConfigured: string }).notConfigured);
    }
    try {
      return await send(this.client);
    } catch (err) {
      throw this.fail(toCallError(operation, path, err));
    }
  }

  private fail(error: GraphCallError): GraphCallError {
    const fields = { operation: error.operation, reason: error.reason, status: error.status, code: error.code };
    if (error.transient) this.options.logger.warn(`${error.message}. Falling back where the caller can.`, fields);
    else this.options.logger.error(error.message, fields);
    return error;
  }

  /**
   * Graph's nextLink is absolute. The client only parses https:// links itself, and the token must only
   * ever go to our own Graph, so a nextLink is accepted only under the configured base URL.
   */
  private relativeNextLink(nextLink: string, operation: string): string {
    const prefix = `${this.baseUrl}/${VERSION}/`;
    if (!nextLink.toLowerCase().startsWith(prefix.toLowerCase())) {
      throw this.fail(new GraphCallError(operation, 'rejected', undefined, 'ForeignNextLink', `@odata.nextLink points outside ${this.baseUrl}`));
    }
    return `/${nextLink.slice(prefix.length)}`;
  }
}

function toCallError(operation: string, path: string, err: unknown): GraphCallError {
  if (err instanceof GraphCallError) return err;
  if (err instanceof GraphError) {
    const status = err.statusCode > 0 ? err.statusCode : undefined;
    const retryAfter = status === 429 ? err.headers?.get('Retry-After') : undefined;
    const detail = `${err.message || err.code || 'no detail'} at ${path.split('?')[0]}${retryAfter ? ` (Retry-After ${retryAfter}s)` : ''}`;
    return new GraphCallError(operation, reasonForStatus(status), status, err.code ?? undefined, detail);
  }
  const e = err as Error;
  return new GraphCallError(operation, 'unreachable', undefined, e?.name, e?.message ?? String(err));
}

function retryAfterSeconds(response: Response): number | undefined {
  const value = response.headers?.get('Retry-After');
  if (!value) return undefined;
  const seconds = Number(value);
  if (!Number.isNaN(seconds)) return seconds;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, Math.round((at - Date.now()) / 1000));
}

function pathOf(request: RequestInfo): string {
  const url = typeof request === 'string' ? request : request.url;
  try {
    return new URL(url).pathname;
  } catch {
    return url;
  }
}

/**
 * Adds the app-only bearer token. The library's AuthenticationHandler adds it only for https Graph hosts
 * (not a local stand-in); this one adds it for exactly the configured base URL and nothing else.
 */
class AppTokenHandler implements Middleware {
  private next: Middleware | undefined;

  constructor(private readonly auth: AuthenticationProvider, private readonly baseUrl: string) {}

  async execute(context: Context): Promise<void> {
    const url = typeof context.request === 'string' ? context.request : context.request.url;
    if (url.toLowerCase().startsWith(`${this.baseUrl.toLowerCase()}/`)) {
      let token: string;
      try {
        token = await this.auth.getAccessToken();
      } catch (err) {
        throw Object.assign(new Error(`no app-only token for Microsoft Graph: ${(err as Error).message}`), { name: 'TokenUnavailable' });
      }
      setHeader(context, 'Authorization', `Bearer ${token}`);
    }
    await this.next!.execute(context);
  }

  setNext(next: Middleware): void {
    this.next = next;
  }
}

/**
 * A deadline for each attempt (a hung Graph must not hold a concern), and a network failure described
 * with its cause (connection refused, timeout) instead of fetch's bare "fetch failed".
 */
class AttemptDeadlineHandler implements Middleware {
  private next: Middleware | undefined;

  constructor(private readonly timeoutMs: number, private readonly baseUrl: string) {}

  async execute(context: Context): Promise<void> {
    context.options = { ...context.options, signal: AbortSignal.timeout(this.timeoutMs) };
    try {
      await this.next!.execute(context);
    } catch (err) {
      const e = err as Error & { cause?: { code?: string; message?: string } };
      const why = e.name === 'TimeoutError' ? `no answer within ${this.timeoutMs} ms` : (e.cause?.code ?? e.cause?.message ?? e.message);
      throw Object.assign(new Error(`no answer from ${this.baseUrl}: ${why}`), { name: e.name === 'TimeoutError' ? 'Timeout' : 'Unreachable' });
    }
  }

  setNext(next: Middleware): void {
    this.next = next;
  }
}

function setHeader(context: Context, name: string, value: string): void {
  if (typeof context.request !== 'string') {
    context.request.headers.set(name, value);
    return;
  }
  const options = (context.options ??= {});
  if (options.headers instanceof Headers) options.headers.set(name, value);
  else options.headers = { ...(options.headers as Record<string, string> | undefined), [name]: value };
}
