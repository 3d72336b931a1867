import { CommandBus } from '@nestjs/cqrs';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { isLogExport } from '../backup/log-record.js';
import { readCsv } from '../import/import-files.js';
import { ImportRows, importParts } from '../import/import-rows.command.js';
import { importRecords, isEntityRecord, type RecordSource } from '../import/importer.js';
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
    if (dryRun) return await checkOnly(records, commands);
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

/** Records a dry run checks at once: a file of any size is checked a part at a time, never held whole. */
const DRY_RUN_PART = 500;

/**
 * Prints what each record would do; records nothing. The file is read twice, as an import reads
 * it: the unreadable records and the entities first (the developments may name them), then the
 * developments, each part checked as the whole file would be (`ImportParts`). Rows are numbered
 * in file order.
 */
async function checkOnly(source: SourceRecord[] | RecordSource, commands: CommandBus): Promise<number> {
  const records = Array.isArray(source) ? () => source : () => source.records();
  const parts = importParts();
  const totals = { wouldRecord: 0, duplicates: 0, rejected: 0 };
  let part: { row: number; record: SourceRecord }[] = [];
  const check = async () => {
    if (part.length === 0) return;
    const rows = part.map(({ row, record }) => ({
      row,
      value: record.value,
      ...(record.parseError ? { unreadable: record.parseError } : {}),
    }));
    const origins = new Map(part.map(({ row, record }) => [row, record.origin]));
    part = [];
    const { answer } = await commands.execute(new ImportRows({ rows }, true, 'cli', parts));
    for (const r of answer.rows) {
      const why = (r.errors ?? []).map((e) => `${e.path}: ${e.message}`).join('; ');
      process.stdout.write(`  ${r.outcome.replace('_', ' ')} ${origins.get(r.row)}${why ? `: ${why}` : ''}\n`);
    }
    totals.wouldRecord += answer.wouldRecord;
    totals.duplicates += answer.duplicates;
    totals.rejected += answer.rejected;
  };
  for (const developments of [false, true]) {
    let row = 0;
    for (const record of records()) {
      row += 1;
      const development = !record.parseError && !isEntityRecord(record);
      if (development !== developments) continue;
      part.push({ row, record });
      if (part.length === DRY_RUN_PART) await check();
    }
    await check();
  }
  process.stdout.write(
    `dry run: would record ${totals.wouldRecord}, duplicate ${totals.duplicates}, rejected ${totals.rejected}; nothing was recorded\n`,
  );
  return totals.rejected > 0 ? 1 : 0;
}
