import { Inject, Injectable } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Config } from '../config.js';
import { Problem } from '../errors/problems.js';
import { Shutdown } from '../http/shutdown.js';
import { clientOf } from '../net/addresses.js';
import { CONFIG } from '../tokens.js';
import { SseStream } from './sse-stream.js';

/** How long a stream ended by shutdown has to take its last bytes before its socket is closed. */
const SHUTDOWN_GRACE_MS = 2000;

/**
 * Every open Server-Sent Events response. Opening one takes a slot under two caps, per client
 * (`clientOf`: all of loopback is one client, an IPv6 /64 is one) and for the whole service;
 * shutdown ends them all, and their clients reconnect with `Last-Event-ID`.
 */
@Injectable()
export class EventStreams {
  private readonly open = new Set<SseStream>();
  private readonly perClient = new Map<string, number>();

  constructor(
    @Inject(CONFIG) private readonly config: Config,
    private readonly shutdown: Shutdown,
  ) {
    shutdown.onStop(() => this.closeAll());
  }

  get size(): number {
    return this.open.size;
  }

  /** Throws the 429 / 503 problem `start` would, without opening anything. */
  assertRoom(request: FastifyRequest): void {
    this.shutdown.assertRunning();
    const { maxConnectionsPerClient, maxConnections } = this.config.feed;
    const count = this.perClient.get(clientOf(request.ip)) ?? 0;
    if (count >= maxConnectionsPerClient)
      throw tooMany(`at most ${maxConnectionsPerClient} open feed connections per client`);
    if (this.open.size >= maxConnections)
      throw tooMany(`the service holds its maximum of ${maxConnections} open feed connections`);
  }

  /** Starts an SSE response, or throws a 429 / 503 problem before anything is written. */
  start(request: FastifyRequest, reply: FastifyReply): SseStream {
    this.assertRoom(request);
    const { heartbeatMs, drainTimeoutMs } = this.config.feed;
    const client = clientOf(request.ip);
    const count = this.perClient.get(client) ?? 0;
    const stream = new SseStream(request, reply, heartbeatMs, drainTimeoutMs);
    this.open.add(stream);
    this.perClient.set(client, count + 1);
    stream.onClose(() => {
      this.open.delete(stream);
      const left = (this.perClient.get(client) ?? 1) - 1;
      if (left === 0) this.perClient.delete(client);
      else this.perClient.set(client, left);
    });
    return stream;
  }

  private closeAll(): void {
    for (const stream of [...this.open]) stream.end(SHUTDOWN_GRACE_MS);
  }
}

function tooMany(detail: string): Problem {
  return new Problem(429, 'TOO_MANY_STREAMS', 'Too many requests', detail, { retryAfter: 5 });
}
