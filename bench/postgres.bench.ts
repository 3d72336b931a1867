import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { openReadModel } from '../src/views/build/open-read-model.js';
import type { EventStore } from '../src/store/event-store.js';
import { PostgresEventStore } from '../src/store/postgres/postgres-event-store.js';
import { SqliteEventStore } from '../src/store/sqlite/sqlite-event-store.js';
import type { Benchmark, Result } from './support/benchmark.js';
import { runWarmedUp, type ClientRun } from './support/concurrent-clients.js';
import { JsonClient } from './support/http-client.js';
import { percentile, round } from './support/latency.js';
import { withPostgresDatabase } from './support/postgres-database.js';
import { scaled, sizeLabel } from './support/scale.js';
import { ServiceProcess } from './support/service-process.js';
import { SseFrames } from './support/sse-frames.js';
import {
  developmentAppend,
  developmentInput,
  medianSeedDevelopment,
  referencedEntities,
  type DevelopmentTemplate,
} from './support/synthetic-developments.js';
import { TemporalLog } from './support/temporal-log.js';
import { withTempDir } from './support/temp-dir.js';

const IMPORT_EVENTS = 50_000;
const IMPORT_BATCH = 1_000;
const IMPORT_BUDGET_MS = 60_000;
const CLIENTS = 32;
const SINGLE_APPENDS = 2_000;
const SINGLE_APPENDS_BUDGET_MS = 20_000;
const CATCH_UP_EVENTS = 10_000;
const VISIBLE_APPENDS = 200;

type StoreKind = 'postgres' | 'sqlite';

/** Runs `work` on a fresh store of each kind: a new PostgreSQL database, a new SQLite file. */
async function withStore<T>(
  kind: StoreKind,
  work: (store: EventStore, dir: string) => Promise<T>,
  sqliteOptions = {},
): Promise<T> {
  return withTempDir(`pg-${kind}`, async (dir) => {
    if (kind === 'sqlite') {
      return closing(new SqliteEventStore(join(dir, 'events.db'), sqliteOptions), (store) => work(store, dir));
    }
    return withPostgresDatabase((url) => closing(new PostgresEventStore(url), (store) => work(store, dir)));
  });
}

async function closing<S extends EventStore, T>(store: S, work: (store: S) => Promise<T>): Promise<T> {
  try {
    return await work(store);
  } finally {
    await store.close();
  }
}

async function importInto(
  store: EventStore,
  template: DevelopmentTemplate,
  total: number,
  budgetMs: number,
): Promise<{ imported: number; ms: number }> {
  let imported = 0;
  const started = performance.now();
  while (imported < total && performance.now() - started < budgetMs) {
    const size = Math.min(IMPORT_BATCH, total - imported);
    await store.appendMany(Array.from({ length: size }, () => developmentAppend(template)));
    imported += size;
  }
  return { imported, ms: performance.now() - started };
}

/** Batch import, 1,000 developments per durable transaction, on both stores. */
async function batchImport(): Promise<Result> {
  const template = medianSeedDevelopment();
  const total = scaled(IMPORT_EVENTS, IMPORT_BATCH);
  const rates: Record<StoreKind, number> = { postgres: 0, sqlite: 0 };
  const notes = [
    `${total} events of ${template.bodyBytes} B in batches of ${IMPORT_BATCH}, each batch one transaction`,
  ];
  for (const kind of ['sqlite', 'postgres'] as const) {
    const { imported, ms } = await withStore(kind, (store) => importInto(store, template, total, IMPORT_BUDGET_MS));
    rates[kind] = (imported / ms) * 1000;
    if (imported < total)
      notes.push(`${kind} stopped at the ${IMPORT_BUDGET_MS / 1000} s budget after ${imported} events`);
  }
  return {
    figures: {
      postgresImportEventsPerSec: round(rates.postgres, 0),
      sqliteImportEventsPerSec: round(rates.sqlite, 0),
      postgresToSqliteRatio: round(rates.postgres / rates.sqlite),
    },
    targets: { postgresImportEventsPerSec: { value: 20_000, op: '>=' } },
    notes,
  };
}

function singleAppends(kind: StoreKind, clients: number, sqliteOptions = {}): Promise<ClientRun> {
  const template = medianSeedDevelopment();
  return withStore(
    kind,
    (store) =>
      runWarmedUp({
        clients,
        total: scaled(SINGLE_APPENDS, clients),
        budgetMs: SINGLE_APPENDS_BUDGET_MS,
        operation: () => {
          const { stream, events } = developmentAppend(template);
          return store.append(stream, events, 'no_stream');
        },
      }),
    sqliteOptions,
  );
}

/**
 * 32 clients appending one development at a time. On PostgreSQL every append is its own transaction:
 * the baseline is one client, one transaction (and one WAL flush) after the other. SQLite beside it:
 * group commit against one fsync per append, both under the same 32 clients.
 */
