import type Database from 'better-sqlite3';
import type { DevelopmentState } from '../../events/index.js';
import type { AnyProjection, ProjectedDevelopment, ProjectionContext } from '../../projections/index.js';
import { expectationsOf, type Member } from '../../src/views/engine/fold.js';
import { projected } from '../../src/views/engine/projected.js';
import { GetStateHandler } from '../../src/views/state.query.js';
import type { ViewEngine } from '../../src/views/build/view-engine.js';
import type { ViewReader } from '../../src/views/read/view-reader.js';
import { presentValue } from '../../src/views/read/view-rows.js';
import { ask, QUERY_LIMIT, type AsOfQuery } from './as-of-queries.js';
import type { Result } from './benchmark.js';
import { percentile, round } from './latency.js';
import { logPhase } from './progress.js';

export interface ReplayedRow {
  key: string;
  /** The row's value as a user reads it on `asOf` (the projection's reading, expectations' status, dates in words), as JSON. */
  value: string;
  /** Ids of the developments folded into it, in valid-time order. */
  developments: string[];
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
  const versions = db.prepare<unknown[], { seq: number; state: string; earliest: string; latest: string }>(
    `SELECT seq, state, earliest, latest FROM development_versions
     WHERE recorded_to IS NULL AND retracted = 0 AND earliest <= ? AND type IN (${types})
     ORDER BY earliest, latest, seq`,
  );
  const rows = new Map<string, { state: unknown; members: Member[] }>();
  for (const { seq, state, earliest, latest } of versions.iterate(filter.asOf, ...projection.handles)) {
    const development = projected(JSON.parse(state) as DevelopmentState) as ProjectedDevelopment;
    const member: Member = { seq, earliest, latest, certainFrom: null, development };
    for (const key of projection.keysOf(development, context)) {
      const row = rows.get(key) ?? { state: null, members: [] };
      row.state = projection.evolve(row.state, development, key, context);
      row.members.push(member);
      rows.set(key, row);
    }
  }
  return [...rows]
    .filter(([key, row]) => row.state !== null && projection.indexed(row.state, key).countries.includes(filter.country))
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .slice(0, filter.limit)
    .map(([key, row]) => {
      const expectations = expectationsOf(row.members);
      const stored = (expectations.length > 0 ? { ...(row.state as object), expectations } : row.state) as Record<
        string,
        unknown
      >;
      return {
        key,
        value: JSON.stringify(presentValue(projection, stored, filter.asOf)),
        developments: row.members.map((m) => m.development.id),
      };
    });
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
  db: Database.Database,
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
    const replayed = replayView(db, projection, engine.context, {
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
    // What a user reads: each row's key, its value as presented on the day, and the developments behind it.
    const differing = firstDifference(replayed, page.rows);
    const same = differing === undefined;
    if (!same)
      mismatches.push(
        `${query.country} on ${query.asOf}: replay ${replayed.length} rows, index ${page.rows.length}; ${differing}`,
      );
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
      replayMismatches: mismatches.length,
    },
    targets: { replayToIndexedRatio: { value: 1_000, op: '>=' }, replayMismatches: { value: 0, op: '<=' } },
    notes: [
      `replay baseline: ${REPLAY_VIEW}, ${queries.length} as-of queries by country (asOf ${REPLAY_DAYS.join(', ')}), ` +
        "each answered by folding every current development of the view's types dated up to asOf (from " +
        'development_versions, in valid-time order) with the projection, against the same queries through the state ' +
        `query handler (${INDEXED_REPEATS} times each); ratio = replay p50 / indexed p50`,
      mismatches.length === 0
        ? 'the replayed rows equal the indexed rows (key, value as presented on the day, developments) for every replayed query'
        : `replay and index differ: ${mismatches.join('; ')}`,
    ],
  };
}

/** Where the replayed rows and the answered rows first differ, in words; undefined when they are the same. */
function firstDifference(
  replayed: readonly ReplayedRow[],
  answered: readonly { key: string; value: Record<string, unknown>; developments: string[] }[],
): string | undefined {
  for (let i = 0; i < Math.max(replayed.length, answered.length); i++) {
    const r = replayed[i];
    const a = answered[i];
    if (!r || !a) return `row ${i}: ${r ? `replay has ${r.key}` : `index has ${a!.key}`} only`;
    if (r.key !== a.key) return `row ${i}: key ${r.key} against ${a.key}`;
    if (r.value !== JSON.stringify(a.value))
      return `row ${i} (${r.key}): value ${r.value} against ${JSON.stringify(a.value)}`;
    if (r.developments.join(' ') !== a.developments.join(' ')) return `row ${i} (${r.key}): developments differ`;
  }
  return undefined;
}
