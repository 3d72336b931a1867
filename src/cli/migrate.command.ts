import { parseArgs } from 'node:util';
import { join } from 'node:path';
import { loadConfig } from '../config.js';
import { migrateLog } from '../store/migrate.js';
import { SqliteEventStore } from '../store/sqlite/sqlite-event-store.js';
import { progressBar } from './progress.js';

/**
 * `timeline migrate --to <kurrentdb url>`: copies the embedded log into KurrentDB, keeping ids,
 * order and recorded times; safe to run again after an interruption.
 */
export async function migrateCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { to: { type: 'string' } } });
  if (!values.to) {
    process.stderr.write('usage: timeline migrate --to <kurrentdb connection string>\n');
    return 2;
  }
  const config = loadConfig();
  const source = new SqliteEventStore(join(config.dataDir, 'events.db'));
  const { KurrentDbEventStore } = await import('../store/kurrentdb/kurrentdb-event-store.js');
  const target = new KurrentDbEventStore(values.to);
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
