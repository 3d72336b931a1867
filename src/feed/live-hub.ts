import { DEVELOPMENT_STREAM } from '../../events/index.js';
import type { Logger } from 'pino';
import type { ReadModel } from '../read-model/read-model.js';
import type { EventStore, Position, StoredEvent } from '../store/event-store.js';
import type { FeedFilter, FeedMessage } from './feed-message.js';

/** A listener fell too far behind the live feed; it should resume from `resumeFrom`. */
export class FeedOverflowError extends Error {
  constructor(readonly resumeFrom: Position | undefined) {
    super('the subscriber fell too far behind');
  }
}

export interface HubListener {
  filter: FeedFilter;
  /** Messages at or before this position were delivered already (by catch-up). */
  after: Position | undefined;
  queue: FeedMessage[];
  overflowed: boolean;
  wake?: () => void;
}

/**
 * One subscription to the log shared by every live feed: each development change is read and
 * resolved once, then handed to each listener whose filter it matches. A listener catches up from
 * the log on its own, then attaches here; the hub keeps its recent messages so that the switch
 * needs no second read and leaves no gap.
 */
export class LiveHub {
  private readonly listeners = new Set<HubListener>();
  private readonly recent: FeedMessage[] = [];
  /** The hub has seen every development change up to here. */
  private seen: Position | undefined;
  /** `recent` holds every change after this position. */
  private recentFrom: Position | undefined;
  private started: Promise<void> | undefined;

  constructor(
    private readonly store: EventStore,
    private readonly readModel: ReadModel,
    private readonly toMessage: (event: StoredEvent) => FeedMessage | undefined,
    private readonly matches: (message: FeedMessage, filter: FeedFilter) => boolean,
    private readonly limits = { recent: 5000, queue: 10_000 },
    private readonly log?: Logger,
  ) {}

  /** Starts following the log from its current head (once). */
  start(): Promise<void> {
    this.started ??= this.store.head().then((head) => {
      this.seen = head;
      this.recentFrom = head;
      void this.follow(head);
    });
    return this.started;
  }

  /**
   * Attaches a listener that has caught up to `listener.after`, replaying the recent messages it
   * has not had. Returns false when the listener is too far behind: it should read more of the log.
   */
  attach(listener: HubListener): boolean {
    const behind = (p: Position | undefined, than: Position | undefined) =>
      than !== undefined && (p === undefined || this.store.comparePositions(p, than) < 0);
    if (behind(listener.after, this.seen)) {
      if (behind(listener.after, this.recentFrom)) return false;
      for (const message of this.recent) {
        if (
          !behind(message.position, listener.after) &&
          message.position !== listener.after &&
          this.matches(message, listener.filter)
        ) {
          listener.queue.push(message);
        }
      }
      listener.after = this.seen;
    }
    this.listeners.add(listener);
    listener.wake?.();
    return true;
  }

  detach(listener: HubListener): void {
    this.listeners.delete(listener);
  }

  private async follow(from: Position | undefined): Promise<void> {
    try {
      for await (const event of this.store.subscribe({ after: from, filter: { streamPrefix: DEVELOPMENT_STREAM } })) {
        // However long the read model takes (it retries through faults), the live feed waits for it rather than stop.
        await this.readModel.waitFor(event.position, Number.POSITIVE_INFINITY);
        const message = this.toMessage(event);
        this.seen = event.position;
        if (!message) continue;
        this.recent.push(message);
        if (this.recent.length > this.limits.recent) this.recentFrom = this.recent.shift()!.position;
        for (const listener of this.listeners) this.deliver(listener, message);
      }
    } catch (error) {
      this.log?.error({ err: error }, 'live feed stopped following the log');
    }
  }

  private deliver(listener: HubListener, message: FeedMessage): void {
    if (listener.after !== undefined && this.store.comparePositions(message.position, listener.after) <= 0) return;
    if (!this.matches(message, listener.filter)) return;
    if (listener.queue.length >= this.limits.queue) {
      listener.overflowed = true;
      this.listeners.delete(listener);
    } else {
      listener.queue.push(message);
    }
    listener.wake?.();
  }
}
