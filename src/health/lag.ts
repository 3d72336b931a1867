import type { EventStore, Position } from '../store/event-store.js';

const INTEGER = /^\d+$/;

/**
 * How many events the log holds after `checkpoint`. Positions that are event counts (the embedded
 * store) are subtracted, exactly; others are counted by reading, at most `cap` events.
 */
export async function eventsBehind(
  store: EventStore,
  checkpoint: Position | undefined,
  head: Position | undefined,
  cap: number,
): Promise<number> {
  if (head === undefined) return 0;
  if (checkpoint !== undefined && store.comparePositions(checkpoint, head) >= 0) return 0;
  if (INTEGER.test(head) && (checkpoint === undefined || INTEGER.test(checkpoint))) {
    return Number(head) - Number(checkpoint ?? 0);
  }
  return (await store.readAll({ after: checkpoint, limit: cap })).length;
}
