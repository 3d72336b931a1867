import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { Agent, request } from 'node:http';
import { Worker } from 'node:worker_threads';
import { SqliteEventStore } from '../src/store/sqlite/sqlite-event-store.js';
import type { Benchmark, Result } from './support/benchmark.js';
import { percentile, round } from './support/latency.js';
import { FeedClients } from './support/live-feed-clients.js';
import { FeedService } from './support/live-feed-service.js';
import { scaled } from './support/scale.js';
import {
  developmentAppend,
  medianSeedDevelopment,
  type DevelopmentTemplate,
} from './support/synthetic-developments.js';
import { withTempDir } from './support/temp-dir.js';
import type { FreezingLoadKind, FreezingLoadResult } from './support/freezing-load.worker.js';

/** How long the watches are written to and the searches repeated; the 600 reads run until answered. */
const FREEZING_LOAD_MS = 10_000;
/** The longest /health is timed beside one freezing load. */
const FREEZING_WINDOW_MS = 120_000;

interface Freezing {
  health: number[];
  result: FreezingLoadResult;
}

/** Runs one freezing load in a worker thread, with /health timed from this thread until it is over. */
async function beside(service: FeedService, apiKey: string, kind: FreezingLoadKind): Promise<Freezing> {
  const worker = new Worker(new URL('./support/freezing-load.worker.js', import.meta.url), {
    workerData: { kind, baseUrl: service.baseUrl, apiKey, durationMs: FREEZING_LOAD_MS },
  });
  const result = new Promise<FreezingLoadResult>((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`${kind} worker exited with code ${code} without a result`)));
  });
  const health = await probeHealth(service.baseUrl, result, FREEZING_WINDOW_MS);
  return { health, result: await result };
}

const LOG = 100_000;
/** How long /health is timed in each phase, once per `PROBE_INTERVAL_MS`. */
const WINDOW_MS = 15_000;
const PROBE_INTERVAL_MS = 20;
const APPEND_BATCH = 1000;

/**
 * The same payload as a median seed development, as a type no view folds: the log is built fast and
 * the service's start-up catch-up stays short, while each feed message is as large as a real one.
 */
function meetingTemplate(): DevelopmentTemplate {
  const seed = medianSeedDevelopment();
  const body = {
    ...seed.body,
    data: { meetingId: 'bench-meeting', title: 'A meeting', participants: seed.body.subjects.slice(0, 1) },
  };
  return { type: 'MeetingHeld', body, bodyBytes: Buffer.byteLength(JSON.stringify(body)), origin: seed.origin };
}

async function writeLog(dataDir: string, size: number, template: DevelopmentTemplate): Promise<void> {
  const store = new SqliteEventStore(join(dataDir, 'events.db'));
  try {
    for (let written = 0; written < size; written += APPEND_BATCH) {
      await store.appendMany(
        Array.from({ length: Math.min(APPEND_BATCH, size - written) }, () => developmentAppend(template)),
      );
    }
  } finally {
    await store.close();
  }
}

/** GET /health one at a time, every `PROBE_INTERVAL_MS`, for `WINDOW_MS` or until `until` settles; the latency of each. */
async function probeHealth(baseUrl: string, until?: Promise<unknown>, windowMs = WINDOW_MS): Promise<number[]> {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const latencies: number[] = [];
  const end = performance.now() + windowMs;
  let settled = false;
  void until?.finally(() => {
    settled = true;
  });
  try {
    while (performance.now() < end && !settled) {
      const started = performance.now();
      await new Promise<void>((resolve, reject) => {
        const req = request(`${baseUrl}/health`, { agent }, (res) => {
          res.resume();
          res.on('end', () =>
            res.statusCode === 200 ? resolve() : reject(new Error(`/health answered ${res.statusCode}`)),
          );
        });
        req.on('error', reject);
        req.end();
      });
      latencies.push(performance.now() - started);
      const wait = started + PROBE_INTERVAL_MS - performance.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    }
  } finally {
    agent.destroy();
  }
  return latencies;
}

interface Attack {
  clients: number;
  health: number[];
  durationMs: number;
  delivered: number;
  caughtUp: number;
  endedByServer: number;
}

/** `clients` streams resume from position 0 at once; /health is timed from their first connection until they have caught up. */
async function underAttack(service: FeedService, clients: number, logSize: number): Promise<Attack> {
  let over!: () => void;
  const attackOver = new Promise<void>((resolve) => {
    over = resolve;
  });
  const started = performance.now();
  const probing = probeHealth(service.baseUrl, attackOver);
  const feeds = await FeedClients.open(`${service.baseUrl}/feed?from=0`, clients);
  try {
    feeds.recordingStarts();
    // The attack lasts until every stream has the whole log, or the window ends.
    const { connections } = await feeds.finish(logSize, Math.max(0, started + WINDOW_MS - performance.now()));
    const durationMs = performance.now() - started;
    over();
    return {
      clients,
      health: await probing,
      durationMs,
      delivered: connections.reduce((sum, c) => sum + c.positions.length, 0),
      caughtUp: connections.filter((c) => c.positions.length >= logSize).length,
      endedByServer: connections.filter((c) => c.ended || c.overflowed).length,
    };
  } finally {
    over();
    await feeds.close();
  }
}

