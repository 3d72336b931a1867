import { randomUUID } from 'node:crypto';
import pg from 'pg';
import type { Logger } from 'pino';
import { ConcurrencyError, StoreUnavailableError } from '../errors.js';
import type {
  AppendRequest,
  AppendResult,
  EventStore,
  ExpectedRevision,
  NewEvent,
  Position,
  ReadAllOptions,
  StoredEvent,
  Subscription,
} from '../event-store.js';
import { type AppendPlan, type LoggedEvent, expectedRevisions, planAppends } from '../append-plan.js';
import { FollowFaults, type FollowSource, follow } from '../follow.js';
import { LiveWakeup, CHANNEL } from './live-wakeup.js';
import { isRetryable, toPortError } from './pg-errors.js';
import { comparePositions, parsePosition } from './positions.js';
import { migrateSchema } from './schema.js';
import {
  type EventRow,
  HEAD,
  type RevisionGuard,
  insertRows,
  readForAppend,
  readPage,
  readStream,
} from './statements.js';

export interface PostgresEventStoreOptions {
  /** Connections in the pool (the LISTEN connection comes on top). */
  poolSize?: number;
  /** How long `check()` and a new connection may take. */
  timeoutMs?: number;
  /** How often a live subscription looks for new events when no notification came. */
  pollMs?: number;
  /** Where subscriptions that fail to read, and the LISTEN connection's losses, are logged. */
  log?: Logger;
}

/** Tries of an append that lost a race (same id or stream revision written concurrently) before it gives up. */
const APPEND_ATTEMPTS = 10;

interface Page {
  events: StoredEvent[];
  /** The last event below the safe horizon, matching or not. */
  head?: string;
  /** True when committed events wait above the horizon for an older transaction to finish. */
  heldBack: boolean;
}

/**
 * The event store on a PostgreSQL server, shared by any number of service instances: one table in
 * the spirit of message-db, a unique index on event ids (a retry is recognised in any stream), the
 * expected revision enforced by a unique (stream, revision) index in the same statement as the insert.
 *
 * Positions come from a sequence, and transactions commit out of that order; readers therefore read
 * only below a safe horizon (see `timeline.reserve` in schema.ts), so a subscription never skips an
 * event that commits late. Subscribers wake on NOTIFY, sent after each commit.
 */
export class PostgresEventStore implements EventStore {
  private readonly pool: pg.Pool;
  private readonly live: LiveWakeup;
  private readonly self = randomUUID();
  private readonly options: Required<Omit<PostgresEventStoreOptions, 'log'>>;
  private readonly faults: FollowFaults;
  private readonly followSource: FollowSource;
  private schema: Promise<void> | undefined;
  private signalling: Promise<void> | undefined;
  private signalAgain = false;
  private closed = false;

  constructor(
    readonly connectionString: string,
    options: PostgresEventStoreOptions = {},
  ) {
    const { log, ...rest } = options;
    this.options = { poolSize: 10, timeoutMs: 5000, pollMs: 1000, ...rest };
    this.faults = new FollowFaults(log);
    this.pool = new pg.Pool({
      connectionString,
      max: this.options.poolSize,
      connectionTimeoutMillis: this.options.timeoutMs,
      application_name: 'timeline',
    });
    // An idle connection the server dropped is replaced on the next query; nothing to do here.
    this.pool.on('error', () => undefined);
    this.live = new LiveWakeup(connectionString, this.self, log);
    this.followSource = {
      readPage: async (after, filter, limit) => {
        await this.ready();
        return this.readPage({ after, filter, limit });
      },
      nextCommit: () => this.live.next(),
      pollMs: this.options.pollMs,
      isClosed: () => this.closed,
      comparePositions,
      faults: this.faults,
    };
  }

  append(stream: string, events: NewEvent[], expectedRevision: ExpectedRevision): Promise<AppendResult> {
    return this.appendMany([{ stream, events, expectedRevision }]).then((results) => results[0]!);
  }

  /**
   * New streams and exact expected revisions are written at once, checked by the insert itself;
   * when that finds something in the way (an id already stored, a stream elsewhere) or an
   * expectation needs the log, the log is read first and the batch planned against it.
   */
  async appendMany(requests: AppendRequest[]): Promise<AppendResult[]> {
    await this.ready();
    if (requests.length === 0) return [];
    const blind = blindPlan(requests);
    if (blind) {
      const written = await this.insert(
        blind,
        [...blind.readRevisions].flatMap(([stream, revision]) =>
          revision === undefined ? [] : [{ stream, revision }],
        ),
      );
      if (written) return written;
    }
    const ids = requests.flatMap((r) => r.events.map((e) => e.id));
    const streams = [...new Set(requests.map((r) => r.stream))];
    for (let attempt = 1; ; attempt++) {
      const plan = await this.plan(requests, ids, streams);
      // Every request is a retry of events already in the log: nothing to write.
      if (plan.rows.length === 0) return results(plan, 0n, []);
      const written = await this.insert(plan, []);
      if (written) return written;
      if (attempt === APPEND_ATTEMPTS) throw await this.conflictIn(plan, requests);
    }
  }

  /** Writes the plan's rows; undefined when a guard or a unique index stopped it (a concurrent writer, a retry). */
  private async insert(plan: AppendPlan, guards: RevisionGuard[]): Promise<AppendResult[] | undefined> {
    try {
      const { rows } = await this.query<{ first_position: string; recorded_ms: string[] }>(
        insertRows(plan.rows, guards),
      );
      if (rows.length === 0) return undefined;
      this.signal();
      return results(plan, BigInt(rows[0]!.first_position), rows[0]!.recorded_ms);
    } catch (error) {
      if (isRetryable(error)) return undefined;
      throw error;
    }
  }

