/**
 * The event store port. Two adapters implement it: SQLite (embedded default) and KurrentDB.
 * Positions are opaque strings: compare them with the store's `comparePositions`.
 */
export type Position = string;

/** `no_stream`: the stream must not exist; `exists`: it must; a number: the revision of its last event. */
export type ExpectedRevision = 'any' | 'no_stream' | 'exists' | number;

export interface NewEvent {
  /** UUID; appending an id that is already stored with the same content is an idempotent retry. */
  id: string;
  type: string;
  data: unknown;
  metadata?: Record<string, unknown>;
}

export interface StoredEvent {
  id: string;
  stream: string;
  /** 0 for the first event of the stream. */
  revision: number;
  type: string;
  data: unknown;
  metadata: Record<string, unknown>;
  /** Transaction time, ISO 8601 UTC with milliseconds; never decreases along positions. */
  recordedAt: string;
  position: Position;
}

export interface AppendRequest {
  stream: string;
  events: NewEvent[];
  expectedRevision: ExpectedRevision;
}

export interface AppendResult {
  stream: string;
  /** Revision of the stream's last event after the append. */
  revision: number;
  /** Position of the last event of this append. */
  position: Position;
  recordedAt: string;
  /** True when every event was already stored with the same content: nothing new was written. */
  duplicate: boolean;
}

export interface ReadFilter {
  types?: readonly string[];
  streamPrefix?: string;
}

export interface ReadAllOptions {
  /** Exclusive: events after this position. Omitted: from the start. */
  after?: Position;
  filter?: ReadFilter;
  limit?: number;
}

export interface Subscription extends AsyncIterable<StoredEvent> {
  close(): void;
}

export interface EventStore {
  append(stream: string, events: NewEvent[], expectedRevision: ExpectedRevision): Promise<AppendResult>;
  /** All-or-nothing append to several streams. */
  appendMany(requests: AppendRequest[]): Promise<AppendResult[]>;
  readStream(stream: string): Promise<StoredEvent[]>;
  readAll(options?: ReadAllOptions): Promise<StoredEvent[]>;
  /** Catch-up from `after`, then live: no gap and no duplicate at the switch. */
  subscribe(options?: Omit<ReadAllOptions, 'limit'>): Subscription;
  /** Position of the last stored event, or undefined for an empty store. */
  head(): Promise<Position | undefined>;
  comparePositions(a: Position, b: Position): number;
  /** Throws when the store cannot serve requests (used by readiness). */
  check(): Promise<void>;
  close(): Promise<void>;
}

export const EVENT_STORE = Symbol('EventStore');
