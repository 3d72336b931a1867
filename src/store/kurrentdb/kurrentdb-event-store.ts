import {
  BACKWARDS,
  END,
  KurrentDBClient,
  START,
  StreamNotFoundError,
  excludeSystemEvents,
} from '@kurrent/kurrentdb-client';
import type { AllStreamSubscription, Position as LogPosition } from '@kurrent/kurrentdb-client';
import { retryDelay } from '../../retry-delay.js';
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
import {
  type StreamWrite,
  compareLogPositions,
  comparePositions,
  decodePosition,
  encodePosition,
  planFilter,
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
  /** Subscriptions reconnect after a drop with exponential backoff between these bounds. */
  reconnectInitialMs?: number;
  reconnectMaxMs?: number;
  /** Read-check-append cycles tried when another writer appends between the read and the write. */
  appendAttempts?: number;
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
 * `appendMany` is atomic across streams through multi-stream append, which needs KurrentDB 25.1
 * or later (older servers refuse batches that write to several streams); metadata values must then
 * be strings.
 *
 * `recordedAt` is the server's `created` time, or the `recordedAt` metadata of a migrated event.
 */
export class KurrentDbEventStore implements EventStore {
  private readonly client: KurrentDBClient;
  private readonly options: Required<KurrentDbEventStoreOptions>;
  private readonly subscriptions = new Set<() => void>();
  private closed = false;

  constructor(connectionString: string, options: KurrentDbEventStoreOptions = {}) {
    this.client = KurrentDBClient.connectionString(connectionString);
    this.options = {
      checkTimeoutMs: 5_000,
      reconnectInitialMs: 100,
      reconnectMaxMs: 10_000,
      appendAttempts: 5,
      ...options,
    };
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
    const from = after === undefined ? undefined : decodePosition(after);
    const plan = planFilter(filter);
    const events: StoredEvent[] = [];
    if (limit <= 0) return events;
    try {
      for await (const resolved of this.client.readAll({ fromPosition: from ?? START, filter: plan.server })) {
        const event = resolved.event;
        // A read from a position may include the event at that position; the port's `after` excludes it.
        if (!event || (from && compareLogPositions(event.position, from) <= 0)) continue;
        if (!plan.matches(event.type, event.streamId)) continue;
        events.push(toStoredEvent(event));
        if (events.length >= limit) break;
      }
    } catch (error) {
      throw toPortError(error);
    }
    return events;
  }

  subscribe(options: Omit<ReadAllOptions, 'limit'> = {}): Subscription {
    this.assertOpen();
    const plan = planFilter(options.filter);
    let last = options.after === undefined ? undefined : decodePosition(options.after);
    let open = true;
    let live: AllStreamSubscription | undefined;
    let wake: (() => void) | undefined;
    const close = (): void => {
      open = false;
      this.subscriptions.delete(close);
      wake?.();
      if (live) stop(live);
    };
    const store = this;
    async function* follow(): AsyncGenerator<StoredEvent> {
      let failures = 0;
      while (open) {
        const subscription = store.client.subscribeToAll({ fromPosition: last ?? START, filter: plan.server });
        live = subscription;
        // Failures reach the loop through the iterator; this listener only keeps a late one from crashing the process.
        subscription.on('error', () => undefined);
        subscription.on('confirmation', () => {
          failures = 0;
        });
        try {
          for await (const resolved of subscription) {
            const event = resolved.event;
            // After a reconnection the server may resend up to the resume point.
            if (!event || (last && compareLogPositions(event.position, last) <= 0)) continue;
            last = event.position;
            if (plan.matches(event.type, event.streamId)) yield toStoredEvent(event);
            if (!open) return;
          }
        } catch (error) {
          if (!open) return;
          const mapped = toPortError(error);
          if (!(mapped instanceof StoreUnavailableError)) throw mapped;
        } finally {
          stop(subscription);
        }
        if (!open) return;
        await new Promise<void>((resolve) => {
          const timer = setTimeout(
            resolve,
            retryDelay(++failures, store.options.reconnectInitialMs, store.options.reconnectMaxMs),
          );
          wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
      }
    }
    this.subscriptions.add(close);
    const iterator = follow();
    return { [Symbol.asyncIterator]: () => iterator, close };
  }

  async head(): Promise<Position | undefined> {
    this.assertOpen();
    const last = await this.lastEvent(true);
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
      await Promise.race([this.lastEvent(false), timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  private async lastEvent(skipSystemEvents: boolean): Promise<LogPosition | undefined> {
    const filter = skipSystemEvents ? excludeSystemEvents() : undefined;
    try {
      for await (const resolved of this.client.readAll({
        direction: BACKWARDS,
        fromPosition: END,
        maxCount: 1,
        filter,
      })) {
        return resolved.event?.position;
      }
    } catch (error) {
      throw toPortError(error);
    }
    return undefined;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const close of [...this.subscriptions]) close();
    await this.client.dispose();
  }

  private assertOpen(): void {
    if (this.closed) throw new StoreUnavailableError('event store is closed');
  }
}

function stop(subscription: AllStreamSubscription): void {
  subscription.unsubscribe().catch(() => undefined);
  subscription.destroy();
}
