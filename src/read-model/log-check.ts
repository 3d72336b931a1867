import type { EventStore } from '../store/event-store.js';
import type { ReadModel } from './read-model.js';

/** The read model has applied events that the log does not hold: the log was lost, emptied or replaced. */
export class ReadModelAheadError extends Error {}

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
      'Nothing was changed. Restore the event log (events.db) from a backup; or, to serve only what this log holds, ' +
      'move read-model.db and webhooks.db aside and start again: the read model is then rebuilt from the log.',
  );
}
