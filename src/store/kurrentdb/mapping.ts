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
import { type AppendPlan, type LoggedEvent, type NewRow, RECORDED_AT_KEY } from '../append-plan.js';
import { ConcurrencyError, StoreUnavailableError } from '../errors.js';
import type { AppendRequest, ExpectedRevision, Position, ReadFilter, StoredEvent } from '../event-store.js';

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

/**
 * A planned row as the client's event (the client serialises any JSON value; its `JSONType` only
 * names the usual shapes). The planner takes a migrated event's time out of its metadata; it goes
 * back there, where reads find it (see `toStoredEvent`).
 */
export function toEventData(row: NewRow): EventData {
  const metadata = row.claimedAt === undefined ? row.metadata : { ...row.metadata, [RECORDED_AT_KEY]: row.claimedAt };
  return jsonEvent({
    id: row.id,
    type: row.type,
    data: row.data as JSONType,
    metadata: Object.keys(metadata).length > 0 ? metadata : undefined,
  });
}

/** Multi-stream append carries metadata as string properties only: other values are refused before anything is written. */
export function toMultiStreamEventData(row: NewRow): EventData {
  for (const [key, value] of Object.entries(row.metadata)) {
    if (typeof value !== 'string') {
      throw new TypeError(
        `metadata "${key}" of event ${row.id} must be a string to append to several KurrentDB streams at once`,
      );
    }
  }
  return toEventData(row);
}

/** @throws when the server sends no position (servers before 22.6). */
export function positionOf(event: RecordedEvent): LogPosition {
  if (!event.position)
    throw new Error(`KurrentDB sent event ${event.id} without its position: the server must be 22.6 or later`);
  return event.position;
}

/** @throws when the server sends no position (servers before 22.6). */
export function toStoredEvent(event: RecordedEvent): StoredEvent {
  const position = positionOf(event);
  const { metadata, recordedAt } = splitMetadata(event.metadata, event.created);
  return {
    id: event.id,
    stream: event.streamId,
    revision: Number(event.revision),
    type: event.type,
    data: event.data,
    metadata,
    recordedAt,
    position: encodePosition(position),
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

/**
 * What the shared planner reads from the streams a batch names, read just before planning. KurrentDB
 * keeps no index of all event ids, so the ids a batch may repeat are looked for in those streams
 * only (an id reused in another stream goes unseen). `logged`: their events with the batch's ids;
 * `revisions`: the last revision of each of them that has events.
 */
export function planInputs(
  requests: readonly AppendRequest[],
  current: ReadonlyMap<string, readonly StoredEvent[]>,
): { logged: LoggedEvent[]; revisions: Map<string, number> } {
  const ids = new Set(requests.flatMap((r) => r.events.map((e) => e.id)));
  const logged: LoggedEvent[] = [];
  const revisions = new Map<string, number>();
  for (const [stream, events] of current) {
    for (const e of events) if (ids.has(e.id)) logged.push(e);
    const last = events.at(-1);
    if (last) revisions.set(stream, last.revision);
  }
  return { logged, revisions };
}

export interface StreamWrite {
  stream: string;
  rows: NewRow[];
  state: StreamState;
}

/**
 * A plan's rows as KurrentDB appends: one write per stream (a multi-stream append takes each
 * stream once), rows in the plan's order. KurrentDB numbers revisions itself and checks the expected
 * state on the server: each write carries the exact revision the plan was made on (never `any`),
 * so the server numbers the rows as the planner did, or refuses the write when another writer came
 * in between (the store then reads and plans again).
 */
export function streamWrites(plan: AppendPlan): StreamWrite[] {
  const writes = new Map<string, StreamWrite>();
  for (const row of plan.rows) {
    let write = writes.get(row.stream);
    if (!write) {
      write = { stream: row.stream, rows: [], state: exactStreamState(plan.readRevisions.get(row.stream)) };
      writes.set(row.stream, write);
    }
    write.rows.push(row);
  }
  return [...writes.values()];
}
