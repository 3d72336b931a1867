import { KurrentDBClient, StreamNotFoundError } from '@kurrent/kurrentdb-client';
import type { Position as LogPosition } from '@kurrent/kurrentdb-client';
import type { Logger } from 'pino';
import { type AppendPlan, planAppends } from '../append-plan.js';
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
import { FollowFaults, type FollowSource, follow } from '../follow.js';
import { LiveSubscription, kurrentFollowSource, lastPosition, scanAll } from './follow-source.js';
import {
  type StreamWrite,
  comparePositions,
  encodePosition,
  planInputs,
  streamWrites,
  toEventData,
  toMultiStreamEventData,
  toPortError,
  toStoredEvent,
} from './mapping.js';

export interface KurrentDbEventStoreOptions {
  /** How long `check()` waits for the server. */
  checkTimeoutMs?: number;
  /** How long a subscription waits for a wake-up before reading anyway (the live subscription can drop). */
  pollMs?: number;
  /** Read-check-append cycles tried when another writer appends between the read and the write. */
  appendAttempts?: number;
  /** Where subscriptions that fail to read, and the live subscription's losses, are logged. */
  log?: Logger;
}

/**
 * The event store on a KurrentDB server or cluster.
 *
 * Appends are planned by the planner every store uses (`planAppends`: retries, duplicate ids,
 * expected revisions, numbering). KurrentDB only remembers recent event ids unless the exact
 * expected revision is given, so every append first reads its streams (streams are short: one per
 * development), plans against them, and appends with the exact revision it read. An id reused in a
 * different stream (outside the same batch) is not detected: that would need an index of all ids.
 *
 * Subscriptions run the follow loop every store uses, on pages of `$all` (see follow-source.ts).
 *
 * `appendMany` is atomic across streams through multi-stream append, which needs KurrentDB 25.1
 * or later (older servers refuse batches that write to several streams); metadata values must then
 * be strings.
 *
 * `recordedAt` is the server's `created` time, or the `recordedAt` metadata of a migrated event.
 */
export class KurrentDbEventStore implements EventStore {
  private readonly client: KurrentDBClient;
  private readonly options: Required<Omit<KurrentDbEventStoreOptions, 'log'>>;
  private readonly faults: FollowFaults;
  private readonly live: LiveSubscription;
  private readonly followSource: FollowSource;
  private closed = false;

  constructor(connectionString: string, options: KurrentDbEventStoreOptions = {}) {
    const { log, ...rest } = options;
    this.client = KurrentDBClient.connectionString(connectionString);
    this.options = { checkTimeoutMs: 5_000, pollMs: 1_000, appendAttempts: 5, ...rest };
    this.faults = new FollowFaults(log);
    this.live = new LiveSubscription(this.client, log);
    this.followSource = kurrentFollowSource(this.client, this.live, {
      pollMs: this.options.pollMs,
      isClosed: () => this.closed,
      faults: this.faults,
    });
  }

  append(stream: string, events: NewEvent[], expectedRevision: ExpectedRevision): Promise<AppendResult> {
    return this.appendMany([{ stream, events, expectedRevision }]).then((results) => results[0]!);
  }

  async appendMany(requests: AppendRequest[]): Promise<AppendResult[]> {
    this.assertOpen();
    const streams = [...new Set(requests.map((r) => r.stream))];
    for (let attempt = 1; ; attempt++) {
      const current = new Map(
        await Promise.all(streams.map(async (s) => [s, await this.readEvents(s, true)] as const)),
      );
      const { logged, revisions } = planInputs(requests, current);
      const plan = planAppends(requests, logged, revisions);
      try {
        await this.write(streamWrites(plan));
      } catch (error) {
        const mapped = toPortError(error, requests);
        // Re-reading tells a real conflict from a lost race under 'any' or a concurrent retry of this same append.
        if (mapped instanceof ConcurrencyError && attempt < this.options.appendAttempts) continue;
        throw mapped;
      }
      if (plan.rows.length > 0) this.live.notify();
      return this.results(plan);
    }
  }

