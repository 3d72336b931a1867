import { createReadStream } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { restoreLog, RestoreError } from '../backup/restore-log.js';
import { loadConfig } from '../config.js';
import { openContext } from './context.js';

/** `timeline import <export.jsonl>`: restores a `timeline export` into an empty data directory. */
export async function restoreCommand(file: string): Promise<number> {
  const config = loadConfig();
  if (config.store !== 'sqlite') {
    process.stderr.write('a log export restores into the embedded store; then move it with timeline migrate\n');
    return 2;
  }
  const lines = createInterface({ input: createReadStream(file), crlfDelay: Infinity });
  let restored: number;
  let reported = 0;
  try {
    restored = await restoreLog(lines, join(config.dataDir, 'events.db'), (n) => {
      if (n - reported < 100_000) return;
      reported = n;
      process.stderr.write(`restored ${n} events so far\n`);
    });
  } catch (error) {
    if (!(error instanceof RestoreError)) throw error;
    process.stderr.write(`nothing restored: ${error.message}\n`);
    return 1;
  }
  process.stdout.write(`restored ${restored} events with their ids, order and recorded times\n`);
  // Opening the service catches its read model up with the restored log.
  const { context } = await openContext();
  await context.close();
  process.stdout.write('read model built\n');
  return 0;
}
