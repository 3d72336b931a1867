import { BACKWARDS, END, START, excludeSystemEvents } from '@kurrent/kurrentdb-client';
import type { AllStreamSubscription, KurrentDBClient, Position as LogPosition } from '@kurrent/kurrentdb-client';
import type { Logger } from 'pino';
import type { Position, ReadFilter, StoredEvent } from '../event-store.js';
import { CommitWaiters, type FollowFaults, type FollowPage, type FollowSource, type Wakeup } from '../follow.js';
import {
  compareLogPositions,
  comparePositions,
  decodePosition,
  encodePosition,
  planFilter,
  positionOf,
  toStoredEvent,
} from './mapping.js';

/** The part of the client that reads and follows `$all`. */
export type LogClient = Pick<KurrentDBClient, 'readAll' | 'subscribeToAll'>;

export interface ScannedPage {
  events: StoredEvent[];
  /** The last event the server sent, matching the filter here or not. */
  seen?: LogPosition;
  /** The page holds `limit` events: the log may go on after it. */
  full: boolean;
}

/** Up to `limit` events after `after` that match `filter`: the server applies what it can of the filter, the rest is checked here. */
export async function scanAll(
  client: LogClient,
  after: Position | undefined,
  filter: ReadFilter | undefined,
  limit: number,
): Promise<ScannedPage> {
  const from = after === undefined ? undefined : decodePosition(after);
  const plan = planFilter(filter);
  const events: StoredEvent[] = [];
  let seen: LogPosition | undefined;
  if (limit <= 0) return { events, full: true };
  for await (const resolved of client.readAll({ fromPosition: from ?? START, filter: plan.server })) {
    const event = resolved.event;
    if (!event) continue;
    const position = positionOf(event);
    // A read from a position may include the event at that position; the port's `after` excludes it.
    if (from && compareLogPositions(position, from) <= 0) continue;
    seen = position;
    if (!plan.matches(event.type, event.streamId)) continue;
    events.push(toStoredEvent(event));
    if (events.length >= limit) return { events, seen, full: true };
  }
  return { events, seen, full: false };
}

/** The position of the last record of `$all` (of the last non-system event with `skipSystemEvents`). */
export async function lastPosition(client: LogClient, skipSystemEvents: boolean): Promise<LogPosition | undefined> {
  const filter = skipSystemEvents ? excludeSystemEvents() : undefined;
  for await (const resolved of client.readAll({ direction: BACKWARDS, fromPosition: END, maxCount: 1, filter })) {
    return resolved.event?.position;
  }
  return undefined;
}

/**
 * A page for the shared follow loop. The server filters most events out before they reach a page,
 * so a rarely matching subscription would scan them again at every wake-up: the log's last position
 * is read first, and a page that then reads to the end of the log without filling up has looked at
 * everything up to it, so the loop goes on from there. Reads of `$all` see committed events only,
 * in position order: nothing commits behind what a read saw, so a page is never `heldBack` (unlike
 * PostgreSQL's).
 */
export async function followPage(
  client: LogClient,
  after: Position | undefined,
  filter: ReadFilter | undefined,
  limit: number,
): Promise<FollowPage> {
  const end = await lastPosition(client, false);
  const page = await scanAll(client, after, filter, limit);
  // Not full: the read went on to the end of the log, which is at `end` or beyond.
  const skipToEnd = !page.full && end !== undefined && (!page.seen || compareLogPositions(end, page.seen) > 0);
  const head = skipToEnd ? end : page.seen;
  return { events: page.events, head: head && encodePosition(head) };
}

/**
 * Wakes the follow loop when the log may have grown: at once after this process's appends
 * (`notify`), and at every event that a subscription to the end of `$all` receives (another
 * process's appends). KurrentDB sends no commit signal of its own, so that subscription plays the
 * part of PostgreSQL's LISTEN: it opens while anyone waits, and once the server confirms it every
 * waiter reads again (for what committed before it listened). When it drops, it opens again at the
 * next wait; the loop's `pollMs` covers the time between.
 */
export class LiveSubscription {
  private readonly waiters = new CommitWaiters();
  private subscription: AllStreamSubscription | undefined;
  private closed = false;

  constructor(
    private readonly client: LogClient,
    private readonly log?: Logger,
  ) {}

  next(): Wakeup {
    const wakeup = this.waiters.next();
    if (!this.subscription && !this.closed) this.listen();
    return wakeup;
  }

  notify(): void {
    this.waiters.notify();
  }

  close(): void {
    this.closed = true;
    const subscription = this.subscription;
    this.subscription = undefined;
    if (subscription) stop(subscription);
    this.notify();
  }

  private listen(): void {
    const subscription = this.client.subscribeToAll({ fromPosition: END, filter: excludeSystemEvents() });
    this.subscription = subscription;
    let confirmed = false;
    const lost = (error?: unknown): void => {
      if (this.subscription !== subscription) return;
      this.subscription = undefined;
      stop(subscription);
      // One that never started fails with the reads, which the follow loop reports.
      if (confirmed && !this.closed)
        this.log?.warn({ err: error }, 'the live subscription to KurrentDB was lost; it opens again');
    };
    subscription.on('confirmation', () => {
      confirmed = true;
      this.notify();
    });
    subscription.on('data', () => this.notify());
    subscription.on('error', lost);
    subscription.on('end', () => lost());
    subscription.on('close', () => lost());
  }
}

export interface FollowSettings {
  pollMs: number;
  isClosed(): boolean;
  faults: FollowFaults;
}

/**
 * What the shared follow loop reads KurrentDB through: pages of `$all`, the live subscription's
 * wake-ups, and positions compared as the commit/prepare pairs they encode.
 */
export function kurrentFollowSource(client: LogClient, live: LiveSubscription, settings: FollowSettings): FollowSource {
  return {
    readPage: (after, filter, limit) => followPage(client, after, filter, limit),
    nextCommit: () => live.next(),
    pollMs: settings.pollMs,
    isClosed: settings.isClosed,
    comparePositions,
    faults: settings.faults,
  };
}

function stop(subscription: AllStreamSubscription): void {
  subscription.unsubscribe().catch(() => undefined);
  subscription.destroy();
}
