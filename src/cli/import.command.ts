import { CommandBus } from '@nestjs/cqrs';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { isLogExport } from '../backup/log-record.js';
import { readCsv } from '../import/import-files.js';
import { ImportRows } from '../import/import-rows.command.js';
import { importRecords, type RecordSource } from '../import/importer.js';
import { READ_MODEL } from '../tokens.js';
import type { ReadModelParts } from '../views/build/open-read-model.js';
import { recordSource, type SourceRecord, tooLarge, WHOLE_FILE_MAX_BYTES } from '../import/read-records.js';
import { openContext } from './context.js';
import { buildProgress, progressBar } from './progress.js';
import { restoreCommand } from './restore.js';

const USAGE = 'usage: timeline import [--dry-run] <file.csv|file.jsonl|file.json|dir>';

/**
 * `timeline import [--dry-run] <file|dir>`: exit 0 when every record was accepted or already there,
 * 1 otherwise. `--dry-run` checks every record as `POST /imports?dryRun=true` does and records nothing.
 * A file written by `timeline export` is restored as it was instead.
 */
export async function importCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { 'dry-run': { type: 'boolean' } },
  });
  const [path] = positionals;
  if (!path || !existsSync(path)) {
    process.stderr.write(`${USAGE}${path ? ` (${path} does not exist)` : ''}\n`);
    return 2;
  }
  const dryRun = values['dry-run'] === true;
  if (!dryRun && statSync(path).isFile() && isLogExport(path)) return restoreCommand(path);
  const records = source(path);
  if ('error' in records) {
    process.stderr.write(`${path}: ${records.error}\n`);
    return 2;
  }
  const { context } = await openContext({ create: true });
  try {
    const commands = context.get(CommandBus);
    if (dryRun) return await checkOnly(Array.isArray(records) ? records : [...records.records()], commands);
    // A large import (at least as large as the timeline) builds the views once after it, as `rebuild` does.
    const parts = context.get<ReadModelParts>(READ_MODEL);
    let deferred = false;
    const summary = await importRecords(records, commands, 'cli', {
      onProgress: progressBar('importing'),
      beforeDevelopments: (count) => {
        deferred = parts.deferViews(count);
      },
    });
    if (deferred) {
      await parts.ready(buildProgress());
    }
    process.stdout.write(
      `accepted ${summary.accepted}, duplicate ${summary.duplicate}, rejected ${summary.rejected.length}\n`,
    );
    for (const r of summary.rejected) process.stdout.write(`  rejected ${r.origin}: ${r.reason}\n`);
    return summary.rejected.length > 0 ? 1 : 0;
  } finally {
    await context.close();
  }
}

/**
 * A CSV's rows (each `file:row N`, the header being row 1), or JSON and JSON Lines records; a JSON
 * Lines file is read as the import goes, never held whole.
 */
function source(path: string): SourceRecord[] | RecordSource | { error: string } {
  if (!isCsv(path)) return recordSource(path);
  return readCsvRows(path);
}

function isCsv(path: string): boolean {
  return statSync(path).isFile() && path.toLowerCase().endsWith('.csv');
}

function readCsvRows(path: string): SourceRecord[] | { error: string } {
  const size = statSync(path).size;
  if (size > WHOLE_FILE_MAX_BYTES) return { error: tooLarge(size) };
  const file = readCsv(readFileSync(path, 'utf8'));
  if ('error' in file) return file;
  return file.rows.map((r) => ({
    origin: `${path}:row ${r.row}`,
    value: r.value,
    ...(r.unreadable ? { parseError: r.unreadable } : {}),
  }));
}

/** Prints what each record would do; records nothing. */
async function checkOnly(records: SourceRecord[], commands: CommandBus): Promise<number> {
  const rows = records.map((r, i) => ({
    row: i + 1,
    value: r.value,
    ...(r.parseError ? { unreadable: r.parseError } : {}),
  }));
  const { answer } = await commands.execute(new ImportRows({ rows }, true, 'cli'));
  for (const r of answer.rows) {
    const origin = records[r.row - 1]!.origin;
    const why = (r.errors ?? []).map((e) => `${e.path}: ${e.message}`).join('; ');
    process.stdout.write(`  ${r.outcome.replace('_', ' ')} ${origin}${why ? `: ${why}` : ''}\n`);
  }
  process.stdout.write(
    `dry run: would record ${answer.wouldRecord}, duplicate ${answer.duplicates}, rejected ${answer.rejected}; nothing was recorded\n`,
  );
  return answer.rejected > 0 ? 1 : 0;
}