async function concurrentAppends(): Promise<Result> {
  const pg32 = await singleAppends('postgres', CLIENTS);
  const pg1 = await singleAppends('postgres', 1);
  const sqliteGroup = await singleAppends('sqlite', CLIENTS);
  const sqliteBaseline = await singleAppends('sqlite', CLIENTS, { groupCommit: false });
  const notes = [
    `${scaled(SINGLE_APPENDS, CLIENTS)} appends per run after an uncounted warm-up; PostgreSQL pool of 10 connections`,
  ];
  const runs = {
    'postgres 32': pg32,
    'postgres 1': pg1,
    'sqlite group': sqliteGroup,
    'sqlite baseline': sqliteBaseline,
  };
  for (const [label, run] of Object.entries(runs)) {
    if (run.timedOut)
      notes.push(`${label} stopped at the ${SINGLE_APPENDS_BUDGET_MS / 1000} s budget after ${run.completed}`);
  }
  return {
    figures: {
      postgres32AppendsPerSec: round(pg32.perSecond, 0),
      postgres32P50Ms: round(pg32.p50Ms),
      postgres32P99Ms: round(pg32.p99Ms),
      postgresOneAtATimeAppendsPerSec: round(pg1.perSecond, 0),
      postgresOneAtATimeP50Ms: round(pg1.p50Ms),
      postgresConcurrentToSerialRatio: round(pg32.perSecond / pg1.perSecond),
      sqliteGroupAppendsPerSec: round(sqliteGroup.perSecond, 0),
      sqliteOneFsyncPerAppendAppendsPerSec: round(sqliteBaseline.perSecond, 0),
      sqliteGroupToBaselineRatio: round(sqliteGroup.perSecond / sqliteBaseline.perSecond),
    },
    // No target on the ratio: it shows what concurrency gains over one commit at a time, which is little
    // where a commit is already fast (see postgresOneAtATimeP50Ms); the embedded store's 5x is about fsyncs.
    targets: {},
    notes,
  };
}

/** Writes the synthetic twenty-year log (the temporal benchmark's): registrations, then developments. */
async function writeTemporalLog(store: EventStore, developments: number): Promise<number> {
  const log = new TemporalLog(developments);
  let events = 0;
  const registrations = log.world.registrations();
  for (let i = 0; i < registrations.length; i += IMPORT_BATCH) {
    const batch = registrations.slice(i, i + IMPORT_BATCH);
    await store.appendMany(batch);
    events += batch.length;
  }
  for (const batch of log.batches(IMPORT_BATCH)) {
    await store.appendMany(batch);
    events += batch.reduce((sum, request) => sum + request.events.length, 0);
  }
  return events;
}

/** A second instance joining a log of N developments: its subscription alone, then its whole read model. */
async function catchUp(): Promise<Result> {
  const developments = scaled(CATCH_UP_EVENTS, IMPORT_BATCH);
  const figures: Record<string, number> = {};
  let total = 0;
  for (const kind of ['sqlite', 'postgres'] as const) {
    await withStore(kind, async (store, dir) => {
      total = await writeTemporalLog(store, developments);
      let started = performance.now();
      let read = 0;
      const subscription = store.subscribe();
      for await (const _event of subscription) if (++read === total) break;
      subscription.close();
      figures[`${kind}SubscriptionEventsPerSec`] = round((total / (performance.now() - started)) * 1000, 0);

      const parts = openReadModel(join(dir, 'second-instance.db'), store);
      started = performance.now();
      parts.readModel.start();
      await parts.ready();
      figures[`${kind}ReadModelCatchUpEventsPerSec`] = round((total / (performance.now() - started)) * 1000, 0);
      await parts.readModel.stop();
      parts.readModel.close();
    });
  }
  figures.postgresToSqliteReadModelRatio = round(
    figures.postgresReadModelCatchUpEventsPerSec! / figures.sqliteReadModelCatchUpEventsPerSec!,
  );
  const notes = [
    `the synthetic twenty-year log of ${developments} developments (${total} events); the read model includes every view`,
    'the subscription alone is the ceiling of reading the log from that store; the read model is built as a first ' +
      'start builds it (the development history as the log is read, then every view in one pass)',
  ];
  return { figures, targets: {}, notes, variant: sizeLabel(developments) };
}

/** Follows a service's feed; resolves each position's delivery time. */
class FeedWatcher {
  private readonly delivered = new Map<string, number>();
  private readonly waiting = new Map<string, (at: number) => void>();
  private readonly controller = new AbortController();

  static async open(baseUrl: string): Promise<FeedWatcher> {
    const watcher = new FeedWatcher();
    const response = await fetch(`${baseUrl}/feed`, { signal: watcher.controller.signal });
    const frames = new SseFrames((_event, id) => {
      if (id === undefined) return;
      const at = performance.now();
      watcher.delivered.set(id, at);
      watcher.waiting.get(id)?.(at);
    });
    const decoder = new TextDecoder();
    void (async () => {
      try {
        for await (const chunk of response.body!) frames.push(decoder.decode(chunk as Uint8Array, { stream: true }));
      } catch {
        /* closed */
      }
    })();
    return watcher;
  }

