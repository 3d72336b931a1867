import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { EventStore } from '../store/event-store.js';
import type { ReadModel } from './read-model.js';

/** The read model has applied events that the log does not hold: the log was lost, emptied or replaced. */
export class ReadModelAheadError extends Error {}

const NEXT_STEPS =
  'Nothing was changed. Restore the event log (events.db) from a backup; or, to serve only what this log holds, ' +
  'move read-model.db and webhooks.db aside and start again: the read model is then rebuilt from the log.';

/**
 * Refuses to go on with a read model ahead of its log: serving it would show developments the log
 * no longer has, and new writes would land on positions the read model believes it has applied.
 * Nothing is changed, so the read model stays available to recover from.
 */
export async function assertLogCoversReadModel(readModel: ReadModel, store: EventStore): Promise<void> {
  const checkpoint = readModel.checkpoint;
  if (checkpoint === undefined) return;
  const head = await store.head();
  if (head !== undefined && store.comparePositions(head, checkpoint) >= 0) return;
  throw new ReadModelAheadError(
    `the read model (${readModel.file}) has applied the event log up to position ${checkpoint}, but the event log ` +
      `${head === undefined ? 'is empty' : `ends at position ${head}`}: the event log was lost, emptied or replaced. ` +
      NEXT_STEPS,
  );
}

/**
 * Before the embedded log is opened (which would create an empty one): a data directory whose read
 * model has applied events but whose events.db is missing lost its log. Refuses, creating nothing.
 */
export function assertEmbeddedLogPresent(dataDir: string): void {
  const log = join(dataDir, 'events.db');
  const readModel = join(dataDir, 'read-model.db');
  if (existsSync(log) || !existsSync(readModel)) return;
  const checkpoint = appliedUpTo(readModel);
  if (checkpoint === null) return;
  throw new ReadModelAheadError(
    `the event log ${log} is missing, but the read model (${readModel}) has applied the event log up to ` +
      `position ${checkpoint ?? '(unreadable)'}: the event log was lost, emptied or replaced. ${NEXT_STEPS}`,
  );
}

/** The read model's checkpoint; null when it applied nothing; undefined when the file cannot be read. */
function appliedUpTo(file: string): string | null | undefined {
  let db: Database.Database | undefined;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
    const table = db.prepare("SELECT 1 FROM sqlite_master WHERE name = 'checkpoint'").get();
    if (!table) return null;
    const row = db.prepare<[], { position: string }>('SELECT position FROM checkpoint LIMIT 1').get();
    return row?.position ?? null;
  } catch {
    return undefined;
  } finally {
    db?.close();
  }
}
