import type { Pool } from 'pg';

/** Key of the advisory lock under which writers take positions and times (one per database). */
export const RESERVE_LOCK = 7_346_198_201;
/** Key of the advisory lock that lets one process at a time migrate the schema. */
const MIGRATE_LOCK = 7_346_198_202;

/**
 * `timeline.reserve(n, claimed)` is the first thing each write transaction does. Under a short
 * lock it gives the transaction its id (xid), `n` positions and the recorded time of each event,
 * so positions, xids and times all follow one order: the order in which writers passed the lock.
 * Readers rely on it: every event below a position has a smaller xid, and an xid below the
 * oldest running one (`pg_snapshot_xmin`) belongs to a finished transaction, so reading only
 * those events never skips one that commits later. A claimed time (a migrated event's) may be
 * earlier than the clock, never later; times never go back, even when the server's clock does.
 */
const V1 = `
CREATE TABLE timeline.events (
  position       bigint PRIMARY KEY,
  id             text NOT NULL,
  stream         text NOT NULL,
  revision       integer NOT NULL,
  type           text NOT NULL,
  data           json NOT NULL,
  metadata       json NOT NULL,
  recorded_at    timestamptz NOT NULL,
  transaction_id xid8 NOT NULL DEFAULT pg_current_xact_id(),
  CONSTRAINT events_id_unique UNIQUE (id),
  CONSTRAINT events_stream_revision_unique UNIQUE (stream, revision)
);
CREATE INDEX events_by_type ON timeline.events (type, position);
CREATE SEQUENCE timeline.positions AS bigint;
CREATE SEQUENCE timeline.clock_ms AS bigint MINVALUE 0 START 0;

CREATE FUNCTION timeline.reserve(n integer, claimed timestamptz[])
RETURNS TABLE (first_position bigint, recorded_ms bigint[])
LANGUAGE plpgsql AS $$
DECLARE
  now_ms bigint;
  latest bigint;
  times bigint[] := '{}';
BEGIN
  IF pg_current_xact_id_if_assigned() IS NOT NULL THEN
    RAISE EXCEPTION 'timeline.reserve must come before any other write of its transaction';
  END IF;
  -- An acknowledged append must survive a server crash, whatever the server's default.
  PERFORM set_config('synchronous_commit', 'on', true);
  PERFORM pg_advisory_lock(${RESERVE_LOCK});
  BEGIN
    PERFORM pg_current_xact_id();
    first_position := nextval('timeline.positions');
    IF n > 1 THEN PERFORM setval('timeline.positions', first_position + n - 1); END IF;
    now_ms := floor(extract(epoch FROM clock_timestamp()) * 1000);
    latest := (SELECT last_value FROM timeline.clock_ms);
    IF claimed IS NULL THEN
      latest := greatest(latest, now_ms);
      times := array_fill(latest, ARRAY[n]);
    ELSE
      FOR i IN 1..n LOOP
        latest := greatest(latest, least(coalesce(floor(extract(epoch FROM claimed[i]) * 1000)::bigint, now_ms), now_ms));
        times := times || latest;
      END LOOP;
    END IF;
    PERFORM setval('timeline.clock_ms', latest);
  EXCEPTION WHEN OTHERS THEN
    PERFORM pg_advisory_unlock(${RESERVE_LOCK});
    RAISE;
  END;
  PERFORM pg_advisory_unlock(${RESERVE_LOCK});
  recorded_ms := times;
  RETURN NEXT;
END $$;
`;

/** Each entry moves the schema one version up; append new ones, never edit a released one. */
const MIGRATIONS: readonly string[] = [V1];

export const SCHEMA_VERSION = MIGRATIONS.length;

export class SchemaVersionError extends Error {}

/**
 * Brings the `timeline` schema to this version in one transaction. Concurrent starts wait for each
 * other on an advisory lock, so two instances starting at once migrate once.
 */
export async function migrateSchema(pool: Pool): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATE_LOCK]);
    await client.query('CREATE SCHEMA IF NOT EXISTS timeline');
    await client.query('CREATE TABLE IF NOT EXISTS timeline.schema_version (version integer NOT NULL)');
    const { rows } = await client.query<{ version: number }>('SELECT version FROM timeline.schema_version');
    const current = rows[0]?.version ?? 0;
    if (current > SCHEMA_VERSION) {
      throw new SchemaVersionError(
        `the timeline schema is at version ${current}, newer than this service's ${SCHEMA_VERSION}`,
      );
    }
    for (const migration of MIGRATIONS.slice(current)) await client.query(migration);
    if (rows.length === 0)
      await client.query('INSERT INTO timeline.schema_version (version) VALUES ($1)', [SCHEMA_VERSION]);
    else await client.query('UPDATE timeline.schema_version SET version = $1', [SCHEMA_VERSION]);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}
