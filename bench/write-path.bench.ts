import { randomBytes } from 'node:crypto';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { SqliteEventStore } from '../src/store/sqlite/sqlite-event-store.js';
import type { Benchmark, Result } from './support/benchmark.js';
import { combineRuns, runWarmedUp, type ClientRun } from './support/concurrent-clients.js';
import { runHttpLoad } from './support/http-load.js';
import { JsonClient } from './support/http-client.js';
import { round } from './support/latency.js';
import { startListeningApp } from './support/listening-app.js';
import { scaled } from './support/scale.js';
import { developmentAppend, medianSeedDevelopment, referencedEntities } from './support/synthetic-developments.js';
import { withTempDir } from './support/temp-dir.js';

const IMPORT_EVENTS = 100_000;
const IMPORT_BATCH = 1_000;
const IMPORT_BUDGET_MS = 60_000;
const CLIENTS = 32;
const SINGLE_APPENDS = 3_000;
const SINGLE_APPENDS_ROUNDS = 3;
const SINGLE_APPENDS_BUDGET_MS = 15_000;
const HTTP_APPENDS = 4_000;
const HTTP_BUDGET_MS = 30_000;

/** Batch import: appendMany of 1,000 new developments at a time, each batch one durable transaction. */
async function durableImport(): Promise<Result> {
  const total = scaled(IMPORT_EVENTS, IMPORT_BATCH);
  const template = medianSeedDevelopment();
  return withTempDir('import', async (dir) => {
    const file = join(dir, 'events.db');
    const store = new SqliteEventStore(file);
    let imported = 0;
    let elapsedMs: number;
    try {
      const started = performance.now();
      const deadline = started + IMPORT_BUDGET_MS;
      while (imported < total && performance.now() < deadline) {
        const size = Math.min(IMPORT_BATCH, total - imported);
        await store.appendMany(Array.from({ length: size }, () => developmentAppend(template)));
        imported += size;
      }
      elapsedMs = performance.now() - started;
      const head = Number(await store.head());
      if (head !== imported) throw new Error(`store head is ${head} after importing ${imported} events`);
    } finally {
      await store.close();
    }
    const notes = [
      `${imported} events of type ${template.type} (${template.bodyBytes} B body, modelled on ${template.origin}) in batches of ${IMPORT_BATCH}`,
    ];
    if (imported < total)
      notes.push(`stopped at the ${IMPORT_BUDGET_MS / 1000} s budget after ${imported} of ${total} events`);
    return {
      figures: {
        importEventsPerSec: round((imported / elapsedMs) * 1000, 0),
        importBatchMeanMs: round(elapsedMs / Math.ceil(imported / IMPORT_BATCH)),
        storedBytesPerEvent: round(statSync(file).size / imported, 0),
      },
      targets: { importEventsPerSec: { value: 20_000, op: '>=' } },
      notes,
    };
  });
}

/** One store on a fresh file under 32 clients, each appending one new development at a time. */
function singleAppends(groupCommit: boolean): Promise<ClientRun> {
  const template = medianSeedDevelopment();
  return withTempDir(groupCommit ? 'group' : 'baseline', async (dir) => {
    const store = new SqliteEventStore(join(dir, 'events.db'), { groupCommit });
    const append = () => {
      const { stream, events } = developmentAppend(template);
      return store.append(stream, events, 'no_stream');
    };
    try {
      return await runWarmedUp({
        clients: CLIENTS,
        total: scaled(SINGLE_APPENDS, CLIENTS),
        budgetMs: SINGLE_APPENDS_BUDGET_MS,
        operation: append,
      });
    } finally {
      await store.close();
    }
  });
}

/**
 * Group commit against the one-fsync-per-append baseline, same load, same run. Rounds alternate
 * between the two so that other work on the machine weighs on both alike; rates are the median round.
 */
async function concurrentAppends(): Promise<Result> {
  const rounds: { group: ClientRun[]; baseline: ClientRun[] } = { group: [], baseline: [] };
  for (let i = 0; i < SINGLE_APPENDS_ROUNDS; i += 1) {
    rounds.group.push(await singleAppends(true));
    rounds.baseline.push(await singleAppends(false));
  }
  const group = combineRuns(rounds.group);
  const baseline = combineRuns(rounds.baseline);
  const rates = (runs: ClientRun[]) => runs.map((r) => Math.round(r.perSecond)).join(', ');
  const notes = [
    `${CLIENTS} clients, ${SINGLE_APPENDS_ROUNDS} rounds of ${scaled(SINGLE_APPENDS, CLIENTS)} appends per store, each on a fresh file after an uncounted warm-up`,
    `appends/s per round: group commit ${rates(rounds.group)}; baseline ${rates(rounds.baseline)}`,
  ];
  for (const [label, run] of [
    ['group commit', group],
    ['baseline', baseline],
  ] as const) {
    if (run.timedOut) notes.push(`${label} stopped at the ${SINGLE_APPENDS_BUDGET_MS / 1000} s budget in some round`);
  }
  return {
    figures: {
      groupAppendsPerSec: round(group.perSecond, 0),
      groupP50Ms: round(group.p50Ms),
      groupP99Ms: round(group.p99Ms),
      baselineAppendsPerSec: round(baseline.perSecond, 0),
      baselineP50Ms: round(baseline.p50Ms),
      baselineP99Ms: round(baseline.p99Ms),
      groupToBaselineRatio: round(group.perSecond / baseline.perSecond),
    },
    targets: { groupToBaselineRatio: { value: 5, op: '>=' } },
    notes,
  };
}

/** The same 32-client load as single-development POSTs to the listening application. */
async function httpAppends(): Promise<Result> {
  const template = medianSeedDevelopment();
  const apiKey = randomBytes(16).toString('hex');
  return withTempDir('http', async (dir) => {
    const app = await startListeningApp(dir, apiKey);
    try {
      await registerEntities(app.baseUrl, apiKey, referencedEntities(template));
      const run = await runHttpLoad({
        baseUrl: app.baseUrl,
        apiKey,
        clients: CLIENTS,
        total: scaled(HTTP_APPENDS, CLIENTS),
        budgetMs: HTTP_BUDGET_MS,
        template,
      });
      const notes = [
        `${CLIENTS} keep-alive clients in a worker thread; ${run.completed} POST /developments (201) after an uncounted warm-up; each response waits for the read model`,
      ];
      if (run.timedOut) notes.push(`stopped at the ${HTTP_BUDGET_MS / 1000} s budget`);
      return {
        figures: {
          httpAppendsPerSec: round(run.perSecond, 0),
          httpP50Ms: round(run.p50Ms),
          httpP99Ms: round(run.p99Ms),
        },
        targets: {},
        notes,
      };
    } finally {
      await app.close();
    }
  });
}

async function registerEntities(baseUrl: string, apiKey: string, entities: Record<string, string>[]): Promise<void> {
  if (entities.length === 0) return;
  const client = new JsonClient(baseUrl, { authorization: `Bearer ${apiKey}` }, 1);
  try {
    await client.postExpecting('/entities', entities, 201);
  } finally {
    client.close();
  }
}

export const writePathBenchmarks: Benchmark[] = [
  { name: 'write-path.import', run: durableImport },
  { name: 'write-path.concurrent-appends', run: concurrentAppends },
  { name: 'write-path.http-appends', run: httpAppends },
];
