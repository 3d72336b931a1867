import { parseArgs } from 'node:util';
import { join } from 'node:path';
import { loadConfig, POSTGRES_URL } from '../config.js';
import type { EventStore } from '../store/event-store.js';
import { migrateLog } from '../store/migrate.js';
import { SqliteEventStore } from '../store/sqlite/sqlite-event-store.js';
import { progressBar } from './progress.js';

/**
 * `timeline migrate --to <url>`: copies the embedded log into PostgreSQL (postgres://...) or
 * KurrentDB (kurrentdb://...), keeping ids, order and recorded times; safe to run again after an
 * interruption.
 */
export async function migrateCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { to: { type: 'string' } } });
  if (!values.to) {
    process.stderr.write('usage: timeline migrate --to <postgres:// or kurrentdb:// connection string>\n');
    return 2;
  }
  const config = loadConfig();
  const source = new SqliteEventStore(join(config.dataDir, 'events.db'));
  const target = await openTarget(values.to);
  try {
    const total = Number((await source.head()) ?? 0);
    const progress = progressBar('migrating');
    const result = await migrateLog(source, target, { onProgress: (copied) => progress(copied, total) });
    process.stdout.write(`copied ${result.copied}, already there ${result.skipped}\n`);
    return 0;
  } finally {
    await source.close();
    await target.close();
  }
}

async function openTarget(url: string): Promise<EventStore> {
  if (POSTGRES_URL.test(url)) {
    const { PostgresEventStore } = await import('../store/postgres/postgres-event-store.js');
    return new PostgresEventStore(url);
  }
  const { KurrentDbEventStore } = await import('../store/kurrentdb/kurrentdb-event-store.js');
  return new KurrentDbEventStore(url);
}
