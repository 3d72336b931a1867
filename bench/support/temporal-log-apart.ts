import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Result } from './benchmark.js';

/** The log's figures, as `writeLog` returns them. */
export interface WrittenLog {
  result: Result;
  bytes: number;
  events: number;
}

const ENTRY = fileURLToPath(import.meta.url);

/**
 * Writes the synthetic log of `size` developments to `file` in a process of its own, as a log the
 * service finds on disk: the process that then rebuilds and queries it holds no generator and none
 * of its garbage, so its memory is the service's. Progress goes to this process's stderr.
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
  const rss = new RssSampler();
  const store = new SqliteEventStore(file!);
  try {
    const written = await writeLog(store, file!, new TemporalLog(Number(size)), rss);
    writeFileSync(out!, JSON.stringify(written));
  } finally {
    await store.close();
    await rss.stop();
  }
}

if (process.argv[1] === ENTRY) await main(process.argv.slice(2));
