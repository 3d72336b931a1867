import type { EventStore, Position, StoredEvent } from './event-store.js';

export interface MigrateOptions {
  /** Called after each event newly copied; `total` is not known up front (the port has no count). */
  onProgress?(copied: number, total?: number): void;
  /** Events read from the source per page. */
  batchSize?: number;
}

export interface MigrateResult {
  copied: number;
  /** Events the target already had (same id and content): left from an earlier run. */
  skipped: number;
}

/**
 * Copies the whole log of `from` into `to`, one event at a time in position order, keeping each
 * event's id, stream and order, and its original time as metadata `recordedAt` (which the KurrentDB
 * adapter keeps as the event's recordedAt). Each append expects the stream exactly where the
 * source had it, so running again, or after an interruption, skips what is there and copies the
 * rest; a target that diverges from the source fails with ConcurrencyError or
 * DuplicateEventIdError. Migrate into an empty store: recorded times then never decrease.
 */
export async function migrateLog(
  from: EventStore,
  to: EventStore,
  options: MigrateOptions = {},
): Promise<MigrateResult> {
  const batchSize = options.batchSize ?? 500;
  let after: Position | undefined;
  let copied = 0;
  let skipped = 0;
  for (;;) {
    const page = await from.readAll({ after, limit: batchSize });
    if (page.length === 0) return { copied, skipped };
    for (const event of page) {
      const result = await to.append(
        event.stream,
        [copyOf(event)],
        event.revision === 0 ? 'no_stream' : event.revision - 1,
      );
      if (result.duplicate) {
        skipped += 1;
      } else {
        copied += 1;
        options.onProgress?.(copied);
      }
    }
    after = page[page.length - 1]!.position;
  }
}

function copyOf(event: StoredEvent) {
  return {
    id: event.id,
    type: event.type,
    data: event.data,
    metadata: { ...event.metadata, recordedAt: event.recordedAt },
  };
}
