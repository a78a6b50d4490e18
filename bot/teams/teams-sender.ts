/**
 * Every message the bot sends or updates outside a turn goes through here. Each Teams thread has its own
 * queue, sent in order and paced to Teams' per-thread limits (and the per-tenant limit across threads),
 * so a daily list of sixty cards goes out as fast as Teams allows without being throttled. A 429, 412, 502
 * or 504 is retried, after the Retry-After Teams gives or an increasing pause; a 429 pauses the whole thread.
 * Updates of one message still waiting in the queue are merged: only the newest goes out.
 */
import type { Logger } from '../platform/logger';
import type { Activity, BotConnectorClient } from './connector-client';
import { ConnectorError } from './connector-client';
import { SlidingWindowLimiter, TEAMS_TENANT_LIMITS, TEAMS_THREAD_LIMITS, type RateWindow } from './rate-windows';

/** Where to send: a conversation (a channel, a channel thread "…;messageid=…", a 1:1 chat). */
export interface Destination {
  serviceUrl: string;
  conversationId: string;
  tenantId?: string;
}

const RETRYABLE = new Set([412, 429, 502, 504]);

export interface TeamsSenderOptions {
  client: BotConnectorClient;
  logger: Logger;
  threadLimits?: readonly RateWindow[];
  tenantLimits?: readonly RateWindow[];
  /** Kept clear of each window's edge, for clock and network jitter. */
  marginMs?: number;
  /** Tries per message before giving up. */
  maxAttempts?: number;
  /** First pause after a failure with no Retry-After; doubles each time. */
  backoffMs?: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

/** Builds the activity at send time, from the latest state; undefined sends nothing. */
export type ActivitySource = Activity | (() => Promise<Activity | undefined>);

interface Task {
  kind: 'post' | 'update';
  destination: Destination;
  activityId?: string;
  source: ActivitySource;
  attempts: number;
  started: boolean;
  waiters: { resolve: (id: string) => void; reject: (err: unknown) => void }[];
}

interface ThreadQueue {
  tasks: Task[];
  limiter: SlidingWindowLimiter;
  pausedUntil: number;
  pumping: boolean;
}

export class SendFailedError extends Error {
  constructor(readonly lastError: unknown, readonly attempts: number) {
    super(`Teams did not accept the message after ${attempts} attempt(s): ${(lastError as Error).message}`);
    this.name = 'SendFailedError';
  }
}

export class TeamsSender {
  private readonly threads = new Map<string, ThreadQueue>();
  private readonly tenants = new Map<string, SlidingWindowLimiter>();
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(private readonly options: TeamsSenderOptions) {
    this.now = options.now ?? Date.now;
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  /** Posts a new message; resolves with its Teams message id once Teams has accepted it. */
  post(destination: Destination, activity: ActivitySource): Promise<string> {
    return this.enqueue({ kind: 'post', destination, source: activity });
  }

  /** Replaces a message's content. Several updates of one message waiting in the queue become one. */
  update(destination: Destination, activityId: string, activity: ActivitySource): Promise<void> {
    const queue = this.queue(destination.conversationId);
    const waiting = queue.tasks.find((t) => t.kind === 'update' && t.activityId === activityId && !t.started);
    if (waiting) {
      waiting.source = activity;
      return new Promise<string>((resolve, reject) => waiting.waiters.push({ resolve, reject })).then(() => undefined);
    }
    return this.enqueue({ kind: 'update', destination, activityId, source: activity }).then(() => undefined);
  }

  /** Resolves when every queue is empty (for a clean shutdown). */
  async idle(): Promise<void> {
    while ([...this.threads.values()].some((q) => q.tasks.length > 0)) await this.sleep(20);
  }

  private enqueue(task: Omit<Task, 'attempts' | 'started' | 'waiters'>): Promise<string> {
    return new Promise<string>((resolve, reject) => {
      const queue = this.queue(task.destination.conversationId);
      queue.tasks.push({ ...task, attempts: 0, started: false, waiters: [{ resolve, reject }] });
      if (!queue.pumping) void this.pump(queue);
    });
  }

  private queue(conversationId: string): ThreadQueue {
    let queue = this.threads.get(conversationId);
    if (!queue) {
      queue = { tasks: [], limiter: new SlidingWindowLimiter(this.options.threadLimits ?? TEAMS_THREAD_LIMITS, this.options.marginMs ?? 10), pausedUntil: 0, pumping: false };
      this.threads.set(conversationId, queue);
    }
    return queue;
  }

  private tenant(tenantId: string | undefined): SlidingWindowLimiter {
    const key = tenantId ?? '';
    let limiter = this.tenants.get(key);
    if (!limiter) {
      limiter = new SlidingWindowLimiter(this.options.tenantLimits ?? TEAMS_TENANT_LIMITS, this.options.marginMs ?? 10);
      this.tenants.set(key, limiter);
    }
    return limiter;
  }

  private async pump(queue: ThreadQueue): Promise<void> {
    queue.pumping = true;
    try {
      while (queue.tasks.length > 0) {
        const task = queue.tasks[0];
        const tenant = this.tenant(task.destination.tenantId);
        const now = this.now();
        const at = Math.max(queue.pausedUntil, queue.limiter.earliest(now), tenant.earliest(now));
        if (at > now) {
          await this.sleep(at - now);
          continue;
        }
        task.started = true;
        try {
          const id = await this.send(task);
          // Counted when Teams answered, which is after it counted the request: latency never eats the margin.
          this.counted(queue, tenant);
          queue.tasks.shift();
          for (const w of task.waiters) w.resolve(id);
        } catch (err) {
          this.counted(queue, tenant);
          task.attempts++;
          const status = err instanceof ConnectorError ? err.status : undefined;
          const maxAttempts = this.options.maxAttempts ?? 8;
          if (status === undefined || !RETRYABLE.has(status) || task.attempts >= maxAttempts) {
            queue.tasks.shift();
            const failure = status !== undefined && RETRYABLE.has(status) ? new SendFailedError(err, task.attempts) : err;
            for (const w of task.waiters) w.reject(failure);
            continue;
          }
          // A newer update of the same message is already waiting: this one need not be sent at all.
          const newer = task.kind === 'update' ? queue.tasks.find((t) => t !== task && t.kind === 'update' && t.activityId === task.activityId) : undefined;
          if (newer) {
            queue.tasks.shift();
            newer.waiters.push(...task.waiters);
          }
          const backoff = (this.options.backoffMs ?? 500) * 2 ** (task.attempts - 1);
          const wait = (err as ConnectorError).retryAfterMs ?? backoff;
          queue.pausedUntil = this.now() + wait;
          task.started = false;
          this.options.logger.warn('Teams asked the bot to slow down; retrying', {
            status,
            operation: task.kind,
            waitMs: wait,
            attempt: task.attempts,
          });
        }
      }
    } finally {
      queue.pumping = false;
    }
  }

  private counted(queue: ThreadQueue, tenant: SlidingWindowLimiter): void {
    const at = this.now();
    queue.limiter.record(at);
    tenant.record(at);
  }

  private async send(task: Task): Promise<string> {
    const activity = typeof task.source === 'function' ? await task.source() : task.source;
    const { serviceUrl, conversationId } = task.destination;
    if (!activity) return task.activityId ?? '';
    if (task.kind === 'post') return (await this.options.client.sendToConversation(serviceUrl, conversationId, activity)).id;
    await this.options.client.updateActivity(serviceUrl, conversationId, task.activityId!, activity);
    return task.activityId!;
  }
}
