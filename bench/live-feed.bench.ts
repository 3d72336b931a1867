import { randomBytes } from 'node:crypto';
import type { Benchmark, Result } from './support/benchmark.js';
import { epochMs } from './support/epoch-ms.js';
import { JsonClient } from './support/http-client.js';
import { percentile, round } from './support/latency.js';
import { FeedClients, OPENING_AT_ONCE } from './support/live-feed-clients.js';
import type { ConnectionArrivals } from './support/live-feed-clients.worker.js';
import type { ServiceMemory } from './support/live-feed-server.js';
import { FeedService } from './support/live-feed-service.js';
import {
  developmentInput,
  medianSeedDevelopment,
  referencedEntities,
  type DevelopmentTemplate,
} from './support/synthetic-developments.js';
import { withTempDir } from './support/temp-dir.js';

const CONNECTIONS = 1_000;
const DEVELOPMENTS = 200;
const RECORD_INTERVAL_MS = 50;
const WARM_UP_DEVELOPMENTS = 20;
/** Lets the connections settle (handshakes done, first buffers freed) before the memory is read. */
const IDLE_MS = 2_000;
const DELIVERY_GRACE_MS = 15_000;
const KB = 1_000;

interface Recorded {
  position: number;
  /** When the POST started (`epochMs`). */
  startedAt: number;
  responseMs: number;
}

interface Deliveries {
  connections: number;
  openMs: number;
  latenciesMs: number[];
  expected: number;
  delivered: number;
  missing: number;
  unexpected: number;
  endedByServer: number;
  /** Per development: from the start of its POST to the first connection's delivery. */
  firstDeliveriesMs: number[];
  /** Per development: from the first connection's delivery to the last one's. */
  spreadsMs: number[];
  responsesMs: number[];
  /** CPU time the service used while the developments were recorded and delivered. */
  serviceCpuMs: number;
  recordedPerSec: number;
  clientThreadBusyRatio: number;
}

/** Records developments one at a time, each starting `intervalMs` after the previous one (or when it is answered, if later). */
async function recordPaced(
  poster: JsonClient,
  template: DevelopmentTemplate,
  count: number,
  intervalMs: number,
): Promise<Recorded[]> {
  const recorded: Recorded[] = [];
  const started = performance.now();
  for (let i = 0; i < count; i += 1) {
    const wait = started + i * intervalMs - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    const startedAt = epochMs();
    const response = await poster.post('/developments', developmentInput(template));
    const responseMs = epochMs() - startedAt;
    if (response.status !== 201)
      throw new Error(`POST /developments answered ${response.status}: ${response.body.slice(0, 500)}`);
    const { position } = JSON.parse(response.body) as { position: string };
    recorded.push({ position: Number(position), startedAt, responseMs });
  }
  return recorded;
}

function deliveries(
  recorded: Recorded[],
  { connections, busyRatio }: { connections: ConnectionArrivals[]; busyRatio: number },
  openMs: number,
  serviceCpuMs: number,
): Deliveries {
  const startedAt = new Map(recorded.map((r) => [r.position, r.startedAt]));
  const firstAndLast = new Map<number, [number, number]>();
  const latenciesMs: number[] = [];
  let unexpected = 0;
  let endedByServer = 0;
  for (const connection of connections) {
    if (connection.ended || connection.overflowed) endedByServer += 1;
    connection.positions.forEach((position, i) => {
      const sent = startedAt.get(position);
      const arrival = connection.arrivals[i]!;
      if (sent === undefined) {
        unexpected += 1;
        return;
      }
      latenciesMs.push(arrival - sent);
      const span = firstAndLast.get(position);
      if (!span) firstAndLast.set(position, [arrival, arrival]);
      else firstAndLast.set(position, [Math.min(span[0], arrival), Math.max(span[1], arrival)]);
    });
  }
  const expected = recorded.length * connections.length;
  return {
    connections: connections.length,
    openMs,
    latenciesMs,
    expected,
    delivered: latenciesMs.length,
    missing: expected - latenciesMs.length,
    unexpected,
    endedByServer,
    firstDeliveriesMs: [...firstAndLast].map(([position, [first]]) => first - startedAt.get(position)!),
    spreadsMs: [...firstAndLast.values()].map(([first, last]) => last - first),
    responsesMs: recorded.map((r) => r.responseMs),
    serviceCpuMs,
    recordedPerSec: (recorded.length / recordingSpanMs(recorded)) * 1000,
    clientThreadBusyRatio: busyRatio,
  };
}