  private async write(writes: StreamWrite[]): Promise<void> {
    if (writes.length === 1) {
      const { stream, rows, state } = writes[0]!;
      await this.client.appendToStream(stream, rows.map(toEventData), { streamState: state });
    } else if (writes.length > 1) {
      const requests = writes.map((w) => ({
        streamName: w.stream,
        events: w.rows.map(toMultiStreamEventData),
        expectedState: w.state,
      }));
      await this.client.multiStreamAppend(requests);
    }
  }

  /**
   * The server gives out positions and times: they are read back from the stored events (also for
   * a duplicate within the batch), so a retry later gets the very same answer.
   */
  private async results(plan: AppendPlan): Promise<AppendResult[]> {
    const written = new Map<string, Promise<StoredEvent>>();
    const eventAt = (stream: string, revision: number): Promise<StoredEvent> => {
      const key = `${revision}@${stream}`;
      if (!written.has(key)) written.set(key, this.readEventAt(stream, revision));
      return written.get(key)!;
    };
    return Promise.all(
      plan.results.map(async (planned) => {
        if (planned.kind === 'logged') return planned.result;
        const event = await eventAt(planned.stream, planned.revision);
        return {
          stream: planned.stream,
          revision: planned.revision,
          position: event.position,
          recordedAt: event.recordedAt,
          duplicate: planned.duplicate,
        };
      }),
    );
  }

  private async readEventAt(stream: string, revision: number): Promise<StoredEvent> {
    try {
      for await (const resolved of this.client.readStream(stream, {
        fromRevision: BigInt(revision),
        maxCount: 1,
        requiresLeader: true,
      })) {
        if (resolved.event) return toStoredEvent(resolved.event);
      }
    } catch (error) {
      throw toPortError(error);
    }
    throw new Error(`event ${revision} of stream ${stream} is not readable right after its append`);
  }

  async readStream(stream: string): Promise<StoredEvent[]> {
    this.assertOpen();
    return this.readEvents(stream, false);
  }

  private async readEvents(stream: string, requiresLeader: boolean): Promise<StoredEvent[]> {
    const events: StoredEvent[] = [];
    try {
      for await (const resolved of this.client.readStream(stream, { requiresLeader })) {
        if (resolved.event) events.push(toStoredEvent(resolved.event));
      }
    } catch (error) {
      if (error instanceof StreamNotFoundError) return [];
      throw toPortError(error);
    }
    return events;
  }

  async readAll({ after, filter, limit = 1000 }: ReadAllOptions = {}): Promise<StoredEvent[]> {
    this.assertOpen();
    try {
      return (await scanAll(this.client, after, filter, limit)).events;
    } catch (error) {
      throw toPortError(error);
    }
  }

  subscribe(options: Omit<ReadAllOptions, 'limit'> = {}): Subscription {
    this.assertOpen();
    return follow(this.followSource, options);
  }

  async head(): Promise<Position | undefined> {
    this.assertOpen();
    const last = await this.lastPosition(true);
    return last && encodePosition(last);
  }

  comparePositions(a: Position, b: Position): number {
    return comparePositions(a, b);
  }

  /** Reads the last record of `$all` within the time limit: fails fast when no node answers. */
  async check(): Promise<void> {
    this.assertOpen();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new StoreUnavailableError(`KurrentDB did not answer within ${this.options.checkTimeoutMs} ms`)),
        this.options.checkTimeoutMs,
      );
    });
    try {
      await Promise.race([this.lastPosition(false), timeout]);
    } finally {
      clearTimeout(timer);
    }
    this.faults.assertNone();
  }

  private async lastPosition(skipSystemEvents: boolean): Promise<LogPosition | undefined> {
    try {
      return await lastPosition(this.client, skipSystemEvents);
    } catch (error) {
      throw toPortError(error);
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.live.close();
    await this.client.dispose();
  }

  private assertOpen(): void {
    if (this.closed) throw new StoreUnavailableError('event store is closed');
  }
}
