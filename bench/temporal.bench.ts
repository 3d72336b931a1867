import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECTIONS, type AnyProjection, type ProjectionContext } from '../projections/index.js';
import { openReadModel, type ReadModelParts } from '../src/views/open-read-model.js';
import type { AppendRequest } from '../src/store/event-store.js';
import { SqliteEventStore } from '../src/store/sqlite/sqlite-event-store.js';
import { selectRows, servingView } from '../src/views/view-rows.js';
import { keySizes, populatedCountries, randomQueries, timeQueries, type AsOfQuery } from './support/as-of-queries.js';
import { recentFacilities, timeBackdatedAnnouncement } from './support/backdated-facilities.js';
import type { Benchmark, Result } from './support/benchmark.js';
import { trackEventLoopStalls } from './support/event-loop-stalls.js';
import { percentile, round } from './support/latency.js';
import { copyLogPrefix } from './support/log-prefix.js';
import { replayView } from './support/naive-replay.js';
import { logPhase, progressReporter } from './support/progress.js';
import { RssSampler } from './support/rss-sampler.js';
import { scaled } from './support/scale.js';
import { SeededRandom } from './support/seeded-random.js';
import { TemporalLog } from './support/temporal-log.js';
import { withTempDir } from './support/temp-dir.js';

const DEFAULT_DEVELOPMENTS = 1_000_000;
const APPEND_BATCH = 1_000;
const QUERIES_PER_VIEW = 500;
const WARM_UP_QUERIES = 20;
const QUERY_LIMIT = 100;
const QUERY_BUDGET_MS = 60_000;
const REPLAY_VIEW = 'facilities';
const REPLAYS = 5;
const BACKDATED_APPENDS = 20;
const BACKDATED_YEARS = 10;
/** Leaves room for the other phases within about 25 minutes at a million developments. */
const BUILD_BUDGET_MS = 16 * 60_000;
/** Backdated facilities are among those first heard of in the last years the read model covers. */
const BACKDATED_RECENT_YEARS = 4;

/** `BENCH_TEMPORAL_N` developments when set, else a million times `BENCH_SCALE`. */
function logSize(): number {
  const raw = process.env.BENCH_TEMPORAL_N;
  if (raw === undefined || raw.trim() === '') return scaled(DEFAULT_DEVELOPMENTS, 1_000);
  const size = Number(raw);
  if (!Number.isInteger(size) || size < 1_000) throw new RangeError(`BENCH_TEMPORAL_N must be an integer of at least 1000, got "${raw}"`);
  return size;
}

/** Entity registrations first, then the developments, each append one batch of up to 1,000 streams. */
async function writeLog(store: SqliteEventStore, log: TemporalLog, rss: RssSampler): Promise<Result> {
  const registrations = log.world.registrations();
  const report = progressReporter('log written (events)', Math.round(log.size * 1.01) + registrations.length);
  rss.reset();
  const started = performance.now();
  let appendMs = 0;
  let events = 0;
  const append = async (batch: AppendRequest[]) => {
    const before = performance.now();
    await store.appendMany(batch);
    appendMs += performance.now() - before;
    events += batch.length;
    report(events);
  };
  for (let i = 0; i < registrations.length; i += APPEND_BATCH) await append(registrations.slice(i, i + APPEND_BATCH));
  for (const batch of log.batches(APPEND_BATCH)) await append(batch);
  const writeMs = performance.now() - started;
  const { stats } = log;
  const types = Object.entries(stats.byType).sort(([, a], [, b]) => b - a).map(([type, n]) => `${type} ${n}`).join(', ');
  return {
    figures: {
      logEvents: events,
      logWriteMs: round(writeMs, 0),
      logWriteEventsPerSec: round((events / writeMs) * 1000, 0),
      logAppendEventsPerSec: round((events / appendMs) * 1000, 0),
      logWritePeakRssMB: round(rss.peak().mib * 1.048576, 0),
    },
    targets: {},
    notes: [
      `N = ${stats.developments} developments over 2006-2025 (${types}), ${log.world.organisations.length} organisations and ${log.world.countries.length} governments registered first, ${stats.corrections} date corrections; ${events} events in appends of ${APPEND_BATCH}`,
      `${round((stats.backdated / stats.developments) * 100, 1)} % of developments backdated (appended after one dated wholly later); every one of ${stats.checked} sampled developments and corrections passed the catalogue`,
      `log write time includes generating the events; logAppendEventsPerSec counts only the time in appendMany (${round(appendMs / 1000, 1)} s)`,
    ],
  };
}

