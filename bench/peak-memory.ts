/** Samples resident memory while a benchmark runs: the figure a 2-core, shared machine cares about. */
export class PeakMemory {
  private peak = process.memoryUsage.rss();
  private timer: NodeJS.Timeout | undefined;

  start(intervalMs = 10): this {
    this.timer = setInterval(() => this.sample(), intervalMs);
    this.timer.unref();
    return this;
  }

  sample(): void {
    this.peak = Math.max(this.peak, process.memoryUsage.rss());
  }

  stop(): number {
    this.sample();
    if (this.timer) clearInterval(this.timer);
    return this.peak;
  }
}

export function mb(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(0)} MB`;
}
