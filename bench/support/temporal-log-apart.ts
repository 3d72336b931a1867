import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Result } from './benchmark.js';
import type { LogRead } from './log-ceiling.js';

/** The log's figures, as `writeLog` returns them, and the ceiling of reading it back (`readWholeLog`). */
export interface WrittenLog {
  result: Result;
  bytes: number;
  events: number;
  ceiling: LogRead;
}

const ENTRY = fileURLToPath(import.meta.url);

/**
 * Writes the synthetic log of `size` developments to `file` in a process of its own, then reads it
 * back whole through the store port there (the ceiling): the process that then rebuilds and queries
 * it starts as a service does on a log it finds on disk, holding no generator and none of the
 * garbage of writing or reading a million events, so its memory is the service's. Progress goes to
 * this process's stderr.
 */
export async function writeLogApart(size: number, file: string): Promise<WrittenLog> {
  const out = `${file}.written.json`;
  const child = spawn(process.execPath, [ENTRY, String(size), file, out], { stdio: ['ignore', 'inherit', 'inherit'] });
  const [code, signal] = (await once(child, 'exit')) as [number | null, NodeJS.Signals | null];
  if (code !== 0) throw new Error(`writing the log stopped: exit ${code ?? signal}`);
  return JSON.parse(readFileSync(out, 'utf8')) as WrittenLog;
}

/** In the writing process: `node temporal-log-apart.js <size> <file> <out>`. */
async function main([size, file, out]: string[]): Promise<void> {
  const { SqliteEventStore } = await import('../../src/store/sqlite/sqlite-event-store.js');
  const { RssSampler } = await import('./rss-sampler.js');
  const { TemporalLog } = await import('./temporal-log.js');
  const { writeLog } = await import('./temporal-log-write.js');
  const { readWholeLog } = await import('./log-ceiling.js');
  const rss = new RssSampler();
  const store = new SqliteEventStore(file!);
  try {
    const written = await writeLog(store, file!, new TemporalLog(Number(size)), rss);
    process.stderr.write('[temporal] reading the whole log through the store port (the ceiling)\n');
    const ceiling = await readWholeLog(store);
    writeFileSync(out!, JSON.stringify({ ...written, ceiling }));
  } finally {
    await store.close();
    await rss.stop();
  }
}

if (process.argv[1] === ENTRY) await main(process.argv.slice(2));
