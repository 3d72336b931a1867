import { Injectable } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { EventStreams } from '../feed/event-streams.js';
import { FeedSource } from '../feed/feed-source.js';
import { ReadModel } from '../read-model/read-model.js';
import { Readiness } from './readiness.js';
import { ServiceCounters } from './service-counters.js';

/** The lag gauge counts at most this many events, so that a scrape of a far-behind read model stays cheap. */
const LAG_CAP = 1_000_000;

/**
 * Prometheus metrics, in a registry of this application's own: Node's defaults (event-loop delay
 * included: `nodejs_eventloop_lag_*`), the read model's lag and faults, open streams and catch-ups,
 * requests, writes and errors by route and status, request durations, appended developments and
 * webhook deliveries by outcome.
 */
@Injectable()
export class Metrics {
  readonly registry = new Registry();
  private readonly requests: Counter<'method' | 'route' | 'status'>;
  private readonly writes: Counter<'route' | 'status'>;
  private readonly errors: Counter<'route' | 'status'>;
  private readonly durations: Histogram<'method' | 'route' | 'status'>;

  constructor(
    readModel: ReadModel,
    readiness: Readiness,
    streams: EventStreams,
    feed: FeedSource,
    counters: ServiceCounters,
  ) {
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry });
    this.registry.registerMetric(counters.developmentsAppended);
    this.registry.registerMetric(counters.webhookDeliveries);
    this.durations = new Histogram({
      name: 'timeline_http_request_duration_seconds',
      help: 'Time from a request arriving to its answer ending (a stream: until it closed), by route and status',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 120],
      registers,
    });
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
      help: 'Server-Sent Events clients connected (feed, view watches, paced replay)',
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
    this.durations.observe({ method: request.method, route, status }, reply.elapsedTime / 1000);
    if (request.method === 'POST' || request.method === 'DELETE') this.writes.inc({ route, status });
    if (reply.statusCode >= 400) this.errors.inc({ route, status });
  }
}