/**
 * Opens a fresh read model on the log and follows it to the head: every projection built from
 * scratch. Catching up runs as one unbroken chain of synchronous batches, so the budget is checked
 * after each batch and the build stopped there if it is spent.
 */
async function buildReadModel(store: SqliteEventStore, file: string, rss: RssSampler): Promise<{ parts: ReadModelParts; complete: boolean; result: Result }> {
  const head = Number(await store.head());
  const report = progressReporter('read model built (events)', head);
  rss.reset();
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const parts = openReadModel(file, store);
  let overBudget!: () => void;
  const budgetSpent = new Promise<void>((resolve) => { overBudget = resolve; });
  const stopReporting = parts.readModel.onApplied((position: string) => {
    report(Number(position));
    if (performance.now() - started > BUILD_BUDGET_MS) overBudget();
  });
  const stalls = trackEventLoopStalls();
  parts.readModel.start();
  // catchUp() is waitFor(head) with a fixed 600 s timeout; the build may take longer, so the budget is the timeout here.
  const caughtUp = parts.readModel.waitFor(String(head), BUILD_BUDGET_MS + 60_000).then(() => true, () => false);
  const complete = await Promise.race([caughtUp, budgetSpent.then(() => false)]);
  if (!complete) await parts.readModel.stop();
  const buildMs = performance.now() - started;
  const longestStallMs = await stalls.stop();
  stopReporting();
  const cpu = process.cpuUsage(cpuBefore);
  const applied = Number(parts.readModel.checkpoint ?? 0);
  const peak = rss.peak();
  const bytes = [file, `${file}-wal`].filter(existsSync).reduce((sum, f) => sum + statSync(f).size, 0);
  const rate = (applied / buildMs) * 1000;
  const notes = [
    `read model built with openReadModel(...).readModel.start() and waitFor(head); RSS sampled every 100 ms in a worker thread (${peak.samples} samples in the whole run); this process used ${round((cpu.user + cpu.system) / 1e6, 0)} s of CPU in the ${round(buildMs / 1000, 0)} s build`,
    `while catching up, the event loop (timers, I/O, HTTP) was blocked for up to ${round(longestStallMs / 1000, 1)} s at a time (buildEventLoopMaxStallMs)`,
  ];
  if (!complete) {
    notes.push(`build stopped at its ${round(BUILD_BUDGET_MS / 60_000, 1)} min budget after ${applied} of ${head} events; at its average rate of ${Math.round(rate)} events/s the whole log would take ${round(head / rate / 60, 0)} min, longer still as the rate falls with size`);
  }
  return {
    parts,
    complete,
    result: {
      figures: {
        buildMs: round(buildMs, 0),
        buildEventsPerSec: round(rate, 0),
        buildPeakRssMB: round(peak.mib * 1.048576, 0),
        buildEventLoopMaxStallMs: round(longestStallMs, 0),
        readModelMB: round(bytes / 1e6, 0),
        readModelBytesPerEvent: round(bytes / applied, 0),
      },
      targets: { buildEventsPerSec: { value: 50_000, op: '>=' }, buildPeakRssMB: { value: 500, op: '<=' } },
      notes,
    },
  };
}