function recordingSpanMs(recorded: Recorded[]): number {
  const last = recorded[recorded.length - 1]!;
  return last.startedAt + last.responseMs - recorded[0]!.startedAt;
}

/**
 * Opens `connections` feed streams, waits until each is `ready`, calls `whenIdle`, then records
 * developments at a steady pace and times each delivery from the start of its POST.
 */
async function measureDeliveries(
  service: FeedService,
  poster: JsonClient,
  template: DevelopmentTemplate,
  connections: number,
  whenIdle: () => Promise<void> = async () => {},
): Promise<Deliveries> {
  const clients = await FeedClients.open(`${service.baseUrl}/feed`, connections);
  try {
    await new Promise((resolve) => setTimeout(resolve, IDLE_MS));
    await whenIdle();
    const cpuBefore = await service.cpuMs();
    clients.recordingStarts();
    const recorded = await recordPaced(poster, template, DEVELOPMENTS, RECORD_INTERVAL_MS);
    const arrivals = await clients.finish(recorded.length, DELIVERY_GRACE_MS);
    return deliveries(recorded, arrivals, clients.openMs, (await service.cpuMs()) - cpuBefore);
  } finally {
    await clients.close();
  }
}

function maxOf(samples: readonly number[]): number {
  return samples.reduce((max, s) => Math.max(max, s), Number.NEGATIVE_INFINITY);
}

/**
 * Append-to-delivery latency of the live feed with one connection and with a thousand, and the
 * service's memory per idle connection. `BENCH_LIVE_FEED_CPU_PROF=<dir>` profiles the service.
 */
async function liveFeed(): Promise<Result> {
  const template = medianSeedDevelopment();
  const apiKey = randomBytes(16).toString('hex');
  const cpuProfileDir = process.env.BENCH_LIVE_FEED_CPU_PROF || undefined;
  return withTempDir('live-feed', async (dir) => {
    const service = await FeedService.start({
      dataDir: dir,
      apiKey,
      maxFeedConnections: CONNECTIONS * 5,
      cpuProfileDir,
    });
    const poster = new JsonClient(service.baseUrl, { authorization: `Bearer ${apiKey}` }, 1);
    try {
      const entities = referencedEntities(template);
      if (entities.length > 0) await poster.postExpecting('/entities', entities, 201);
      await recordPaced(poster, template, WARM_UP_DEVELOPMENTS, 0);
      const single = await measureDeliveries(service, poster, template, 1);
      const before = await service.memory();
      let connected: ServiceMemory | undefined;
      const fanOut = await measureDeliveries(service, poster, template, CONNECTIONS, async () => {
        connected = await service.memory();
      });
      return report(template, single, fanOut, before, connected!, cpuProfileDir);
    } finally {
      poster.close();
      await service.stop();
    }
  });
}

