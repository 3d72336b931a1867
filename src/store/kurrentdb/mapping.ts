import {
  ANY,
  CancelledError,
  DeadlineExceededError,
  NO_STREAM,
  NotLeaderError,
  STREAM_EXISTS,
  TimeoutError,
  UnavailableError,
  WrongExpectedVersionError,
  convertToCommandError,
  eventTypeFilter,
  excludeSystemEvents,
  jsonEvent,
  streamNameFilter,
} from '@kurrent/kurrentdb-client';
import type {
  AppendStreamState,
  CurrentStreamState,
  EventData,
  Filter,
  JSONType,
  Position as LogPosition,
  RecordedEvent,
  StreamState,
} from '@kurrent/kurrentdb-client';
import { contentHash } from '../canonical-json.js';
import { ConcurrencyError, DuplicateEventIdError, StoreUnavailableError } from '../errors.js';
import type {
  AppendRequest,
  AppendResult,
  ExpectedRevision,
  NewEvent,
  Position,
  ReadFilter,
  StoredEvent,
} from '../event-store.js';

/**
 * Metadata key holding an event's original transaction time (set by a migration). Events appended
 * without it take the server's `created` time, which follows log order on the leader.
 */
export const RECORDED_AT_KEY = 'recordedAt';

/** Metadata keys the server adds to events written through multi-stream append. */
const SERVER_METADATA_PREFIXES = ['$schema.', '$record.'];

export function toStreamState(expected: ExpectedRevision): AppendStreamState {
  if (expected === 'any') return ANY;
  if (expected === 'no_stream') return NO_STREAM;
  if (expected === 'exists') return STREAM_EXISTS;
  if (!Number.isSafeInteger(expected) || expected < 0)
    throw new RangeError(`expected revision must be a non-negative integer, got ${expected}`);
  return BigInt(expected);
}

export function fromStreamState(state: AppendStreamState): ExpectedRevision {
  if (state === ANY) return 'any';
  if (state === NO_STREAM) return 'no_stream';
  if (state === STREAM_EXISTS) return 'exists';
  return Number(state);
}

/** The exact state to append with once the stream has been read: never `any`, so a concurrent writer conflicts. */
export function exactStreamState(revision: number | undefined): StreamState {
  return revision === undefined ? NO_STREAM : BigInt(revision);
}

/** The server reports deleted (-5) and tombstoned (-6) streams as negative revisions: both have no events to follow. */
export function toActualRevision(state: CurrentStreamState): number | 'no_stream' {
  return state === NO_STREAM || state < 0n ? 'no_stream' : Number(state);
}

export function assertExpectedRevision(stream: string, expected: ExpectedRevision, revision: number | undefined): void {
  if (expected === 'any') return;
  const ok =
    expected === 'no_stream'
      ? revision === undefined
      : expected === 'exists'
        ? revision !== undefined
        : revision === expected;
  if (!ok) throw new ConcurrencyError(stream, expected, revision ?? 'no_stream');
}

const POSITION = /^(\d{1,20})\/(\d{1,20})$/;
const MAX_U64 = 2n ** 64n - 1n;

/** `"<commit>/<prepare>"`: the two parts of a transaction-log position, in decimal. */
export function encodePosition(position: LogPosition): Position {
  return `${position.commit}/${position.prepare}`;
}

export function decodePosition(position: Position): LogPosition {
  const match = POSITION.exec(position);
  const commit = match ? BigInt(match[1]!) : -1n;
  const prepare = match ? BigInt(match[2]!) : -1n;
  if (commit < 0n || prepare < 0n || commit > MAX_U64 || prepare > MAX_U64) {
    throw new RangeError(`not a KurrentDB position: "${position}"`);
  }
  return { commit, prepare };
}

export function compareLogPositions(a: LogPosition, b: LogPosition): number {
  if (a.commit !== b.commit) return a.commit < b.commit ? -1 : 1;
  if (a.prepare !== b.prepare) return a.prepare < b.prepare ? -1 : 1;
  return 0;
}

export function comparePositions(a: Position, b: Position): number {
  return compareLogPositions(decodePosition(a), decodePosition(b));
}

