import { canonicalJson } from './canonical-json.js';
import { ConcurrencyError, DuplicateEventIdError } from './errors.js';
import type { AppendRequest, AppendResult, ExpectedRevision, NewEvent } from './event-store.js';

/** Metadata key holding a migrated event's original transaction time (see `migrateLog`). */
export const RECORDED_AT_KEY = 'recordedAt';

/** An event already in the log, as far as checking a new append needs it. */
export interface LoggedEvent {
  id: string;
  stream: string;
  revision: number;
  type: string;
  data: unknown;
  position: string;
  recordedAt: string;
}

/** A row to insert; its position and time are given out when the transaction reserves them. */
export interface NewRow {
  id: string;
  stream: string;
  revision: number;
  type: string;
  data: unknown;
  metadata: Record<string, unknown>;
  /** A migrated event's original time. */
  claimedAt?: string;
}

/** The answer to one request: already in the log, or written by this transaction's row `row`. */
export type PlannedResult =
  | { kind: 'logged'; result: AppendResult }
  | { kind: 'row'; stream: string; revision: number; row: number; duplicate: boolean };

export interface AppendPlan {
  rows: NewRow[];
  results: PlannedResult[];
  /** The revision each written stream had when the plan was made. */
  readRevisions: Map<string, number | undefined>;
}

type Known = { stream: string; type: string; content: string } & (
  | { logged: LoggedEvent }
  | { row: number; revision: number }
);

/**
 * Decides what a batch of appends writes, request by request (the one planner of every store: the
 * embedded one calls it inside its transaction, PostgreSQL before its insert): a first event id already stored with the same content makes the request a retry that
 * is answered as before; an id stored with other content, in any stream, is a DuplicateEventIdError;
 * a wrong expected revision a ConcurrencyError. `logged` holds the log's events with the batch's ids,
 * `revisions` the last revision of each stream the batch names.
 */
export function planAppends(
  requests: readonly AppendRequest[],
  logged: readonly LoggedEvent[],
  revisions: ReadonlyMap<string, number>,
): AppendPlan {
  const known = new Map<string, Known>();
  for (const e of logged)
    known.set(e.id, { stream: e.stream, type: e.type, content: canonicalJson(e.data), logged: e });
  const current = new Map<string, number | undefined>();
  const readRevisions = new Map<string, number | undefined>();
  const rows: NewRow[] = [];
  const results = requests.map(({ stream, events, expectedRevision }): PlannedResult => {
    if (events.length === 0) throw new RangeError('an append needs at least one event');
    const matches = events.map((e) => known.get(e.id));
    if (matches[0] !== undefined) return retryOf(stream, events, matches);
    for (const [i, match] of matches.entries()) if (match) throw new DuplicateEventIdError(events[i]!.id, match.stream);
    if (!current.has(stream)) current.set(stream, revisions.get(stream));
    if (!readRevisions.has(stream)) readRevisions.set(stream, revisions.get(stream));
    let revision = current.get(stream);
    checkExpected(stream, expectedRevision, revision);
    for (const event of events) {
      revision = (revision ?? -1) + 1;
      const row = toRow(event, stream, revision);
      known.set(event.id, { stream, type: event.type, content: contentOf(event), row: rows.length, revision });
      rows.push(row);
    }
    current.set(stream, revision);
    return { kind: 'row', stream, revision: revision!, row: rows.length - 1, duplicate: false };
  });
  return { rows, results, readRevisions };
}

function retryOf(stream: string, events: NewEvent[], matches: (Known | undefined)[]): PlannedResult {
  for (const [i, match] of matches.entries()) {
    const event = events[i]!;
    const same =
      match !== undefined && match.stream === stream && match.type === event.type && match.content === contentOf(event);
    if (!same) throw new DuplicateEventIdError(event.id, match?.stream ?? stream);
  }
  const last = matches[matches.length - 1]!;
  if ('logged' in last) {
    const { revision, position, recordedAt } = last.logged;
    return { kind: 'logged', result: { stream, revision, position, recordedAt, duplicate: true } };
  }
  return { kind: 'row', stream, revision: last.revision, row: last.row, duplicate: true };
}

const contentOf = (event: NewEvent): string => canonicalJson(event.data ?? null);

function toRow(event: NewEvent, stream: string, revision: number): NewRow {
  const { [RECORDED_AT_KEY]: claimed, ...metadata } = event.metadata ?? {};
  const row: NewRow = { id: event.id, stream, revision, type: event.type, data: event.data ?? null, metadata };
  if (typeof claimed === 'string' && !Number.isNaN(Date.parse(claimed)))
    row.claimedAt = new Date(claimed).toISOString();
  else if (claimed !== undefined) row.metadata = { ...metadata, [RECORDED_AT_KEY]: claimed };
  return row;
}

/**
 * The revisions a batch's expectations name, as if the log held exactly that: a plan made on them
 * needs no read first, and holds when the insert finds those revisions there (and the unique
 * indexes find nothing else). Undefined when an expectation (`any`, `exists`) needs the log.
 */
export function expectedRevisions(requests: readonly AppendRequest[]): Map<string, number> | undefined {
  const revisions = new Map<string, number>();
  const seen = new Set<string>();
  for (const { stream, expectedRevision } of requests) {
    if (expectedRevision === 'any' || expectedRevision === 'exists') return undefined;
    if (seen.has(stream)) continue;
    seen.add(stream);
    if (typeof expectedRevision === 'number') revisions.set(stream, expectedRevision);
  }
  return revisions;
}

export function checkExpected(stream: string, expected: ExpectedRevision, current: number | undefined): void {
  if (expected === 'any') return;
  const ok =
    expected === 'no_stream'
      ? current === undefined
      : expected === 'exists'
        ? current !== undefined
        : current === expected;
  if (!ok) throw new ConcurrencyError(stream, expected, current ?? 'no_stream');
}