function report(
  template: DevelopmentTemplate,
  single: Deliveries,
  fanOut: Deliveries,
  before: ServiceMemory,
  connected: ServiceMemory,
  cpuProfileDir: string | undefined,
): Result {
  const perConnectionKB = (field: keyof ServiceMemory) =>
    round((connected[field] - before[field]) / fanOut.connections / KB, 1);
  const fanOutP99 = percentile(fanOut.latenciesMs, 99);
  const singleP99 = percentile(single.latenciesMs, 99);
  const notes = [
    `service in a child process (node dist/bench/support/live-feed-server.js: dist/src/main.js plus IPC probes of its memory and CPU time, run with --expose-gc); ` +
      `clients in one worker thread of the benchmark process (node:http, one socket each); loopback`,
    `${DEVELOPMENTS} developments of type ${template.type} (${template.bodyBytes} B body) recorded one at a time every ${RECORD_INTERVAL_MS} ms ` +
      `per phase, after ${WARM_UP_DEVELOPMENTS} uncounted ones; latency = arrival at the client thread - start of the POST, over every (connection, development)`,
    `memory read after a full GC in the service: before connecting, then with all ${fanOut.connections} connections ready and idle for ${IDLE_MS / 1000} s; ` +
      `KB = 1,000 bytes; without the GC the RSS grew by ${round((connected.rssBeforeGc - before.rssBeforeGc) / fanOut.connections / KB, 1)} KB per connection`,
    `recorded ${round(single.recordedPerSec, 1)}/s with 1 connection, ${round(fanOut.recordedPerSec, 1)}/s with ${fanOut.connections} (a POST starts only once the previous one is answered)`,
    `service CPU per development covers the POST and every delivery of it, from before the first POST until the clients had all they were sent`,
    `per development, first delivery = first connection's arrival - POST start, spread = last connection's arrival - first's; ` +
      `client thread busy = event-loop utilisation of the clients' worker thread while the developments were recorded`,
    `opening ${fanOut.connections} connections (${OPENING_AT_ONCE} at a time) until all were ready took ${round(fanOut.openMs, 0)} ms`,
    `${fanOut.connections} connections: delivered ${fanOut.delivered} of ${fanOut.expected}; ${fanOut.missing} missing, ${fanOut.unexpected} unexpected, ` +
      `${fanOut.endedByServer} streams ended by the service; 1 connection: ${single.delivered} of ${single.expected}`,
  ];
  if (cpuProfileDir) notes.push(`service CPU profile written to ${cpuProfileDir}`);
  return {
    figures: {
      connections: fanOut.connections,
      rssPerConnectionKB: perConnectionKB('rss'),
      heapPerConnectionKB: perConnectionKB('heapUsed'),
      fanOutP50Ms: round(percentile(fanOut.latenciesMs, 50)),
      fanOutP99Ms: round(fanOutP99),
      fanOutMaxMs: round(maxOf(fanOut.latenciesMs)),
      fanOutFirstDeliveryP50Ms: round(percentile(fanOut.firstDeliveriesMs, 50)),
      fanOutSpreadP50Ms: round(percentile(fanOut.spreadsMs, 50)),
      fanOutClientThreadBusyRatio: round(fanOut.clientThreadBusyRatio),
      fanOutRecordP50Ms: round(percentile(fanOut.responsesMs, 50)),
      fanOutRecordP99Ms: round(percentile(fanOut.responsesMs, 99)),
      fanOutServiceCpuPerDevelopmentMs: round(fanOut.serviceCpuMs / DEVELOPMENTS),
      singleP50Ms: round(percentile(single.latenciesMs, 50)),
      singleP99Ms: round(singleP99),
      singleMaxMs: round(maxOf(single.latenciesMs)),
      singleRecordP50Ms: round(percentile(single.responsesMs, 50)),
      singleRecordP99Ms: round(percentile(single.responsesMs, 99)),
      singleServiceCpuPerDevelopmentMs: round(single.serviceCpuMs / DEVELOPMENTS),
      p99Ratio: round(fanOutP99 / singleP99, 1),
      missingDeliveries: fanOut.missing + single.missing,
    },
    targets: {
      rssPerConnectionKB: { value: 50, op: '<=' },
      fanOutP99Ms: { value: 100, op: '<=' },
      missingDeliveries: { value: 0, op: '<=' },
    },
    notes,
  };
}

export const liveFeedBenchmarks: Benchmark[] = [{ name: 'live-feed', run: liveFeed }];
