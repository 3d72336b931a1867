import type { EventStore } from '../../src/store/event-store.js';

/**
 * Copies the events up to `upTo` into an empty store, in order and in batches. Both stores number
 * events gaplessly from 1, so every copied event keeps its position.
 */
export async function copyLogPrefix(from: EventStore, to: EventStore, upTo: number, batchSize = 1_000): Promise<void> {
  let after = 0;
  while (after < upTo) {
    const events = await from.readAll({ after: String(after), limit: Math.min(batchSize, upTo - after) });
    if (events.length === 0) break;
    await to.appendMany(events.map((e) => ({
      stream: e.stream,
      events: [{ id: e.id, type: e.type, data: e.data, metadata: e.metadata }],
      expectedRevision: 'any' as const,
    })));
    after = Number(events[events.length - 1]!.position);
  }
  const head = Number((await to.head()) ?? 0);
  if (head !== upTo) throw new Error(`copied log ends at position ${head}, expected ${upTo}`);
}