/** `selectRows` with a country and an asOf day, per view; returns the facilities queries for the replay baseline. */
function asOfQueries(parts: ReadModelParts, countries: readonly string[], random: SeededRandom): { result: Result; replayQueries: AsOfQuery[]; replayViewP50Ms: number } {
  const db = parts.readModel.db;
  const sizes = keySizes(db).map((k) => `${k.view} ${k.keys} keys, ${round(k.meanMembers, 1)} developments per key on average, ${k.maxMembers} at most`);
  const result: Result = { figures: {}, targets: {}, notes: [`view keys: ${sizes.join('; ')}`] };
  let replayQueries: AsOfQuery[] = [];
  let replayViewP50Ms = Number.NaN;
  for (const projection of PROJECTIONS) {
    const { vw } = servingView(parts.views, projection.name);
    const populated = populatedCountries(db, vw, countries);
    const queries = randomQueries(random, populated, QUERIES_PER_VIEW);
    timeQueries(db, vw, queries.slice(0, WARM_UP_QUERIES), QUERY_LIMIT);
    const { latenciesMs, rowCounts } = timeQueries(db, vw, queries, QUERY_LIMIT, QUERY_BUDGET_MS);
    const p50 = percentile(latenciesMs, 50);
    result.figures[`${projection.name}AsOfP50Ms`] = round(p50, 3);
    result.figures[`${projection.name}AsOfP99Ms`] = round(percentile(latenciesMs, 99), 3);
    result.targets[`${projection.name}AsOfP99Ms`] = { value: 20, op: '<=' };
    const slowest = latenciesMs.indexOf(Math.max(...latenciesMs));
    const meanRows = rowCounts.reduce((a, b) => a + b, 0) / rowCounts.length;
    result.notes!.push(`${projection.name}: ${latenciesMs.length} queries${latenciesMs.length < queries.length ? ` (stopped at the ${QUERY_BUDGET_MS / 1000} s budget)` : ''} over ${populated.length} populated countries, ${round(meanRows, 1)} rows each on average; slowest ${round(latenciesMs[slowest]!, 1)} ms (country ${queries[slowest]!.country}, asOf ${queries[slowest]!.asOf}, ${rowCounts[slowest]} rows)`);
    logPhase(`as-of ${projection.name}: p50 ${round(p50, 2)} ms, p99 ${round(percentile(latenciesMs, 99), 2)} ms`);
    if (projection.name === REPLAY_VIEW) {
      replayQueries = queries.slice(0, REPLAYS);
      replayViewP50Ms = p50;
    }
  }
  return { result, replayQueries, replayViewP50Ms };
}

/** The naive baseline: replaying the log up to asOf for one view, against the indexed lookup of the same rows. */
function replays(parts: ReadModelParts, queries: readonly AsOfQuery[], indexedP50Ms: number): Result {
  const projection = PROJECTIONS.find((p) => p.name === REPLAY_VIEW) as AnyProjection;
  const { vw } = servingView(parts.views, REPLAY_VIEW);
  const stateOf = parts.readModel.db.prepare<[number], { state: string }>('SELECT state FROM view_states WHERE sid = ?');
  const context = cachedContext(parts);
  const db = parts.readModel.db;
  const durations: number[] = [];
  const mismatches: string[] = [];
  for (const { asOf, country } of queries) {
    const started = performance.now();
    const replayed = replayView(db, projection, context, { asOf, country, limit: QUERY_LIMIT });
    durations.push(performance.now() - started);
    const indexed = selectRows(db, vw, { asOf, country, limit: QUERY_LIMIT });
    const same = replayed.length === indexed.length && replayed.every((r, i) => r.key === indexed[i]!.key && r.state === stateOf.get(indexed[i]!.sid)!.state);
    if (!same) mismatches.push(`${country} on ${asOf}: replay ${replayed.length} rows, index ${indexed.length}`);
    logPhase(`replay ${REPLAY_VIEW} ${country} ${asOf}: ${round(durations[durations.length - 1]!, 0)} ms, ${replayed.length} rows${same ? '' : ' (differs from the index)'}`);
  }
  const replayP50 = percentile(durations, 50);
  return {
    figures: { replayP50Ms: round(replayP50, 0), replayToIndexedRatio: round(replayP50 / indexedP50Ms, 0) },
    targets: { replayToIndexedRatio: { value: 1_000, op: '>=' } },
    notes: [
      `replay baseline: ${REPLAY_VIEW}, ${queries.length} of its as-of queries, each folding every current development of the view's types dated up to asOf (from development_versions, in valid-time order) with the projection; ratio = replay p50 / ${REPLAY_VIEW} indexed p50`,
      mismatches.length === 0 ? 'the replayed rows equal the indexed rows (keys and states) for every replayed query' : `replay and index differ: ${mismatches.join('; ')}`,
    ],
  };
}