  private async plan(requests: AppendRequest[], ids: string[], streams: string[]): Promise<AppendPlan> {
    const { rows } = await this.query<EventRow & { last_revision: number | null }>(readForAppend(ids, streams));
    const logged: LoggedEvent[] = [];
    const revisions = new Map<string, number>();
    for (const row of rows) {
      if (row.last_revision !== null) revisions.set(row.stream, row.last_revision);
      else logged.push(toStoredEvent(row));
    }
    return planAppends(requests, logged, revisions);
  }

  /** Other writers kept winning the race for a stream: report the first stream that moved. */
  private async conflictIn(plan: AppendPlan, requests: AppendRequest[]): Promise<ConcurrencyError> {
    for (const [stream, read] of plan.readRevisions) {
      const events = await this.readStream(stream);
      const actual = events.at(-1)?.revision;
      if (actual !== read) {
        const expected = requests.find((r) => r.stream === stream)!.expectedRevision;
        return new ConcurrencyError(stream, expected, actual ?? 'no_stream');
      }
    }
    const first = requests[0]!;
    return new ConcurrencyError(
      first.stream,
      first.expectedRevision,
      plan.readRevisions.get(first.stream) ?? 'no_stream',
    );
  }

  /** Wakes this process's subscribers now and, through NOTIFY, other processes'; concurrent commits share one. */
  private signal(): void {
    this.live.notify();
    if (this.signalling) {
      this.signalAgain = true;
      return;
    }
    this.signalling = (async () => {
      do {
        this.signalAgain = false;
        await this.pool.query('SELECT pg_notify($1, $2)', [CHANNEL, this.self]).catch(() => undefined);
      } while (this.signalAgain && !this.closed);
      this.signalling = undefined;
    })();
  }

  async readStream(stream: string): Promise<StoredEvent[]> {
    await this.ready();
    return (await this.query<EventRow>(readStream(stream))).rows.map(toStoredEvent);
  }

  async readAll(options: ReadAllOptions = {}): Promise<StoredEvent[]> {
    await this.ready();
    return (await this.readPage(options)).events;
  }

  private async readPage({ after, filter, limit = 1000 }: ReadAllOptions): Promise<Page> {
    const from = after === undefined ? 0n : parsePosition(after);
    if (limit <= 0) return { events: [], heldBack: false };
    type PageRow = EventRow & { head: string | null; latest: string | null };
    const { rows } = await this.query<PageRow>(readPage(from, filter, limit));
    const first = rows[0];
    return {
      events: rows.filter((r) => r.position !== null).map(toStoredEvent),
      head: first?.head ?? undefined,
      heldBack: first?.latest != null && first.latest !== first.head,
    };
  }

  subscribe(options: Omit<ReadAllOptions, 'limit'> = {}): Subscription {
    return follow(this.followSource, options);
  }

  async head(): Promise<Position | undefined> {
    await this.ready();
    // Bounded like `check()`: readiness asks for the head, and a table locked by another session
    // would otherwise hold the probe (and what waits on it) until the lock goes.
    const config = { ...HEAD, query_timeout: this.options.timeoutMs } as pg.QueryConfig;
    return (await this.query<{ position: string }>(config)).rows[0]?.position;
  }

  comparePositions(a: Position, b: Position): number {
    return comparePositions(a, b);
  }

  async check(): Promise<void> {
    await this.ready();
    await this.query({ text: 'SELECT 1', query_timeout: this.options.timeoutMs } as pg.QueryConfig);
    this.faults.assertNone();
  }

  /** Waits for appends in progress, then closes the pool and the LISTEN connection. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.signalling;
    await this.live.close();
    await this.pool.end();
  }

  /** Creates or upgrades the schema once; a failed attempt (server down) is tried again on the next call. */
  private ready(): Promise<void> {
    if (this.closed) return Promise.reject(new StoreUnavailableError('event store is closed'));
    this.schema ??= migrateSchema(this.pool).catch((error: unknown) => {
      this.schema = undefined;
      throw toPortError(error);
    });
    return this.schema;
  }

  private async query<R extends pg.QueryResultRow>(config: pg.QueryConfig): Promise<pg.QueryResult<R>> {
    try {
      return await this.pool.query<R>(config);
    } catch (error) {
      throw isRetryable(error) ? error : toPortError(error);
    }
  }
}

/** A plan made on the expectations alone; undefined when they need the log or contradict each other. */
function blindPlan(requests: AppendRequest[]): AppendPlan | undefined {
  const expected = expectedRevisions(requests);
  if (!expected) return undefined;
  try {
    return planAppends(requests, [], expected);
  } catch {
    return undefined;
  }
}

function results(plan: AppendPlan, first: bigint, recordedMs: string[]): AppendResult[] {
  const recordedAt = (row: number) => new Date(Number(recordedMs[row])).toISOString();
  return plan.results.map((planned) => {
    if (planned.kind === 'logged') return planned.result;
    const { stream, revision, row, duplicate } = planned;
    return { stream, revision, position: String(first + BigInt(row)), recordedAt: recordedAt(row), duplicate };
  });
}

function toStoredEvent(row: EventRow): StoredEvent {
  return {
    id: row.id,
    stream: row.stream,
    revision: row.revision,
    type: row.type,
    data: row.data,
    metadata: row.metadata,
    recordedAt: row.recorded_at.toISOString(),
    position: row.position,
  };
}
