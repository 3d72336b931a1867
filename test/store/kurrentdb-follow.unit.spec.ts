import { randomUUID } from 'node:crypto';
import { PassThrough } from 'node:stream';
import { BACKWARDS, END, START, UnavailableError } from '@kurrent/kurrentdb-client';
import type {
  AllStreamRecordedEvent,
  AllStreamResolvedEvent,
  AllStreamSubscription,
  Filter,
  Position as LogPosition,
  ReadAllOptions as ClientReadAllOptions,
  SubscribeToAllOptions,
} from '@kurrent/kurrentdb-client';
import { DEVELOPMENT_STREAM, developmentStream, entityStream } from '../../events/index.js';
import { StoreUnavailableError } from '../../src/store/errors.js';
import type { StoredEvent } from '../../src/store/event-store.js';
import { FollowFaults, follow } from '../../src/store/follow.js';
import {
  LiveSubscription,
  type LogClient,
  followPage,
  kurrentFollowSource,
} from '../../src/store/kurrentdb/follow-source.js';
import { encodePosition } from '../../src/store/kurrentdb/mapping.js';

type FakeSubscription = AllStreamSubscription & PassThrough;

/**
 * `$all` as KurrentDB's client shows it, in memory: the client's reads and subscriptions over a
 * list of records, so that what the adapter feeds the shared follow loop can be pinned without a
 * server. Reads from a position include the record at it, as the server's may.
 */
class FakeLog implements LogClient {
  readonly records: AllStreamRecordedEvent[] = [];
  readonly reads: ClientReadAllOptions[] = [];
  readonly subscriptions: FakeSubscription[] = [];
  /** Subscriptions the server has confirmed. */
  confirmed = 0;
  /** How many of the next reads fail as an unreachable node does. */
  failingReads = 0;
  private commits = 0n;

  /** Commits an event; the open subscriptions receive it unless `quiet` (not there yet). */
  commit(stream: string, type: string, data: unknown = {}, quiet = false): AllStreamRecordedEvent {
    this.commits += 1n;
    const commit = this.commits * 100n;
    const record = {
      streamId: stream,
      id: randomUUID(),
      revision: BigInt(this.records.filter((r) => r.streamId === stream).length),
      type,
      created: new Date(Date.UTC(2025, 0, 1) + Number(this.commits)),
      data,
      metadata: {},
      isJson: true,
      position: { commit, prepare: commit - 10n },
    } as AllStreamRecordedEvent;
    this.records.push(record);
    if (!quiet) for (const s of this.subscriptions) if (!s.destroyed) s.write({ event: record });
    return record;
  }

  readAll(options: ClientReadAllOptions = {}): AsyncIterableIterator<AllStreamResolvedEvent> {
    this.reads.push(options);
    const failing = this.failingReads > 0;
    if (failing) this.failingReads -= 1;
    const backwards = options.direction === BACKWARDS;
    const from = options.fromPosition ?? (backwards ? END : START);
    let records = this.records.filter((r) => matches(options.filter, r));
    if (backwards) records.reverse();
    if (typeof from === 'object')
      records = records.filter((r) => (backwards ? compare(r.position, from) <= 0 : compare(r.position, from) >= 0));
    else if (from === END && !backwards) records = [];
    records = records.slice(0, Number(options.maxCount ?? Number.MAX_SAFE_INTEGER));
    return (async function* () {
      if (failing) throw new UnavailableError(undefined, 'node down');
      for (const event of records) yield { event };
    })();
  }

  /** From the end only, as the adapter asks; confirmed on the next turn. */
  subscribeToAll(options: SubscribeToAllOptions = {}): AllStreamSubscription {
    expect(options.fromPosition).toBe(END);
    const subscription = new PassThrough({
      objectMode: true,
      transform(chunk: AllStreamResolvedEvent, _encoding, done) {
        done(null, chunk.event && matches(options.filter, chunk.event) ? chunk : undefined);
      },
    });
    const fake = Object.assign(subscription, { unsubscribe: async () => undefined }) as unknown as FakeSubscription;
    this.subscriptions.push(fake);
    setImmediate(() => {
      this.confirmed += 1;
      fake.emit('confirmation');
    });
    return fake;
  }

