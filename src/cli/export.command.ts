import { createWriteStream, existsSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { finished } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import { exportLog } from '../backup/export-log.js';
import { loadConfig } from '../config.js';
import { openEventStore } from '../store/open-event-store.js';

/** `timeline export [--out FILE]`: the whole log as JSON Lines, a backup `timeline import` restores. */
export async function exportCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { out: { type: 'string' } } });
  const config = loadConfig();
  // Reading creates nothing: where there is no timeline there is nothing to export.
  if (config.store === 'sqlite' && !existsSync(join(config.dataDir, 'events.db'))) {
    process.stderr.write(`no timeline in ${config.dataDir} (no events.db)\n`);
    return 2;
  }
  const store = await openEventStore(config);
  try {
    if (!values.out) {
      await exportLog(store, process.stdout);
      return 0;
    }
    // Written beside the target and renamed at the end, so an interrupted export never looks complete.
    const partial = `${values.out}.partial`;
    const out = createWriteStream(partial);
    const count = await exportLog(store, out);
    out.end();
    await finished(out);
    renameSync(partial, values.out);
    process.stderr.write(`exported ${count} events to ${values.out}\n`);
    return 0;
  } finally {
    await store.close();
  }
}
