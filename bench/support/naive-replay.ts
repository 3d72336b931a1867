import type Database from 'better-sqlite3';
import type { DevelopmentState } from '../../events/index.js';
import type { AnyProjection, ProjectionContext } from '../../projections/index.js';
import { projected } from '../../src/views/projected.js';

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
  db: Database.Database, projection: AnyProjection, context: ProjectionContext, filter: { asOf: string; country: string; limit: number },
): ReplayedRow[] {
  const types = projection.handles.map(() => '?').join(', ');
  const versions = db.prepare<unknown[], { state: string }>(
    `SELECT state FROM development_versions
     WHERE recorded_to IS NULL AND retracted = 0 AND earliest <= ? AND type IN (${types})
     ORDER BY earliest, latest, seq`);
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
