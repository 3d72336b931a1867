import pg from 'pg';
import type { Logger } from 'pino';
import { CommitWaiters, type Wakeup } from '../follow.js';

export const CHANNEL = 'timeline_events';

const RECONNECT_MS = 1000;

/**
 * Wakes subscribers when new events may be readable: at once after a commit in this process, on a
 * NOTIFY sent after a commit in another one (LISTEN on a connection of its own, opened while anyone
 * waits). Callers also look again after a while: a notification can be lost while reconnecting.
 */
export class LiveWakeup {
  private readonly waiters = new CommitWaiters();
  private client: pg.Client | undefined;
  private reconnect: NodeJS.Timeout | undefined;
  private closed = false;

  /** `self` is this process's notification payload, which it ignores: it woke its own subscribers already. */
  constructor(
    private readonly connectionString: string,
    private readonly self: string,
    private readonly log?: Logger,
  ) {}

  /** Resolves on the next wake-up. */
  next(): Wakeup {
    const wakeup = this.waiters.next();
    if (!this.client && !this.reconnect) this.listen();
    return wakeup;
  }

  notify(): void {
    this.waiters.notify();
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.reconnect);
    this.notify();
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => undefined);
  }

  private listen(): void {
    if (this.closed) return;
    const client = new pg.Client({ connectionString: this.connectionString, application_name: 'timeline-listen' });
    this.client = client;
    const lost = (error?: Error) => {
      if (this.client !== client) return;
      this.client = undefined;
      if (!this.closed) this.log?.warn({ err: error }, 'the LISTEN connection to PostgreSQL was lost; it reconnects');
      void client.end().catch(() => undefined);
      if (this.closed || this.waiters.size === 0) return;
      this.reconnect = setTimeout(() => {
        this.reconnect = undefined;
        this.listen();
      }, RECONNECT_MS);
      this.reconnect.unref();
    };
    client.on('error', lost);
    client.on('end', () => lost());
    client.on('notification', (message) => {
      if (message.payload !== this.self) this.notify();
    });
    client
      .connect()
      .then(() => client.query(`LISTEN ${CHANNEL}`))
      // Whatever was committed while nobody listened is read now.
      .then(() => this.notify(), lost);
  }
}