/**
 * Hostile clients: 10, then 100 SSE streams resuming from position 0 of a 100k log at once, with
 * /health timed beside each attack and, in the same run, with no attack at all.
 */
async function hostileClients(): Promise<Result> {
  const logSize = scaled(LOG, 1000);
  const template = meetingTemplate();
  return withTempDir('hostile-clients', async (dir) => {
    await writeLog(dir, logSize, template);
    const apiKey = randomBytes(16).toString('hex');
    const service = await FeedService.start({ dataDir: dir, apiKey, maxFeedConnections: 1000 });
    try {
      const idle = await probeHealth(service.baseUrl);
      const ten = await underAttack(service, 10, logSize);
      const hundred = await underAttack(service, 100, logSize);
      const freezing: [string, Freezing][] = [];
      for (const [name, kind] of [
        ['watches100', 'watches-with-writes'],
        ['searches10', 'no-match-searches'],
        ['heavyReads600', 'mixed-heavy-reads'],
        ['csvExport', 'csv-export'],
      ] as const)
        freezing.push([name, await beside(service, apiKey, kind)]);
      const idleP99 = percentile(idle, 99);
      const figures: Record<string, number> = {
        logEvents: logSize,
        idleHealthP50Ms: round(percentile(idle, 50)),
        idleHealthP99Ms: round(idleP99),
      };
      for (const attack of [ten, hundred]) {
        const p99 = percentile(attack.health, 99);
        const n = attack.clients;
        Object.assign(figures, {
          [`health${n}P50Ms`]: round(percentile(attack.health, 50)),
          [`health${n}P99Ms`]: round(p99),
          [`health${n}MaxMs`]: round(Math.max(...attack.health)),
          [`health${n}P99ToIdleRatio`]: round(p99 / idleP99, 1),
          [`catchUp${n}EventsPerSec`]: round(attack.delivered / (attack.durationMs / 1000), 0),
          [`attack${n}Ms`]: round(attack.durationMs, 0),
          [`catchUp${n}Completed`]: attack.caughtUp,
        });
      }
      for (const [name, { health, result }] of freezing) {
        Object.assign(figures, {
          [`${name}HealthP99Ms`]: round(percentile(health, 99)),
          [`${name}HealthMaxMs`]: round(Math.max(...health)),
        });
        if (result.exportBytes !== undefined)
          Object.assign(figures, {
            [`${name}MB`]: round(result.exportBytes / 1e6, 1),
            [`${name}Lines`]: result.exportLines ?? 0,
            [`${name}Ms`]: round(result.exportMs ?? 0, 0),
          });
        if (result.writes !== undefined)
          Object.assign(figures, {
            [`${name}Writes`]: result.writes,
            [`${name}WriteP99Ms`]: round(result.writeP99Ms ?? 0),
            [`${name}Changes`]: result.changes ?? 0,
          });
      }
      return {
        figures,
        targets: {
          health10P99Ms: { value: 100, op: '<=' },
          health100P99Ms: { value: 100, op: '<=' },
          watches100HealthMaxMs: { value: 250, op: '<=' },
          searches10HealthMaxMs: { value: 250, op: '<=' },
          heavyReads600HealthMaxMs: { value: 250, op: '<=' },
          csvExportHealthMaxMs: { value: 250, op: '<=' },
        },
        notes: [
          `log of ${logSize} developments (${template.bodyBytes} B body each, of a type no view folds) written before the service starts`,
          'service in a child process (as live-feed); the streams in a worker thread of the benchmark process (node:http, one socket each), ' +
            'opened with GET /feed?from=0, all at once; the streams read as fast as they can',
          `/health timed from the benchmark's main thread, one request at a time every ${PROBE_INTERVAL_MS} ms, for ${WINDOW_MS / 1000} s idle, ` +
            `then beside 10 and beside 100 streams from their first connection until they have caught up (the attack: until every stream has the whole log, at most ${WINDOW_MS / 1000} s)`,
          'catch-up rate = developments delivered to all streams during the attack; completed = streams that had the whole log by its end',
          `streams ended by the service: ${ten.endedByServer} of 10, ${hundred.endedByServer} of 100`,
          'freezing loads, each from a worker thread with /health timed beside it as above until it is over: ' +
            `100 view watches of distinct queries (facilities in HU, one asOf each) while one client records facilities in HU one after another for ${FREEZING_LOAD_MS / 1000} s; ` +
            `10 clients repeating no-match searches (/timeline?q=, /feed.atom?q=) for ${FREEZING_LOAD_MS / 1000} s; ` +
            '600 mixed heavy reads sent at once (timeline pages of 500, no-match searches, Atom, views, footprint, expectations, series, replay); ' +
            `the whole log as CSV (/timeline?format=csv, every one of the ${logSize} developments and the ones recorded by the watches' writer)`,
          ...freezing.map(([name, { result }]) => `${name} answers by status: ${JSON.stringify(result.statuses)}`),
        ],
      };
    } finally {
      await service.stop();
    }
  });
}

export const hostileClientsBenchmarks: Benchmark[] = [{ name: 'hostile-clients', run: hostileClients }];
