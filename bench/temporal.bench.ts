import { join } from 'node:path';
import type { ReadModelParts } from '../src/views/build/open-read-model.js';
import { SqliteEventStore } from '../src/store/sqlite/sqlite-event-store.js';
import { ViewReader } from '../src/views/read/view-reader.js';
import { asOfQueries } from './support/as-of-queries.js';
import { backdatedAppends } from './support/backdated-appends.js';
import type { Benchmark, Result } from './support/benchmark.js';
import { readModelSizes } from './support/database-size.js';
import { round } from './support/latency.js';
import { startOtherCpuMeter } from './support/machine-info.js';
import { replays } from './support/naive-replay.js';
import { logPhase } from './support/progress.js';
import { RssSampler } from './support/rss-sampler.js';
import { scaled, sizeLabel } from './support/scale.js';
import { SeededRandom } from './support/seeded-random.js';
import { seriesQueries } from './support/series-queries.js';
import { TemporalLog } from './support/temporal-log.js';
import { writeLogApart } from './support/temporal-log-apart.js';
import { rebuildReadModel, rebuildResult } from './support/temporal-rebuild.js';
import { withTempDir } from './support/temp-dir.js';

const DEFAULT_DEVELOPMENTS = 1_000_000;
/** Leaves room for the other phases within 30 minutes at a million developments. */
const REBUILD_BUDGET_MS = 18 * 60_000;

/** `BENCH_TEMPORAL_N` developments when set, else a million times `BENCH_SCALE`. */
function logSize(): number {
  const raw = process.env.BENCH_TEMPORAL_N;
  if (raw === undefined || raw.trim() === '') return scaled(DEFAULT_DEVELOPMENTS, 1_000);
  const size = Number(raw);
  if (!Number.isInteger(size) || size < 1_000) {
    throw new RangeError(`BENCH_TEMPORAL_N must be an integer of at least 1000, got "${raw}"`);
  }
  return size;
}

function combine(...results: Result[]): Result {
  return {
    figures: Object.assign({}, ...results.map((r) => r.figures)),
    targets: Object.assign({}, ...results.map((r) => r.targets)),
    notes: results.flatMap((r) => r.notes ?? []),
  };
}

/** Runs one phase on the live read model, keeping the peak RSS it reached. */
async function phase<T>(
  rss: RssSampler,
  peaks: Record<string, number>,
  name: string,
  work: () => Promise<T>,
): Promise<T> {
  logPhase(name);
  rss.reset();
  const result = await work();
  peaks[name] = round(rss.peak().mib * 1.048576, 0);
  return result;
}

/**
 * Queries, counts over time and backdated appends on the live read model, then the replay
 * baseline last: it holds every row of a view in memory, which is not the service's doing.
 */
async function onLiveReadModel(
  parts: ReadModelParts,
  store: SqliteEventStore,
  log: TemporalLog,
  rss: RssSampler,
  rebuildPeakMB: number,
): Promise<Result> {
  const random = new SeededRandom(2_025);
  const otherCpu = startOtherCpuMeter();
  const reader = new ViewReader(parts.views);
  const peaks: Record<string, number> = {};
  const queried = await phase(rss, peaks, 'as-of queries', () =>
    asOfQueries(parts.readModel.db, parts.views, reader, log.world, random),
  );
  const series = await phase(rss, peaks, 'series', () => seriesQueries(reader, log.world));
  const backdated = await phase(rss, peaks, 'backdated developments on the live read model', () =>
    backdatedAppends(store, parts.readModel, parts.views, log.world, random),
  );
  const servicePeak = Math.max(rebuildPeakMB, ...Object.values(peaks));
  const replayed = await phase(rss, peaks, 'replaying facilities (the naive baseline)', () =>
    replays(parts.readModel.db, parts.views, reader, queried.byCountry),
  );
  const peak: Result = {
    figures: { peakRssMB: servicePeak, queryOtherCpuShare: round(otherCpu(), 2) },
    targets: { peakRssMB: { value: 500, op: '<=' } },
    notes: [
      'RSS sampled every 100 ms in a worker thread; peakRssMB is the largest from the rebuild until the replay baseline ' +
        `(by phase, MB: rebuild ${rebuildPeakMB}, ${Object.entries(peaks)
          .map(([name, mb]) => `${name} ${mb}`)
          .join(', ')}); ` +
        'the log was written and read back (the ceiling) by a process of its own, which held the generator (its peak ' +
        'while writing is logWritePeakRssMB); this process holds the event store too, as the service does (page ' +
        'caches: the read model 64 MB, the event store 16 MB)',
      "queryOtherCpuShare: the share of the machine's CPU other processes used while the queries, series, backdated " +
        'appends and replays ran',
    ],
  };
  return combine(queried.result, replayed, series, backdated, peak);
}

/**
 * The temporal read model over a synthetic log: log write, the ceiling of reading it, a rebuild of
 * every view from a fresh file, its size, as-of queries against a naive replay, counts over time,
 * and backdated developments on the live read model.
 */
async function temporalReadModel(): Promise<Result> {
  const size = logSize();
  return withTempDir('temporal', async (dir) => {
    const rss = new RssSampler();
    const logFile = join(dir, 'events.db');
    let store: SqliteEventStore | undefined;
    let parts: ReadModelParts | undefined;
    try {
      logPhase(`writing a log of ${size} developments and reading it back, in a process of its own`);
      const written = await writeLogApart(size, logFile);
      // The same log's world (organisations, countries, the hot organisation), without generating it again.
      const log = new TemporalLog(size);
      store = new SqliteEventStore(logFile);
      const { ceiling } = written;
      logPhase(`${Math.round(ceiling.eventsPerSec)} events/s; rebuilding the read model from the log`);
      // What this process held before the rebuild began (the world the queries are drawn from, the
      // modules): rebuildPeakRssMB counts it too, where a service's process would not hold the world.
      const rssBeforeRebuildMB = round(process.memoryUsage.rss() / 1e6, 0);
      const rebuild = await rebuildReadModel(store, join(dir, 'read-model.db'), rss, REBUILD_BUDGET_MS);
      parts = rebuild.parts;
      const rebuilt = rebuildResult(rebuild, written.events, ceiling);
      rebuilt.figures.rssBeforeRebuildMB = rssBeforeRebuildMB;
      rebuilt.notes = [
        ...(rebuilt.notes ?? []),
        `before the rebuild this process held ${rssBeforeRebuildMB} MB resident (rssBeforeRebuildMB: the synthetic ` +
          "world the queries are drawn from, the modules); the rebuild's peak (rebuildPeakRssMB) includes it",
      ];
      logPhase(`rebuilt in ${round(rebuild.totalMs / 1000, 1)} s; measuring its size`);
      const sized = readModelSizes(parts.readModel.db, parts.readModel.file, logFile, written.bytes);
      const variant = sizeLabel(size);
      if (!rebuild.complete) return { ...combine(written.result, rebuilt, sized), variant };
      const live = await onLiveReadModel(parts, store, log, rss, rebuilt.figures.rebuildPeakRssMB!);
      return { ...combine(written.result, rebuilt, sized, live), variant };
    } finally {
      if (parts) {
        await parts.readModel.stop();
        parts.readModel.close();
      }
      await store?.close();
      await rss.stop();
    }
  });
}

export const temporalBenchmarks: Benchmark[] = [{ name: 'temporal.read-model', run: temporalReadModel }];