/**
 * Translates a client error into the port's: a wrong expected version becomes a ConcurrencyError
 * (reported against the caller's expectation when `requests` names the stream), connection
 * trouble a StoreUnavailableError. Anything else is returned unchanged.
 */
export function toPortError(
  error: unknown,
  requests: readonly Pick<AppendRequest, 'stream' | 'expectedRevision'>[] = [],
): unknown {
  const converted = toCommandError(error);
  if (converted instanceof WrongExpectedVersionError) {
    const request =
      requests.find((r) => r.stream === converted.streamName) ?? (requests.length === 1 ? requests[0] : undefined);
    const stream = converted.streamName || request?.stream || '';
    return new ConcurrencyError(
      stream,
      request?.expectedRevision ?? fromStreamState(converted.expectedState),
      toActualRevision(converted.actualState),
    );
  }
  if (isUnavailable(converted)) {
    const message = converted instanceof Error ? converted.message : String(converted);
    return new StoreUnavailableError(`KurrentDB is unavailable: ${message}`, { cause: error });
  }
  return converted;
}

function toCommandError(error: unknown): unknown {
  if (!(error instanceof Error)) return error;
  try {
    return convertToCommandError(error);
  } catch {
    return error;
  }
}

function isUnavailable(error: unknown): boolean {
  return (
    error instanceof UnavailableError ||
    error instanceof DeadlineExceededError ||
    error instanceof TimeoutError ||
    error instanceof NotLeaderError ||
    error instanceof CancelledError ||
    (error instanceof Error && /^Failed to discover after \d+ attempts/.test(error.message))
  );
}

export interface FilterPlan {
  /** Applied by the server. */
  server: Filter;
  /** Applied here to what the server sends: the rest of the filter, and system events. */
  matches(type: string, stream: string): boolean;
}

export const isSystemEventType = (type: string): boolean => type.startsWith('$');

const escapeRegex = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * The server filters on either stream names or event types, not both: a stream prefix is the one
 * sent to the server (it selects one development's or one test's streams), the types are then
 * checked here. System events (types starting with `$`) are never delivered.
 */
export function planFilter(filter: ReadFilter = {}): FilterPlan {
  const types = filter.types?.length ? new Set(filter.types) : undefined;
  const prefix = filter.streamPrefix || undefined;
  const matches = (type: string, stream: string): boolean =>
    !isSystemEventType(type) &&
    (types === undefined || types.has(type)) &&
    (prefix === undefined || stream.startsWith(prefix));
  if (prefix !== undefined) return { server: streamNameFilter({ prefixes: [prefix] }), matches };
  if (types !== undefined) {
    return { server: eventTypeFilter({ regex: `^(?:${[...types].map(escapeRegex).join('|')})$` }), matches };
  }
  return { server: excludeSystemEvents(), matches };
}

/** The client serialises any JSON value; its `JSONType` only names the usual shapes. */
export function toEventData(event: NewEvent): EventData {
  const metadata = event.metadata && Object.keys(event.metadata).length > 0 ? event.metadata : undefined;
  return jsonEvent({ id: event.id, type: event.type, data: event.data as JSONType, metadata });
}

/** Multi-stream append carries metadata as string properties only: other values are refused before anything is written. */
export function toMultiStreamEventData(event: NewEvent): EventData {
  for (const [key, value] of Object.entries(event.metadata ?? {})) {
    if (typeof value !== 'string') {
      throw new TypeError(
        `metadata "${key}" of event ${event.id} must be a string to append to several KurrentDB streams at once`,
      );
    }
  }
  return toEventData(event);
}

/** @throws when the server sends no position (servers before 22.6). */
export function toStoredEvent(event: RecordedEvent): StoredEvent {
  if (!event.position)
    throw new Error(`KurrentDB sent event ${event.id} without its position: the server must be 22.6 or later`);
  const { metadata, recordedAt } = splitMetadata(event.metadata, event.created);
  return {
    id: event.id,
    stream: event.streamId,
    revision: Number(event.revision),
    type: event.type,
    data: event.data,
    metadata,
    recordedAt,
    position: encodePosition(event.position),
  };
}

