import Database from 'better-sqlite3';
import { existsSync, statSync } from 'node:fs';
import type { Result } from './benchmark.js';
import { round } from './latency.js';

export interface TableSize {
  /** A table, with its indexes. */
  table: string;
  bytes: number;
  /** The table's own b-tree (for a WITHOUT ROWID table, its primary key). */
  tableBytes: number;
  indexes: { name: string; bytes: number }[];
  rows: number;
}

/** Bytes of an SQLite database on disk: the file and its WAL. */
export function databaseBytes(file: string): number {
  return [file, `${file}-wal`].filter(existsSync).reduce((sum, f) => sum + statSync(f).size, 0);
}

/**
 * Moves the WAL into the database file and empties it, so that the file's size is the data's.
 * Another connection can hold it off (the read model's checkpointer thread checkpointing at that
 * moment, a worker's read): tried again for up to ten seconds. False when it never completed.
 */
export function checkpoint(db: Database.Database): boolean {
  const deadline = performance.now() + 10_000;
  const pause = new Int32Array(new SharedArrayBuffer(4));
  for (;;) {
    const [result] = db.pragma('wal_checkpoint(TRUNCATE)') as { busy: number }[];
    if (!result || result.busy === 0) return true;
    if (performance.now() > deadline) return false;
    Atomics.wait(pause, 0, 0, 100);
  }
}

/** Checkpoints a database another connection in this process (or none) has open. */
export function checkpointFile(file: string): void {
  const db = new Database(file);
  try {
    checkpoint(db);
  } finally {
    db.close();
  }
}

/** Where a database's bytes go: per table (with its indexes), largest first, from the `dbstat` virtual table. */
export function tableSizes(db: Database.Database): TableSize[] {
  const pages = db
    .prepare<[], { name: string; bytes: number }>('SELECT name, sum(pgsize) AS bytes FROM dbstat GROUP BY name')
    .all();
  const owners = new Map(
    db
      .prepare<[], { name: string; tbl_name: string }>(
        "SELECT name, tbl_name FROM sqlite_schema WHERE type IN ('table', 'index')",
      )
      .all()
      .map((r) => [r.name, r.tbl_name]),
  );
  const tables = new Map<string, TableSize>();
  for (const { name, bytes } of pages) {
    const table = owners.get(name) ?? name;
    const size = tables.get(table) ?? { table, bytes: 0, tableBytes: 0, indexes: [], rows: 0 };
    size.bytes += bytes;
    if (name === table) size.tableBytes += bytes;
    else size.indexes.push({ name, bytes });
    tables.set(table, size);
  }
  for (const size of tables.values()) {
    size.indexes.sort((a, b) => b.bytes - a.bytes);
    if (owners.get(size.table) === size.table) {
      size.rows = (
        db.prepare(`SELECT count(*) AS n FROM "${size.table.replaceAll('"', '""')}"`).get() as { n: number }
      ).n;
    }
  }
  return [...tables.values()].sort((a, b) => b.bytes - a.bytes);
}

/** One line per table: `view_versions 120.3 MB (table 80.1, view_versions_possible 20.2, ...; 1,234,567 rows, 97 B/row)`. */
export function describeSizes(sizes: readonly TableSize[], minBytes = 0): string {
  const mb = (bytes: number) => (bytes / 1e6).toFixed(1);
  return sizes
    .filter((s) => s.bytes >= minBytes)
    .map((s) => {
      const parts = [`table ${mb(s.tableBytes)}`, ...s.indexes.map((i) => `${i.name} ${mb(i.bytes)}`)];
      const perRow = s.rows > 0 ? `, ${Math.round(s.bytes / s.rows)} B/row` : '';
      return `${s.table} ${mb(s.bytes)} MB (${parts.join(', ')}; ${s.rows.toLocaleString('en-US')} rows${perRow})`;
    })
    .join('; ');
}

/** The read model's bytes after a checkpoint, against the log's, and where both go. */
export function readModelSizes(readModel: Database.Database, file: string, logFile: string, logBytes: number): Result {
  const started = performance.now();
  const truncated = checkpoint(readModel);
  const bytes = databaseBytes(file);
  const walBytes = existsSync(`${file}-wal`) ? statSync(`${file}-wal`).size : 0;
  const freeBytes =
    Number(readModel.pragma('freelist_count', { simple: true })) *
    Number(readModel.pragma('page_size', { simple: true }));
  const tables = tableSizes(readModel);
  const log = new Database(logFile, { readonly: true });
  const logTables = (() => {
    try {
      return tableSizes(log);
    } finally {
      log.close();
    }
  })();
  const sum = (prefix: string) =>
    tables.filter((t) => t.table.startsWith(prefix)).reduce((total, t) => total + t.bytes, 0);
  const seconds = round((performance.now() - started) / 1000, 0);
  return {
    figures: {
      readModelMB: round(bytes / 1e6, 0),
      readModelToLogRatio: round(bytes / logBytes, 2),
      readModelViewsMB: round(sum('view_') / 1e6, 0),
      readModelHistoryMB: round(sum('development') / 1e6, 0),
    },
    targets: { readModelToLogRatio: { value: 3, op: '<=' } },
    notes: [
      `read model ${round(bytes / 1e6, 0)} MB (file + WAL after wal_checkpoint(TRUNCATE)${
        truncated ? '' : ', which another connection held off for 10 s'
      }: WAL ${round(walBytes / 1e6, 0)} MB, free pages in the file ${round(freeBytes / 1e6, 0)} MB) over the event log's ` +
        `${round(logBytes / 1e6, 0)} MB; by table with its indexes (dbstat, ${seconds} s to read): ${describeSizes(tables, 1e5)}`,
      `event log by table: ${describeSizes(logTables, 1e5)}`,
    ],
  };
}
