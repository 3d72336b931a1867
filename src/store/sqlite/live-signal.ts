import { CommitWaiters, type Wakeup } from '../follow.js';

/**
 * Wakes subscribers when new events may be there: at once after a commit in this process, and
 * by polling SQLite's `data_version` (which changes on another process's commit) while anyone waits.
 */
export class LiveSignal {
  private readonly waiters = new CommitWaiters();
  private timer: NodeJS.Timeout | undefined;
  private version: number | undefined;

  constructor(
    private readonly dataVersion: () => number,
    private readonly pollMs = 200,
  ) {}

  next(): Wakeup {
    const wakeup = this.waiters.next();
    this.startPolling();
    return wakeup;
  }

  notify(): void {
    this.waiters.notify();
  }

  close(): void {
    clearInterval(this.timer);
    this.timer = undefined;
    this.notify();
  }

  private startPolling(): void {
    if (this.timer) return;
    this.version = this.dataVersion();
    this.timer = setInterval(() => {
      if (this.waiters.size === 0) {
        clearInterval(this.timer);
        this.timer = undefined;
        return;
      }
      const version = this.dataVersion();
      if (version !== this.version) {
        this.version = version;
        this.notify();
      }
    }, this.pollMs);
    this.timer.unref();
  }
}
