import type { QueryConfig } from 'pg';
import type { ReadFilter } from '../event-store.js';
import type { NewRow } from '../append-plan.js';

export const EVENT_COLUMNS = 'position, id, stream, revision, type, data, metadata, recorded_at';

export interface EventRow {
  position: string;
  id: string;
  stream: string;
  revision: number;
  type: string;
  data: unknown;
  metadata: Record<string, unknown>;
  recorded_at: Date;
}

/** The stored events with these ids, and the last revision of these streams, in one round trip. */
export function readForAppend(ids: string[], streams: string[]): QueryConfig {
  return {
    name: 'timeline_read_for_append',
    text: `SELECT ${EVENT_COLUMNS}, NULL::integer AS last_revision FROM timeline.events WHERE id = ANY($1::text[])
           UNION ALL
           SELECT NULL, NULL, stream, NULL, NULL, NULL, NULL, NULL, max(revision) FROM timeline.events
           WHERE stream = ANY($2::text[]) GROUP BY stream`,
    values: [ids, streams],
  };
}

/** A stream revision that must be in the log for the insert to go ahead (an expected revision, checked in the statement). */
export interface RevisionGuard {
  stream: string;
  revision: number;
}

/**
 * Reserves positions and times (`timeline.reserve`, the transaction's first write) and inserts the
 * rows, as one statement: an append is a single round trip and a transaction of its own. Nothing is
 * reserved or written, and no row comes back, when a guarded revision is missing. Run inside an
 * explicit transaction it behaves the same (that is how the tests hold one open).
 */
export function insertRows(rows: readonly NewRow[], guards: readonly RevisionGuard[] = []): QueryConfig {
  const claimed = rows.some((r) => r.claimedAt !== undefined) ? rows.map((r) => r.claimedAt ?? null) : null;
  return {
    // Named: each connection parses and plans it once (a third of an append's cost otherwise).
    name: 'timeline_insert',
    text: `WITH expected AS MATERIALIZED (
             SELECT WHERE NOT EXISTS (
               SELECT 1 FROM unnest($9::text[], $10::integer[]) AS g(stream, revision)
               WHERE NOT EXISTS (SELECT 1 FROM timeline.events e WHERE e.stream = g.stream AND e.revision = g.revision))),
           reserved AS MATERIALIZED (SELECT r.* FROM expected, LATERAL timeline.reserve($1, $2::timestamptz[]) AS r),
           inserted AS (
             INSERT INTO timeline.events (position, id, stream, revision, type, data, metadata, recorded_at)
             SELECT r.first_position + u.n - 1, u.id, u.stream, u.revision, u.type, u.data, u.metadata,
                    timestamptz 'epoch' + r.recorded_ms[u.n] * interval '1 millisecond'
             FROM reserved r,
                  unnest($3::text[], $4::text[], $5::integer[], $6::text[], $7::json[], $8::json[]) WITH ORDINALITY
                    AS u(id, stream, revision, type, data, metadata, n)
             RETURNING 1)
           SELECT r.first_position, r.recorded_ms, (SELECT count(*) FROM inserted) AS inserted FROM reserved r`,
    // Arrays rather than one JSON document: taking a JSON document apart refuses \u0000 in strings.
    values: [
      rows.length,
      claimed,
      rows.map((r) => r.id),
      rows.map((r) => r.stream),
      rows.map((r) => r.revision),
      rows.map((r) => r.type),
      rows.map((r) => JSON.stringify(r.data)),
      rows.map((r) => JSON.stringify(r.metadata)),
      guards.map((g) => g.stream),
      guards.map((g) => g.revision),
    ],
  };
}

/**
 * One page of events after a position, read only below the safe horizon: events of transactions
 * older than the oldest one still running. Also answers `head`, the last event below the horizon,
 * and `latest`, the last committed one: when they differ, a running transaction holds readers back.
 */
export function readPage(after: bigint, filter: ReadFilter | undefined, limit: number): QueryConfig {
  const where = ['e.position > $1', 'e.transaction_id < (SELECT xmin FROM horizon)'];
  const values: unknown[] = [after.toString(), limit];
  if (filter?.types?.length) {
    values.push(filter.types);
    where.push(`e.type = ANY($${values.length}::text[])`);
  }
  if (filter?.streamPrefix) {
    values.push(filter.streamPrefix);
    where.push(`starts_with(e.stream, $${values.length})`);
  }
  return {
    name: `timeline_page${filter?.types?.length ? '_types' : ''}${filter?.streamPrefix ? '_prefix' : ''}`,
    text: `WITH horizon AS MATERIALIZED (SELECT pg_snapshot_xmin(pg_current_snapshot()) AS xmin),
           page AS (SELECT ${EVENT_COLUMNS.split(', ')
             .map((c) => `e.${c}`)
             .join(', ')} FROM timeline.events e
                    WHERE ${where.join(' AND ')} ORDER BY e.position LIMIT $2)
           SELECT page.*,
             (SELECT h.position FROM timeline.events h WHERE h.transaction_id < (SELECT xmin FROM horizon)
              ORDER BY h.position DESC LIMIT 1) AS head,
             (SELECT max(l.position) FROM timeline.events l) AS latest
           FROM (VALUES (1)) AS one LEFT JOIN page ON true ORDER BY page.position`,
    values,
  };
}

export const HEAD: QueryConfig = {
  name: 'timeline_head',
  text: `SELECT position FROM timeline.events
         WHERE transaction_id < pg_snapshot_xmin(pg_current_snapshot()) ORDER BY position DESC LIMIT 1`,
};

export function readStream(stream: string): QueryConfig {
  return {
    name: 'timeline_read_stream',
    text: `SELECT ${EVENT_COLUMNS} FROM timeline.events WHERE stream = $1 ORDER BY revision`,
    values: [stream],
  };
}