function splitMetadata(raw: unknown, created: Date): { metadata: Record<string, unknown>; recordedAt: string } {
  const isObject = raw !== null && typeof raw === 'object' && !Array.isArray(raw) && !(raw instanceof Uint8Array);
  const metadata: Record<string, unknown> = {};
  let recordedAt = created.toISOString();
  for (const [key, value] of Object.entries(isObject ? raw : {})) {
    if (key === RECORDED_AT_KEY) {
      if (typeof value === 'string' && !Number.isNaN(Date.parse(value))) recordedAt = new Date(value).toISOString();
    } else if (!SERVER_METADATA_PREFIXES.some((prefix) => key.startsWith(prefix))) {
      metadata[key] = value;
    }
  }
  return { metadata, recordedAt };
}

/** What one append request turned out to be once checked against the events already in its stream. */
export type PlannedAppend =
  | { kind: 'stored'; result: AppendResult }
  | { kind: 'write'; stream: string; revision: number; duplicate: boolean };

export interface StreamWrite {
  stream: string;
  events: NewEvent[];
  state: StreamState;
}

export interface AppendPlan {
  appends: PlannedAppend[];
  /** One write per stream (a multi-stream append takes each stream once), each with the exact state read. */
  writes: StreamWrite[];
}

interface KnownEvent {
  stream: string;
  hash: string;
  revision: number;
  stored?: StoredEvent;
}

/**
 * Checks a batch of append requests, in order, against the current events of their streams, as
 * the embedded store does inside its transaction: a first event id already stored with the same
 * content makes the request an idempotent retry; a reused id with other content throws
 * DuplicateEventIdError; a wrong expectation throws ConcurrencyError. Ids are only compared with
 * the streams in `current` and with the batch itself.
 */
export function planAppends(
  requests: readonly AppendRequest[],
  current: ReadonlyMap<string, readonly StoredEvent[]>,
): AppendPlan {
  const known = new Map<string, KnownEvent>();
  const revisions = new Map<string, number | undefined>();
  for (const [stream, events] of current) {
    for (const e of events) known.set(e.id, { stream, hash: hashOf(stream, e), revision: e.revision, stored: e });
    revisions.set(stream, events.at(-1)?.revision);
  }
  const writes = new Map<string, StreamWrite>();
  const appends = requests.map(({ stream, events, expectedRevision }): PlannedAppend => {
    if (events.length === 0) throw new RangeError('an append needs at least one event');
    const hashes = events.map((e) => hashOf(stream, e));
    const matches = events.map((e) => known.get(e.id));
    if (matches[0] !== undefined) {
      matches.forEach((m, i) => {
        if (!m || m.stream !== stream || m.hash !== hashes[i])
          throw new DuplicateEventIdError(events[i]!.id, m?.stream ?? stream);
      });
      const last = matches.at(-1)!;
      return last.stored
        ? {
            kind: 'stored',
            result: {
              stream,
              revision: last.revision,
              position: last.stored.position,
              recordedAt: last.stored.recordedAt,
              duplicate: true,
            },
          }
        : { kind: 'write', stream, revision: last.revision, duplicate: true };
    }
    matches.forEach((m, i) => {
      if (m) throw new DuplicateEventIdError(events[i]!.id, m.stream);
    });
    const revision = revisions.get(stream);
    assertExpectedRevision(stream, expectedRevision, revision);
    const write = writes.get(stream) ?? { stream, events: [], state: exactStreamState(revision) };
    writes.set(stream, write);
    let next = revision ?? -1;
    events.forEach((e, i) => {
      next += 1;
      write.events.push(e);
      known.set(e.id, { stream, hash: hashes[i]!, revision: next });
    });
    revisions.set(stream, next);
    return { kind: 'write', stream, revision: next, duplicate: false };
  });
  return { appends, writes: [...writes.values()] };
}

function hashOf(stream: string, event: { type: string; data: unknown }): string {
  return contentHash({ stream, type: event.type, data: event.data });
}
