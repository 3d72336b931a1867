import { CommandBus } from '@nestjs/cqrs';
import { existsSync, statSync } from 'node:fs';
import { importRecords } from '../import/importer.js';
import { readRecords } from '../import/read-records.js';
import { openContext } from './context.js';
import { isLogExport } from '../backup/log-record.js';
import { progressBar } from './progress.js';
import { restoreCommand } from './restore.js';

/**
 * `timeline import <file|dir>`: exit 0 when every record was accepted or already there, 1 otherwise.
 * A file written by `timeline export` is restored as it was instead.
 */
export async function importCommand(args: string[]): Promise<number> {
  const [path] = args;
  if (!path || !existsSync(path)) {
    process.stderr.write(`usage: timeline import <file|dir>${path ? ` (${path} does not exist)` : ''}\n`);
    return 2;
  }
  if (statSync(path).isFile() && isLogExport(path)) return restoreCommand(path);
  const records = readRecords(path);
  const { context } = await openContext({ create: true });
  try {
    const summary = await importRecords(records, context.get(CommandBus), 'cli', progressBar('importing'));
    process.stdout.write(
      `accepted ${summary.accepted}, duplicate ${summary.duplicate}, rejected ${summary.rejected.length}\n`,
    );
    for (const r of summary.rejected) process.stdout.write(`  rejected ${r.origin}: ${r.reason}\n`);
    return summary.rejected.length > 0 ? 1 : 0;
  } finally {
    await context.close();
  }
}
