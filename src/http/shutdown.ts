import { type BeforeApplicationShutdown, Injectable } from '@nestjs/common';
import { Problem } from '../errors/problems.js';

/**
 * The service is shutting down: set before the HTTP server drains, so new requests get a 503
 * problem (with `Connection: close`) while requests in flight finish, and open streams are ended.
 */
@Injectable()
export class Shutdown implements BeforeApplicationShutdown {
  private stopping = false;
  private readonly listeners: (() => void)[] = [];

  get isStopping(): boolean {
    return this.stopping;
  }

  /** Runs `listener` when shutdown starts. */
  onStop(listener: () => void): void {
    this.listeners.push(listener);
  }

  beforeApplicationShutdown(): void {
    if (this.stopping) return;
    this.stopping = true;
    for (const listener of this.listeners) listener();
  }

  /** Throws the 503 problem when the service is shutting down. */
  assertRunning(): void {
    if (this.stopping) throw shuttingDown();
  }
}

export const shuttingDown = () =>
  new Problem(503, 'SHUTTING_DOWN', 'Service unavailable', 'the service is shutting down; retry shortly', {
    retryAfter: 1,
  });
