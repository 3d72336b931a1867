import { existsSync, renameSync, rmSync } from 'node:fs';
import type { AppendRequest } from '../store/event-store.js';
import { SqliteEventStore } from '../store/sqlite/sqlite-event-store.js';
import { parseLogRecord, type LogRecord } from './log-record.js';

export class RestoreError extends Error {}

const SQLITE_FILES = ['', '-wal', '-shm'];
/** Events written per transaction. */
const BATCH = 1000;

/**
 * Stores an export's events into a new embedded store at `file`, keeping ids, streams, revisions,
 * order and recorded times (so `knownAt` answers as before). It writes into a scratch file that
 * replaces `file` only once every line is in: a bad line or a failed append leaves nothing behind.
 * `file` must not hold any event yet.
 */
export async function restoreLog(
  lines: AsyncIterable<string>,
  file: string,
  onProgress?: (restored: number) => void,
): Promise<number> {
  if (existsSync(file)) {
    const existing = new SqliteEventStore(file);
    const head = await existing.head();
    await existing.close();
    if (head !== undefined)
      throw new RestoreError(`${file} already holds events: restore into an empty data directory`);
  }
  const scratch = `${file}.restoring`;
  removeSqlite(scratch);
  // Each transaction takes the recorded time of the events it restores, as the clock of that moment.
  let recordedAt = new Date(0);
  const store = new SqliteEventStore(scratch, { groupCommit: false, clock: () => recordedAt });
  let restored = 0;
  try {
    let batch: LogRecord[] = [];
    const flush = async () => {
      if (batch.length === 0) return;
      recordedAt = new Date(batch[0]!.recordedAt);
      const results = await store.appendMany(batch.map(toAppend));
      const again = results.findIndex((r) => r.duplicate);
      if (again >= 0) throw new RestoreError(`event ${batch[again]!.id} appears twice`);
      restored += batch.length;
      onProgress?.(restored);
      batch = [];
    };
    const revisions = new Map<string, number>();
    let lineNumber = 0;
    let previous: string | undefined;
    for await (const line of lines) {
      lineNumber += 1;
      if (line.trim() === '') continue;
      const parsed = parseLogRecord(line);
      if (!parsed.ok) throw new RestoreError(`line ${lineNumber}: ${parsed.reason}`);
      const record = parsed.record;
      const expected = (revisions.get(record.stream) ?? -1) + 1;
      if (record.revision !== expected) {
        throw new RestoreError(
          `line ${lineNumber}: ${record.stream} revision ${record.revision} follows revision ${expected - 1}`,
        );
      }
      if (previous !== undefined && record.recordedAt < previous) {
        throw new RestoreError(
          `line ${lineNumber}: recordedAt ${record.recordedAt} is before the line above (${previous})`,
        );
      }
      revisions.set(record.stream, record.revision);
      if (previous !== record.recordedAt || batch.length >= BATCH) await flush();
      batch.push(record);
      previous = record.recordedAt;
    }
    await flush();
    await store.close();
  } catch (error) {
    await store.close();
    removeSqlite(scratch);
    throw error instanceof RestoreError
      ? error
      : new RestoreError(`restoring the events from number ${restored + 1} on: ${(error as Error).message}`);
  }
  removeSqlite(file);
  for (const suffix of SQLITE_FILES) if (existsSync(scratch + suffix)) renameSync(scratch + suffix, file + suffix);
  return restored;
}

function toAppend(record: LogRecord): AppendRequest {
  return {
    stream: record.stream,
    events: [{ id: record.id, type: record.type, data: record.data, metadata: record.metadata }],
    expectedRevision: record.revision === 0 ? 'no_stream' : record.revision - 1,
  };
}

function removeSqlite(file: string): void {
  for (const suffix of SQLITE_FILES) rmSync(file + suffix, { force: true });
}
