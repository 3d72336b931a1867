import type Database from 'better-sqlite3';
import type { EventStore } from '../store/event-store.js';
import { openReadModel } from './open-read-model.js';

/** Every derived table in a canonical order, with natural keys in place of the surrogate ids that depend on write order. */
const VIEW = "(SELECT name || '@' || version FROM view_defs d WHERE d.vw = x.vw)";
const DEVELOPMENT = '(SELECT id FROM developments d WHERE d.seq = x.seq)';
const CANONICAL: Record<string, string> = {
  entities:
    'SELECT entity_id, kind, name, home_country, aliases, parent, recorded_at, position FROM entities ORDER BY entity_id',
  development_versions: `SELECT d.id, v.revision, v.type, v.earliest, v.latest, v.certain_from, v.published_from, v.retracted, v.state,
    v.recorded_from, v.recorded_to, v.event_type, v.position FROM development_versions v JOIN developments d ON d.seq = v.seq
    ORDER BY d.id, v.revision`,
  development_refs: `SELECT r.ref, d.id, v.revision FROM development_refs r JOIN development_versions v ON v.vid = r.vid
    JOIN developments d ON d.seq = v.seq ORDER BY 1, 2, 3`,
  view_members: `SELECT ${VIEW}, x.key, ${DEVELOPMENT}, (SELECT revision FROM development_versions v WHERE v.vid = x.vid), x.earliest,
    x.latest, x.certain_from, x.published_from, x.recorded_from, x.recorded_to FROM view_members x ORDER BY 1, 2, 3, 4, 9`,
  view_failures: `SELECT ${VIEW}, ${DEVELOPMENT}, x.error FROM view_failures x ORDER BY 1, 2`,
  view_versions: `SELECT ${VIEW}, x.key, x.valid_from, x.valid_to, x.certain_from, x.certain_to, x.recorded_from, x.recorded_to,
    (SELECT state FROM view_states s WHERE s.sid = x.sid), x.status, x.kind, x.refs, x.since, x.reported FROM view_versions x ORDER BY 1, 2, 3, 4, 5, 6, 7, 8, 9`,
  view_refs: `SELECT ${VIEW}, x.ref, x.key, x.valid_from, x.valid_to, x.certain_from, x.certain_to, x.status FROM view_refs x
    ORDER BY 1, 2, 3, 4, 5, 6, 7, 8`,
  view_placements: `SELECT x.country, x.organisation, ${VIEW}, x.key, x.via, x.mode, x.origin, x.valid_from, x.valid_to, x.certain_from,
    x.certain_to, x.since, x.reported FROM view_placements x ORDER BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11`,
  view_counts: `SELECT ${VIEW}, x.series, x.dimension, x.grp, x.month, round(x.delta, 4) FROM view_counts x
    WHERE abs(x.delta) > 0.00001 ORDER BY 1, 2, 3, 4, 5`,
  view_expectations: `SELECT ${VIEW}, x.key, x.n, x.type, x.due, x.met, x.valid_from, x.valid_to, x.certain_from, x.certain_to
    FROM view_expectations x ORDER BY 1, 2, 3, 7, 8, 9, 10`,
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
export async function verifyReadModel(
  store: EventStore,
  live: Database.Database,
  scratchFile: string,
  max = 20,
): Promise<Difference[]> {
  const scratch = openReadModel(scratchFile, store);
  scratch.readModel.start();
  await scratch.ready();
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
    const a = live.prepare(sql).raw().all() as unknown[][];
    const b = rebuilt.prepare(sql).raw().all() as unknown[][];
    for (let i = 0; i < Math.max(a.length, b.length); i++) {
      if (JSON.stringify(a[i]) !== JSON.stringify(b[i])) {
        differences.push({ table, live: a[i], rebuilt: b[i] });
        if (differences.length >= max) return differences;
      }
    }
  }
  return differences;
}
