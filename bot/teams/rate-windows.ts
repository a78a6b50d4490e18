/**
 * Sliding-window rate limits, as Teams applies them to a bot: per thread 7 sends in 1 s, 8 in 2 s, 60 in 30 s
 * and 1800 in an hour; about 30 requests a second per app per tenant.
 */

export interface RateWindow {
  count: number;
  ms: number;
}

export const TEAMS_THREAD_LIMITS: readonly RateWindow[] = [
  { count: 7, ms: 1_000 },
  { count: 8, ms: 2_000 },
  { count: 60, ms: 30_000 },
  { count: 1_800, ms: 3_600_000 },
];

export const TEAMS_TENANT_LIMITS: readonly RateWindow[] = [{ count: 30, ms: 1_000 }];

/** Remembers when sends happened and says when the next one fits every window. */
export class SlidingWindowLimiter {
  private readonly sent: number[] = [];
  private readonly longest: number;
  private readonly most: number;

  /** `marginMs` keeps a little clear of each window's edge: clocks and networks are not exact. */
  constructor(private readonly windows: readonly RateWindow[], private readonly marginMs = 0) {
    this.longest = Math.max(...windows.map((w) => w.ms));
    this.most = Math.max(...windows.map((w) => w.count));
  }

  /** The earliest time at or after `now` when one more send keeps within every window. */
  earliest(now: number): number {
    let at = now;
    for (const w of this.windows) {
      if (this.sent.length < w.count) continue;
      // The send w.count back must have left the window before the next one goes.
      at = Math.max(at, this.sent[this.sent.length - w.count] + w.ms + this.marginMs);
    }
    return at;
  }

  record(at: number): void {
    this.sent.push(at);
    const keepFrom = at - this.longest;
    while (this.sent.length > this.most && this.sent[0] < keepFrom) this.sent.shift();
  }
}

/** The least time from the first send to the last that the windows allow for `n` sends. */
export function leastTimeFor(n: number, windows: readonly RateWindow[]): number {
  const limiter = new SlidingWindowLimiter(windows);
  let last = 0;
  for (let i = 0; i < n; i++) {
    last = limiter.earliest(last);
    limiter.record(last);
  }
  return last;
}
