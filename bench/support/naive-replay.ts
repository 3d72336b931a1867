import type Database from 'better-sqlite3';
import type { DevelopmentState } from '../../events/index.js';
import type { AnyProjection, ProjectionContext } from '../../projections/index.js';
import { projected } from '../../src/views/projected.js';
import { GetStateHandler } from '../../src/views/state.query.js';
import type { ViewEngine } from '../../src/views/view-engine.js';
import type { ViewReader } from '../../src/views/view-reader.js';
import { ask, QUERY_LIMIT, type AsOfQuery } from './as-of-queries.js';
import type { Result } from './benchmark.js';
import { percentile, round } from './latency.js';
import { logPhase } from './progress.js';

export interface ReplayedRow {
  key: string;
  /** As the view stores it: the row's state as JSON. */
  state: string;
}

/**
 * A view's rows on `asOf` in one country the slow way: every current development of the view's
 * types dated up to `asOf`, folded with the projection in valid-time order, then filtered.
 * The order (first possible day, last possible day, recording order) is the view engine's.
 */
export function replayView(
  db: Database.Database,
  projection: AnyProjection,
  context: ProjectionContext,
  filter: { asOf: string; country: string; limit: number },
): ReplayedRow[] {
  const types = projection.handles.map(() => '?').join(', ');
  const versions = db.prepare<unknown[], { state: string }>(
    `SELECT state FROM development_versions
     WHERE recorded_to IS NULL AND retracted = 0 AND earliest <= ? AND type IN (${types})
     ORDER BY earliest, latest, seq`,
  );
  const rows = new Map<string, unknown>();
  for (const { state } of versions.iterate(filter.asOf, ...projection.handles)) {
    const development = projected(JSON.parse(state) as DevelopmentState);
    for (const key of projection.keysOf(development, context)) {
      rows.set(key, projection.evolve(rows.get(key) ?? null, development, key, context));
    }
  }
  return [...rows]
    .filter(([key, state]) => state !== null && projection.indexed(state, key).countries.includes(filter.country))
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .slice(0, filter.limit)
    .map(([key, state]) => ({ key, state: JSON.stringify(state) }));
}

const REPLAY_VIEW = 'facilities';
/** Spread over the timeline: replaying up to a date costs in proportion to the log before it. */
const REPLAY_DAYS = ['2007-12-31', '2011-12-31', '2015-12-31', '2019-12-31', '2023-12-31'];
const INDEXED_REPEATS = 20;

/**
 * The naive baseline: facilities in the countries of the first queries by country, as of days
 * spread over the timeline, answered by replaying the log up to asOf, against the same queries
 * through the state query handler, whose rows must match.
 */
export async function replays(
  engine: ViewEngine,
  reader: ViewReader,
  byCountry: readonly AsOfQuery[],
): Promise<Result> {
  const projection = engine.projection(REPLAY_VIEW)!;
  const handler = new GetStateHandler(reader);
  const countries = byCountry.filter((q) => q.view === REPLAY_VIEW).map((q) => q.country!);
  const queries = REPLAY_DAYS.map((asOf, i) => ({ view: REPLAY_VIEW, asOf, country: countries[i]! }));
  const replayMs: number[] = [];
  const indexedMs: number[] = [];
  const mismatches: string[] = [];
  for (const query of queries) {
    const started = performance.now();
    const replayed = replayView(engine.db, projection, engine.context, {
      asOf: query.asOf,
      country: query.country,
      limit: QUERY_LIMIT,
    });
    replayMs.push(performance.now() - started);
    let page = await ask(handler, query, QUERY_LIMIT);
    for (let i = 0; i < INDEXED_REPEATS; i++) {
      const before = performance.now();
      page = await ask(handler, query, QUERY_LIMIT);
      indexedMs.push(performance.now() - before);
    }
    const same =
      replayed.length === page.rows.length &&
      replayed.every((r, i) => {
        const { expectations: _expectations, ...state } = page.rows[i]!.value;
        return r.key === page.rows[i]!.key && r.state === JSON.stringify(state);
      });
    if (!same)
      mismatches.push(`${query.country} on ${query.asOf}: replay ${replayed.length} rows, index ${page.rows.length}`);
    logPhase(
      `replay ${REPLAY_VIEW} ${query.country} ${query.asOf}: ${round(replayMs[replayMs.length - 1]!, 0)} ms, ` +
        `${replayed.length} rows${same ? '' : ' (differs from the index)'}`,
    );
  }
  const [replayP50, indexedP50] = [percentile(replayMs, 50), percentile(indexedMs, 50)];
  return {
    figures: {
      replayP50Ms: round(replayP50, 0),
      replayIndexedP50Ms: round(indexedP50, 3),
      replayToIndexedRatio: round(replayP50 / indexedP50, 0),
    },
    targets: { replayToIndexedRatio: { value: 1_000, op: '>=' } },
    notes: [
      `replay baseline: ${REPLAY_VIEW}, ${queries.length} as-of queries by country (asOf ${REPLAY_DAYS.join(', ')}), ` +
        "each answered by folding every current development of the view's types dated up to asOf (from " +
        'development_versions, in valid-time order) with the projection, against the same queries through the state ' +
        `query handler (${INDEXED_REPEATS} times each); ratio = replay p50 / indexed p50`,
      mismatches.length === 0
        ? 'the replayed rows equal the indexed rows (keys and states) for every replayed query'
        : `replay and index differ: ${mismatches.join('; ')}`,
    ],
  };
}
