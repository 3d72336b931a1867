import type Database from 'better-sqlite3';
import { openReadModel } from '../read-model/open-read-model.js';
import type { EventStore } from '../store/event-store.js';

/** Every derived table in a canonical order, without the surrogate ids that depend on write order. */
const CANONICAL: Record<string, string> = {
  entities: 'SELECT entity_id, kind, name, home_country, aliases, recorded_at, position FROM entities ORDER BY entity_id',
  development_versions: `SELECT d.id, v.revision, v.type, v.earliest, v.latest, v.retracted, v.state, v.recorded_from, v.recorded_to,
    v.event_type, v.position FROM development_versions v JOIN developments d ON d.seq = v.seq ORDER BY d.id, v.revision`,
  view_members: `SELECT view, key, sort_key, development_id, earliest, latest, state, certain_from, provenance
    FROM view_members ORDER BY view, key, sort_key`,
  view_versions: `SELECT view, key, series, valid_from, valid_to, certain_from, status, state, provenance, recorded_from, recorded_to
    FROM view_versions ORDER BY view, key, series, valid_from, recorded_from, valid_to, certain_from, state`,
  view_refs: `SELECT r.view, r.ref, r.key, v.series, v.valid_from, v.recorded_from, v.valid_to, v.certain_from, v.state
    FROM view_refs r JOIN view_versions v ON v.vid = r.vid ORDER BY 1, 2, 3, 4, 5, 6, 7, 8, 9`,
};

export interface Difference {
  table: string;
  live?: unknown;
  rebuilt?: unknown;
}

/**
 * Rebuilds the read model from the log into `scratchFile` and compares it row for row with
 * `live`. Returns the first differences found (empty: identical).
 */
export async function verifyReadModel(store: EventStore, live: Database.Database, scratchFile: string, max = 20): Promise<Difference[]> {
  const scratch = openReadModel(scratchFile, store);
  scratch.readModel.start();
  await scratch.readModel.catchUp();
  await scratch.readModel.stop();
  try {
    return compare(live, scratch.readModel.db, max);
  } finally {
    scratch.readModel.close();
  }
}

export function compare(live: Database.Database, rebuilt: Database.Database, max = 20): Difference[] {
  const differences: Difference[] = [];
  for (const [table, sql] of Object.entries(CANONICAL)) {
    const a = live.prepare(sql).raw().iterate() as IterableIterator<unknown[]>;
    const b = rebuilt.prepare(sql).raw().iterate() as IterableIterator<unknown[]>;
    for (;;) {
      const x = a.next();
      const y = b.next();
      if (x.done && y.done) break;
      if (JSON.stringify(x.value) !== JSON.stringify(y.value)) {
        differences.push({ table, live: x.value, rebuilt: y.value });
        if (differences.length >= max) {
          a.return?.();
          b.return?.();
          return differences;
        }
      }
    }
  }
  return differences;
}
