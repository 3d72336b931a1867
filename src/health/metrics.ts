import { Injectable } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { collectDefaultMetrics, Counter, Gauge, Registry } from 'prom-client';
import { EventStreams } from '../feed/event-streams.js';
import { FeedSource } from '../feed/feed-source.js';
import { ReadModel } from '../read-model/read-model.js';
import { Readiness } from './readiness.js';

/** The lag gauge counts at most this many events, so that a scrape of a far-behind read model stays cheap. */
const LAG_CAP = 1_000_000;

/**
 * Prometheus metrics, in a registry of this application's own: Node's defaults (event-loop delay
 * included: `nodejs_eventloop_lag_*`), the read model's lag and faults, open streams and catch-ups,
 * and requests, writes and errors by route and status.
 */
@Injectable()
export class Metrics {
  readonly registry = new Registry();
  private readonly requests: Counter<'method' | 'route' | 'status'>;
  private readonly writes: Counter<'route' | 'status'>;
  private readonly errors: Counter<'route' | 'status'>;

  constructor(readModel: ReadModel, readiness: Readiness, streams: EventStreams, feed: FeedSource) {
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry });
    this.requests = new Counter({
      name: 'timeline_http_requests_total',
      help: 'HTTP requests answered',
      labelNames: ['method', 'route', 'status'],
      registers,
    });
    this.writes = new Counter({
      name: 'timeline_writes_total',
      help: 'Write requests answered (POST, DELETE)',
      labelNames: ['route', 'status'],
      registers,
    });
    this.errors = new Counter({
      name: 'timeline_errors_total',
      help: 'Requests answered with a 4xx or 5xx',
      labelNames: ['route', 'status'],
      registers,
    });
    new Gauge({
      name: 'timeline_read_model_lag_events',
      help: 'Events in the log that the read model has not applied',
      registers,
      async collect() {
        this.set(await readiness.lag(LAG_CAP));
      },
    });
    new Gauge({
      name: 'timeline_read_model_failing',
      help: '1 while the read model cannot apply events (it retries)',
      registers,
      collect() {
        this.set(readModel.health().status === 'failing' ? 1 : 0);
      },
    });
    new Gauge({
      name: 'timeline_open_streams',
      help: 'Open Server-Sent Events streams',
      registers,
      collect() {
        this.set(streams.size);
      },
    });
    new Gauge({
      name: 'timeline_catch_ups',
      help: 'Streams catching up from the log, by state',
      labelNames: ['state'],
      registers,
      collect() {
        const { active, waiting } = feed.gate.load;
        this.set({ state: 'active' }, active);
        this.set({ state: 'waiting' }, waiting);
      },
    });
  }

  /** Counts an answered request (an `onResponse` hook). */
  observe(request: FastifyRequest, reply: FastifyReply): void {
    const route = request.routeOptions.url ?? 'unmatched';
    const status = String(reply.statusCode);
    this.requests.inc({ method: request.method, route, status });
    if (request.method === 'POST' || request.method === 'DELETE') this.writes.inc({ route, status });
    if (reply.statusCode >= 400) this.errors.inc({ route, status });
  }
}