/** With the read model live, facilities announced ten years before their first known development. */
async function backdatedAppends(store: SqliteEventStore, parts: ReadModelParts, random: SeededRandom): Promise<Result> {
  const db = parts.readModel.db;
  const { vw } = servingView(parts.views, 'facilities');
  const facilities = recentFacilities(db, vw, BACKDATED_RECENT_YEARS, BACKDATED_APPENDS, random);
  const members = db.prepare<[string, string], { n: number }>('SELECT count(*) AS n FROM view_placements WHERE organisation = ? AND country = ?');
  const footprintMembers = facilities.map((f) => members.get(f.owner, f.country)!.n);
  const latencies: number[] = [];
  for (const facility of facilities) latencies.push(await timeBackdatedAnnouncement(store, parts.readModel, facility, BACKDATED_YEARS));
  logPhase(`backdated: ${latencies.map((l) => round(l, 1)).join(', ')} ms`);
  return {
    figures: { backdatedP50Ms: round(percentile(latencies, 50)), backdatedP99Ms: round(percentile(latencies, 99)) },
    targets: { backdatedP99Ms: { value: 50, op: '<=' } },
    notes: [
      `backdated: ${latencies.length} FacilityAnnounced appends, each for a different existing facility (median ${percentile(facilities.map((f) => f.members), 50)} developments, the first within the last ${BACKDATED_RECENT_YEARS} years the read model covers) dated ${BACKDATED_YEARS} years before its first; timed from append to readModel.waitFor(position)`,
      `each also re-evolves its owner's footprint row in the facility's country from the new date on: ${percentile(footprintMembers, 50)} developments at the median, ${Math.max(...footprintMembers)} at most`,
    ],
  };
}

function cachedContext(parts: ReadModelParts): ProjectionContext {
  const homeCountries = new Map<string, string | undefined>();
  return {
    homeCountry: (ref) => {
      if (!homeCountries.has(ref)) homeCountries.set(ref, parts.entities.get(ref)?.homeCountry);
      return homeCountries.get(ref);
    },
  };
}

function combine(...results: Result[]): Result {
  return {
    figures: Object.assign({}, ...results.map((r) => r.figures)),
    targets: Object.assign({}, ...results.map((r) => r.targets)),
    notes: results.flatMap((r) => r.notes ?? []),
  };
}

/**
 * When the build was stopped, the read model is consistent up to its checkpoint but behind the
 * head. A copy of the log up to there puts it at the head again, so that it follows new appends.
 */
async function followBuiltPrefix(parts: ReadModelParts, store: SqliteEventStore, file: string, dir: string): Promise<{ parts: ReadModelParts; store: SqliteEventStore; result: Result }> {
  const applied = Number(parts.readModel.checkpoint ?? 0);
  parts.readModel.close();
  const prefix = new SqliteEventStore(join(dir, 'events-prefix.db'));
  const started = performance.now();
  await copyLogPrefix(store, prefix, applied);
  const copyMs = performance.now() - started;
  const reopened = openReadModel(file, prefix);
  reopened.readModel.start();
  await reopened.readModel.catchUp();
  return {
    parts: reopened,
    store: prefix,
    result: {
      figures: {},
      targets: {},
      notes: [`queries, replays and backdated appends ran on the read model of the first ${applied} events, followed from a copy of the log up to there (${round(copyMs / 1000, 0)} s to copy) so that it is live at its head`],
    },
  };
}

/** The temporal read model over a synthetic log: log write, rebuild of every view, as-of queries, a backdated development. */
async function temporalReadModel(): Promise<Result> {
  const size = logSize();
  const random = new SeededRandom(2_025);
  return withTempDir('temporal', async (dir) => {
    const rss = new RssSampler();
    const stores = [new SqliteEventStore(join(dir, 'events.db'))];
    const readModelFile = join(dir, 'read-model.db');
    let parts: ReadModelParts | undefined;
    try {
      const log = new TemporalLog(size);
      logPhase(`writing a log of ${size} developments`);
      const written = await writeLog(stores[0]!, log, rss);
      logPhase('building the read model from the log');
      const built = await buildReadModel(stores[0]!, readModelFile, rss);
      parts = built.parts;
      let prefix: Result = { figures: {}, targets: {} };
      if (!built.complete) {
        logPhase('copying the log up to what was built');
        const followed = await followBuiltPrefix(parts, stores[0]!, readModelFile, dir);
        parts = followed.parts;
        stores.push(followed.store);
        prefix = followed.result;
      }
      logPhase('as-of queries');
      const queried = asOfQueries(parts, log.world.countries, random);
      logPhase(`replaying ${REPLAY_VIEW} ${REPLAYS} times`);
      const replayed = replays(parts, queried.replayQueries, queried.replayViewP50Ms);
      logPhase('backdated developments on the live read model');
      const backdated = await backdatedAppends(stores[stores.length - 1]!, parts, random);
      return combine(written, built.result, prefix, queried.result, replayed, backdated);
    } finally {
      if (parts) {
        await parts.readModel.stop();
        parts.readModel.close();
      }
      for (const store of stores) await store.close();
      await rss.stop();
    }
  });
}

export const temporalBenchmarks: Benchmark[] = [
  { name: 'temporal.read-model', run: temporalReadModel },
];
