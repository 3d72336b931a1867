import type { Logger } from 'pino';
import { retryDelay } from '../retry-delay.js';
import { StoreUnavailableError } from './errors.js';
import type { Position, ReadFilter, StoredEvent, Subscription } from './event-store.js';

/** One page of a subscription's read. */
export interface FollowPage {
  events: StoredEvent[];
  /** The last position the read looked at, matching the filter or not: the next read starts after it. */
  head?: Position;
  /** Committed events wait above what is readable yet (PostgreSQL's horizon): look again soon. */
  heldBack?: boolean;
}

export interface Wakeup {
  promise: Promise<void>;
  cancel(): void;
}

/** The subscriptions waiting for a commit: `next` hands out a wake-up, `notify` resolves every one out. */
export class CommitWaiters {
  private readonly waiting = new Set<() => void>();

  get size(): number {
    return this.waiting.size;
  }

  next(): Wakeup {
    let wake!: () => void;
    const promise = new Promise<void>((resolve) => {
      wake = resolve;
    });
    const waiter = () => {
      this.waiting.delete(waiter);
      wake();
    };
    this.waiting.add(waiter);
    return { promise, cancel: waiter };
  }

  notify(): void {
    for (const waiter of [...this.waiting]) waiter();
  }
}

/** What a store gives the follow loop: pages of its log and a signal after each commit. */
export interface FollowSource {
  readPage(after: Position | undefined, filter: ReadFilter | undefined, limit: number): Promise<FollowPage>;
  /** Resolves at the next commit the store hears of (its own, or another process's). */
  nextCommit(): Wakeup;
  /** How long to wait for a commit before reading anyway (a notification can be lost); Infinity: never. */
  pollMs: number;
  isClosed(): boolean;
  comparePositions(a: Position, b: Position): number;
  faults: FollowFaults;
}

const PAGE = 500;
/** First delay before looking again while an older transaction holds readers back; it doubles up to `pollMs`. */
const HELD_BACK_FIRST_MS = 10;
const RETRY_BASE_MS = 100;
const RETRY_MAX_MS = 10_000;

/**
 * Catch-up from `after`, then live, for every store: read a page after the last position, hand it
 * out, and once nothing is left wait for the next commit. A failed read (a cancelled query, a
 * dropped connection, a busy file) is retried from the same position with backoff, so the
 * subscription resumes without a gap; the store's `faults` report it meanwhile.
 */
export function follow(source: FollowSource, options: { after?: Position; filter?: ReadFilter } = {}): Subscription {
  let open = true;
  let cancelWait: (() => void) | undefined;
  const self = {};
  async function* run(): AsyncGenerator<StoredEvent> {
    let after = options.after;
    let failures = 0;
    let heldBackMs = HELD_BACK_FIRST_MS;
    try {
      while (open && !source.isClosed()) {
        const waiting = source.nextCommit();
        cancelWait = waiting.cancel;
        let page: FollowPage;
        try {
          page = await source.readPage(after, options.filter, PAGE);
        } catch (error) {
          waiting.cancel();
          if (!open || source.isClosed()) return;
          failures += 1;
          source.faults.failed(self, error, failures);
          const pause = sleep(retryDelay(failures, RETRY_BASE_MS, RETRY_MAX_MS));
          cancelWait = pause.cancel;
          await pause.promise;
          continue;
        }
        if (failures > 0) source.faults.recovered(self, failures);
        failures = 0;
        if (page.events.length > 0) {
          waiting.cancel();
          heldBackMs = HELD_BACK_FIRST_MS;
          for (const event of page.events) {
            if (!open) return;
            yield event;
          }
          after = page.events[page.events.length - 1]!.position;
          // Let timers and I/O run between pages, so a long catch-up does not freeze the process.
          await new Promise((resolve) => setImmediate(resolve));
          continue;
        }
        // Nothing matched up to what the read saw: skip past it, then wait for the next commit.
        if (page.head !== undefined && (after === undefined || source.comparePositions(page.head, after) > 0))
          after = page.head;
        if (page.heldBack) {
          // An older transaction still runs, perhaps not one that will signal when it ends: look again soon.
          await waitAtMost(waiting, heldBackMs);
          heldBackMs = Math.min(source.pollMs, heldBackMs * 2);
        } else {
          await waitAtMost(waiting, source.pollMs);
        }
      }
    } finally {
      source.faults.forget(self);
    }
  }
  const iterator = run();
  return {
    [Symbol.asyncIterator]: () => iterator,
    close: () => {
      open = false;
      cancelWait?.();
    },
  };
}

interface Fault {
  error: unknown;
  since: string;
  attempts: number;
}

/**
 * The subscriptions of one store whose reads are failing: logged (the first failure, every tenth,
 * the recovery) and reported by the store's `check()`, so that readiness says so while they retry.
 */
export class FollowFaults {
  private readonly failing = new Map<object, Fault>();

  constructor(private readonly log?: Logger) {}

  failed(subscription: object, error: unknown, attempts: number): void {
    const since = this.failing.get(subscription)?.since ?? new Date().toISOString();
    this.failing.set(subscription, { error, since, attempts });
    if (attempts === 1 || attempts % 10 === 0)
      this.log?.error({ err: error, attempts, since }, 'a subscription to the event log failed to read; it retries');
  }

  recovered(subscription: object, attempts: number): void {
    const fault = this.failing.get(subscription);
    this.failing.delete(subscription);
    this.log?.warn({ attempts, since: fault?.since }, 'a subscription to the event log reads again');
  }

  forget(subscription: object): void {
    this.failing.delete(subscription);
  }

  /** Throws while any subscription's last read failed. */
  assertNone(): void {
    const [fault] = this.failing.values();
    if (!fault) return;
    const reason = (fault.error as { message?: unknown })?.message ?? String(fault.error);
    throw new StoreUnavailableError(
      `a subscription to the event log cannot read (${fault.attempts} attempts since ${fault.since}): ${reason}; ` +
        'it retries with backoff',
    );
  }
}

function sleep(ms: number): Wakeup {
  let cancel!: () => void;
  const promise = new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    cancel = () => {
      clearTimeout(timer);
      resolve();
    };
  });
  return { promise, cancel };
}

/** Resolves on the wake-up or after `ms`, whichever comes first, and stops waiting for the other. */
async function waitAtMost(waiting: Wakeup, ms: number): Promise<void> {
  if (!Number.isFinite(ms)) return waiting.promise;
  const pause = sleep(ms);
  await Promise.race([waiting.promise, pause.promise]);
  pause.cancel();
  waiting.cancel();
}
