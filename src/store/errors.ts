import { type StreamKind, streamKind } from '../../events/index.js';
import type { ExpectedRevision } from './event-store.js';

/** The stream's revision is not the one the writer expected. */
export class ConcurrencyError extends Error {
  readonly code = 'CONCURRENCY_CONFLICT';
  /** What the stream holds (a development, an entity), so that the edge can name it. */
  readonly kind: StreamKind | undefined;
  constructor(
    readonly stream: string,
    readonly expected: ExpectedRevision,
    readonly actual: number | 'no_stream',
  ) {
    super(`stream ${stream} is at revision ${actual}, expected ${expected}`);
    this.kind = streamKind(stream);
  }
}

/** An event id is already stored with different content. */
export class DuplicateEventIdError extends Error {
  readonly code = 'EVENT_ID_CONFLICT';
  /** What the stream that holds the id holds (a development, an entity). */
  readonly kind: StreamKind | undefined;
  constructor(
    readonly eventId: string,
    readonly stream: string,
  ) {
    super(`event ${eventId} is already stored with different content`);
    this.kind = streamKind(stream);
  }
}

/** The store cannot be reached or has been closed. */
export class StoreUnavailableError extends Error {
  readonly code = 'STORE_UNAVAILABLE';
}

/** The disk (or the store's quota) is full: nothing of the write was stored. */
export class StorageFullError extends Error {
  readonly code = 'INSUFFICIENT_STORAGE';
  constructor() {
    super('the event store has no space left on its disk');
  }
}