  lastForwardRead(): ClientReadAllOptions | undefined {
    return this.reads.filter((r) => r.direction !== BACKWARDS).at(-1);
  }
}

function matches(filter: Filter | undefined, record: AllStreamRecordedEvent): boolean {
  if (!filter) return true;
  const subject = filter.filterOn === 'streamName' ? record.streamId : record.type;
  return 'regex' in filter
    ? new RegExp(filter.regex).test(subject)
    : filter.prefixes.some((p) => subject.startsWith(p));
}

function compare(a: LogPosition, b: LogPosition): number {
  return a.commit !== b.commit ? Number(a.commit - b.commit) : Number(a.prepare - b.prepare);
}

async function until(condition: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

async function take(iterator: AsyncIterator<StoredEvent>, count: number): Promise<StoredEvent[]> {
  const events: StoredEvent[] = [];
  while (events.length < count) {
    const next = await iterator.next();
    if (next.done) break;
    events.push(next.value);
  }
  return events;
}

const at = (record: AllStreamRecordedEvent): string => encodePosition(record.position);

describe('KurrentDB under the shared follow loop (its client faked, no server)', () => {
  let log: FakeLog;
  let live: LiveSubscription;
  let closed: boolean;
  let faults: FollowFaults;
  const open = (pollMs: number) => kurrentFollowSource(log, live, { pollMs, isClosed: () => closed, faults });

  beforeEach(() => {
    log = new FakeLog();
    live = new LiveSubscription(log);
    closed = false;
    faults = new FollowFaults();
  });
  afterEach(() => {
    closed = true;
    live.close();
  });

  describe('a page', () => {
    it('holds the events after the position, filtered on the server and here, and skips system events', async () => {
      log.commit('$stats-1', '$statsCollected');
      const [d0, , d2] = [
        log.commit(developmentStream('d0'), 'Wanted', { n: 0 }),
        log.commit(developmentStream('d1'), 'Unwanted'),
        log.commit(developmentStream('d2'), 'Wanted', { n: 2 }),
      ];
      log.commit(entityStream('e1'), 'Wanted');
      const page = await followPage(log, at(d0!), { types: ['Wanted'], streamPrefix: DEVELOPMENT_STREAM }, 10);
      expect(page.events.map((e) => e.data)).toEqual([{ n: 2 }]);
      expect(page.heldBack).toBeUndefined();
      expect(log.lastForwardRead()).toMatchObject({
        fromPosition: d0!.position,
        filter: { filterOn: 'streamName', prefixes: [DEVELOPMENT_STREAM] },
      });
      expect(page.events[0]!.position).toBe(at(d2!));
    });

    it('reaches the end of the log without filling up: its head is the last record, matching or not', async () => {
      const wanted = log.commit(developmentStream('d0'), 'Wanted');
      log.commit(entityStream('e1'), 'Other');
      const last = log.commit('$stats-1', '$statsCollected');
      const page = await followPage(log, undefined, { streamPrefix: DEVELOPMENT_STREAM }, 10);
      expect(page.events.map((e) => e.id)).toEqual([wanted.id]);
      expect(page.head).toBe(at(last));
      const nothing = await followPage(log, at(last), { streamPrefix: DEVELOPMENT_STREAM }, 10);
      expect(nothing).toEqual({ events: [], head: at(last) });
    });

    it('that fills up ends at its last event: the log may go on after it', async () => {
      const events = [0, 1, 2].map((n) => log.commit(developmentStream(`d${n}`), 'A', { n }));
      const page = await followPage(log, undefined, undefined, 2);
      expect(page.events.map((e) => e.data)).toEqual([{ n: 0 }, { n: 1 }]);
      expect(page.head).toBe(at(events[1]!));
    });

    it('of an empty log has no head', async () => {
      expect(await followPage(log, undefined, undefined, 10)).toEqual({ events: [], head: undefined });
    });
  });

  it('catches up after a position, then wakes on the live subscription for another process’s events', async () => {
    const first = [0, 1, 2, 3].map((n) => log.commit(developmentStream(`d${n}`), 'A', { n }));
    log.commit(entityStream('e1'), 'A');
    // Never polls: only a wake-up can bring the live event.
    const subscription = follow(open(Number.POSITIVE_INFINITY), {
      after: at(first[0]!),
      filter: { streamPrefix: DEVELOPMENT_STREAM },
    });
    const iterator = subscription[Symbol.asyncIterator]();
    expect((await take(iterator, 3)).map((e) => e.data)).toEqual([{ n: 1 }, { n: 2 }, { n: 3 }]);
    const next = iterator.next();
    // Confirmed, and the read that its confirmation asks for done: the loop waits.
    await until(() => log.confirmed === 1);
    await new Promise((resolve) => setTimeout(resolve, 20));
    const later = log.commit(developmentStream('d4'), 'A', { n: 4 });
    expect((await next).value?.position).toBe(at(later));
    expect(log.subscriptions).toHaveLength(1);
    subscription.close();
  });

  it("wakes at once on this process's own appends (notify), before the subscription hears of them", async () => {
    const subscription = follow(open(Number.POSITIVE_INFINITY));
    const iterator = subscription[Symbol.asyncIterator]();
    const next = iterator.next();
    await until(() => log.subscriptions.length === 1 && log.reads.length >= 2);
    const own = log.commit(developmentStream('d0'), 'A', {}, true);
    live.notify();
    expect((await next).value?.id).toBe(own.id);
    subscription.close();
  });

  it('goes on after what a page saw to the end, rather than scanning what did not match again', async () => {
    const wanted = log.commit(developmentStream('d0'), 'Wanted');
    log.commit(developmentStream('d1'), 'Unwanted');
    log.commit(entityStream('e1'), 'Wanted');
    const end = log.commit('$stats-1', '$statsCollected');
    const subscription = follow(open(Number.POSITIVE_INFINITY), {
      filter: { types: ['Wanted'], streamPrefix: DEVELOPMENT_STREAM },
    });
    const iterator = subscription[Symbol.asyncIterator]();
    expect((await take(iterator, 1))[0]!.id).toBe(wanted.id);
    const next = iterator.next();
    await until(() => {
      live.notify();
      const from = log.lastForwardRead()?.fromPosition;
      return typeof from === 'object' && compare(from, end.position) === 0;
    });
    subscription.close();
    expect((await next).done).toBe(true);
  });

  it('retries a failing read from the same position with the shared backoff, reported until it reads again', async () => {
    const events = [0, 1, 2].map((n) => log.commit(developmentStream(`d${n}`), 'A', { n }));
    log.failingReads = 3;
    const subscription = follow(open(Number.POSITIVE_INFINITY), { after: at(events[0]!) });
    const iterator = subscription[Symbol.asyncIterator]();
    const delivered = take(iterator, 2);
    await until(() => {
      try {
        faults.assertNone();
        return false;
      } catch (error) {
        return error instanceof StoreUnavailableError && /node down/.test(error.message);
      }
    });
    expect((await delivered).map((e) => e.data)).toEqual([{ n: 1 }, { n: 2 }]);
    expect(() => faults.assertNone()).not.toThrow();
    expect(log.failingReads).toBe(0);
    subscription.close();
  });

  it('opens the live subscription again at the next wait after it drops', async () => {
    const subscription = follow(open(20));
    const iterator = subscription[Symbol.asyncIterator]();
    const next = iterator.next();
    await until(() => log.subscriptions.length === 1);
    log.subscriptions[0]!.destroy(new UnavailableError(undefined, 'connection reset'));
    await until(() => log.subscriptions.length === 2);
    await new Promise((resolve) => setImmediate(resolve));
    const later = log.commit(developmentStream('d0'), 'A');
    expect((await next).value?.id).toBe(later.id);
    expect(log.subscriptions[0]!.destroyed).toBe(true);
    subscription.close();
  });

  it('ends when the store closes, and closes the live subscription', async () => {
    const subscription = follow(open(Number.POSITIVE_INFINITY));
    const next = subscription[Symbol.asyncIterator]().next();
    await until(() => log.subscriptions.length === 1);
    closed = true;
    live.close();
    expect((await next).done).toBe(true);
    expect(log.subscriptions[0]!.destroyed).toBe(true);
  });
});