  deliveryOf(position: string): Promise<number> {
    const at = this.delivered.get(position);
    if (at !== undefined) return Promise.resolve(at);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`position ${position} not delivered in 30 s`)), 30_000);
      this.waiting.set(position, (time) => {
        clearTimeout(timer);
        resolve(time);
      });
    });
  }

  close(): void {
    this.controller.abort();
  }
}

/** One development at a time to `writer`; how long until `reader`'s feed (fed by its read model) delivers it. */
async function appendToVisible(
  writer: ServiceProcess,
  reader: ServiceProcess,
  apiKey: string,
  template: DevelopmentTemplate,
): Promise<{ fromRequest: number[]; fromAck: number[] }> {
  const client = new JsonClient(writer.baseUrl, { authorization: `Bearer ${apiKey}` }, 1);
  const feed = await FeedWatcher.open(reader.baseUrl);
  const fromRequest: number[] = [];
  const fromAck: number[] = [];
  try {
    for (let i = 0; i < scaled(VISIBLE_APPENDS, 20); i++) {
      const sent = performance.now();
      const response = await client.post('/developments', developmentInput(template));
      const acknowledged = performance.now();
      if (response.status !== 201) throw new Error(`POST answered ${response.status}: ${response.body.slice(0, 300)}`);
      const delivered = await feed.deliveryOf((JSON.parse(response.body) as { position: string }).position);
      if (i >= 10) {
        fromRequest.push(delivered - sent);
        fromAck.push(Math.max(0, delivered - acknowledged));
      }
      await new Promise((resolve) => setTimeout(resolve, 10 + Math.random() * 20));
    }
  } finally {
    feed.close();
    client.close();
  }
  return { fromRequest, fromAck };
}

async function registerEntities(service: ServiceProcess, apiKey: string, template: DevelopmentTemplate): Promise<void> {
  const entities = referencedEntities(template);
  if (entities.length === 0) return;
  const client = new JsonClient(service.baseUrl, { authorization: `Bearer ${apiKey}` }, 1);
  try {
    await client.postExpecting('/entities', entities, 201);
  } finally {
    client.close();
  }
}

/**
 * Append-to-visible: POST to instance A, time until instance B's live feed delivers it (B has
 * applied it to its own read model). Beside it, the same on one SQLite instance (its own feed).
 */
async function crossInstanceVisibility(): Promise<Result> {
  const template = medianSeedDevelopment();
  const apiKey = randomBytes(16).toString('hex');
  const figures: Record<string, number> = {};
  const record = (prefix: string, { fromRequest, fromAck }: { fromRequest: number[]; fromAck: number[] }) => {
    figures[`${prefix}P50Ms`] = round(percentile(fromRequest, 50));
    figures[`${prefix}P99Ms`] = round(percentile(fromRequest, 99));
    figures[`${prefix}AfterAckP50Ms`] = round(percentile(fromAck, 50));
    figures[`${prefix}AfterAckP99Ms`] = round(percentile(fromAck, 99));
  };
  await withPostgresDatabase(async (url) =>
    withTempDir('pg-a', (dirA) =>
      withTempDir('pg-b', async (dirB) => {
        const env = { TIMELINE_STORE: 'postgres', DATABASE_URL: url, TIMELINE_API_KEYS: apiKey };
        const [a, b] = await Promise.all([
          ServiceProcess.start({ ...env, TIMELINE_DATA_DIR: dirA }),
          ServiceProcess.start({ ...env, TIMELINE_DATA_DIR: dirB }),
        ]);
        try {
          await registerEntities(a, apiKey, template);
          record('postgresOtherInstance', await appendToVisible(a, b, apiKey, template));
          record('postgresSameInstance', await appendToVisible(a, a, apiKey, template));
        } finally {
          await Promise.all([a.stop(), b.stop()]);
        }
      }),
    ),
  );
  await withTempDir('sqlite-one', async (dir) => {
    const one = await ServiceProcess.start({ TIMELINE_DATA_DIR: dir, TIMELINE_API_KEYS: apiKey });
    try {
      await registerEntities(one, apiKey, template);
      record('sqliteSameInstance', await appendToVisible(one, one, apiKey, template));
    } finally {
      await one.stop();
    }
  });
  return {
    figures,
    targets: { postgresOtherInstanceP99Ms: { value: 1000, op: '<=' } },
    notes: [
      `${scaled(VISIBLE_APPENDS, 20)} single POSTs, one at a time with 10-30 ms pauses, the first 10 uncounted`,
      'from the request: POST sent until the feed delivers it; after ack: from the 201 on',
    ],
  };
}

export const postgresBenchmarks: Benchmark[] = [
  { name: 'postgres.import', run: batchImport },
  { name: 'postgres.concurrent-appends', run: concurrentAppends },
  { name: 'postgres.catch-up', run: catchUp },
  { name: 'postgres.append-to-visible', run: crossInstanceVisibility },
];
