import { containsPattern } from '../read-model/sql.js';
import { Inject, Injectable } from '@nestjs/common';
import type { Config } from '../config.js';
import { CONFIG } from '../tokens.js';
import { CatchUpGate } from './catch-up-gate.js';
import { countriesOf, type DevelopmentState } from '../../events/index.js';
import { DEVELOPMENT_STREAM } from '../read-model/developments-table.js';
import { ReadModel } from '../read-model/read-model.js';
import { EVENT_STORE, type EventStore, type Position, type StoredEvent } from '../store/event-store.js';
import { FeedOverflowError, LiveHub, type HubListener } from './live-hub.js';
import { kindOf, type FeedFilter, type FeedMessage } from './feed-message.js';

export interface FeedSubscription extends AsyncIterable<FeedMessage> {
  close(): void;
}

interface CatchUpPage {
  messages: FeedMessage[];
  /** Set when the page stopped at an event the read model does not show yet. */
  waitFor?: Position;
}

/** Events a catching-up stream reads per turn, and the most work one turn may take. */
const PAGE = 100;
const TURN_BUDGET_MS = 5;

/**
 * Development changes from a position on: catch-up from the log, then live from the shared hub,
 * with no gap and no duplicate at the switch. Each message carries the development as it stood
 * right after that change, read from the read model once it has caught up to the position.
 */
@Injectable()
export class FeedSource {
  private readonly stateAt;
  private readonly hub: LiveHub;

  readonly gate: CatchUpGate;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly readModel: ReadModel,
    @Inject(CONFIG) config: Config,
  ) {
    this.gate = new CatchUpGate(config.feed.maxCatchUps);
    this.stateAt = readModel.db.prepare<[string, number], { state: string }>(
      `SELECT v.state FROM development_versions v JOIN developments d ON d.seq = v.seq WHERE d.id = ? AND v.revision = ?`);
    this.hub = new LiveHub(store, readModel, (event) => this.toMessage(event), (message, filter) => matches(message.development, filter));
  }

  /** Iterating throws FeedOverflowError when the subscriber falls more than the hub's queue behind. */
  subscribe(after: Position | undefined, filter: FeedFilter = {}): FeedSubscription {
    const listener: HubListener = { filter, after, queue: [], overflowed: false };
    let open = true;
    const source = this;
    async function* messages(): AsyncGenerator<FeedMessage> {
      await source.hub.start();
      let delivered = after;
      while (open && !source.hub.attach(listener)) {
        const end = await source.gate.turn();
        let page: CatchUpPage;
        try {
          page = open ? await source.catchUpPage(listener) : { messages: [] };
        } finally {
          end();
        }
        for (const message of page.messages) {
          yield message;
          delivered = message.position;
        }
        // The log is ahead of the read model here: wait for it without holding a turn.
        if (page.waitFor !== undefined) await source.readModel.waitFor(page.waitFor);
      }
      while (open) {
        const message = listener.queue.shift();
        if (message) {
          yield message;
          delivered = message.position;
        } else if (listener.overflowed) {
          throw new FeedOverflowError(delivered);
        } else {
          await new Promise<void>((resolve) => { listener.wake = resolve; });
          listener.wake = undefined;
        }
      }
    }
    const iterator = messages();
    return {
      [Symbol.asyncIterator]: () => iterator,
      close: () => {
        open = false;
        this.hub.detach(listener);
        listener.wake?.();
      },
    };
  }

  /**
   * One turn's share of catching up: up to a page of the log after `listener.after`, as far as the
   * read model shows it and for at most `TURN_BUDGET_MS` of work, so no one client holds the
   * process for long. Moves `listener.after` past what it read.
   */
  private async catchUpPage(listener: HubListener): Promise<CatchUpPage> {
    const events = await this.store.readAll({ after: listener.after, filter: { streamPrefix: DEVELOPMENT_STREAM }, limit: PAGE });
    const started = performance.now();
    const messages: FeedMessage[] = [];
    for (const event of events) {
      const shown = this.readModel.checkpoint;
      if (shown === undefined || this.store.comparePositions(event.position, shown) > 0) return { messages, waitFor: event.position };
      const message = this.toMessage(event);
      listener.after = event.position;
      if (message && matches(message.development, listener.filter)) messages.push(message);
      if (performance.now() - started > TURN_BUDGET_MS) break;
    }
    return { messages };
  }

  private toMessage(event: StoredEvent): FeedMessage | undefined {
    const row = this.stateAt.get(event.stream.slice(DEVELOPMENT_STREAM.length), event.revision);
    if (!row) return undefined;
    return { position: event.position, kind: kindOf(event.type), recordedAt: event.recordedAt, development: JSON.parse(row.state) as DevelopmentState };
  }

  /** The newest messages, newest first (for Atom), from the read model's history of versions. */
  latest(filter: FeedFilter, limit: number): FeedMessage[] {
    const where: string[] = [];
    const params: unknown[] = [];
    if (filter.types?.length) { where.push(`v.type IN (${filter.types.map(() => '?').join(', ')})`); params.push(...filter.types); }
    for (const ref of [filter.subject, filter.country && `country:${filter.country}`]) {
      if (ref) { where.push('EXISTS (SELECT 1 FROM development_refs r WHERE r.ref = ? AND r.vid = v.vid)'); params.push(ref); }
    }
    if (filter.q) { where.push("v.search LIKE ? ESCAPE '\\'"); params.push(containsPattern(filter.q)); }
    const rows = this.readModel.db.prepare<unknown[], { state: string; event_type: string; position: string; recorded_from: string }>(
      `SELECT v.state, v.event_type, v.position, v.recorded_from FROM development_versions v
       ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY v.vid DESC LIMIT ?`).all(...params, limit);
    return rows.map((r) => ({
      position: r.position, kind: kindOf(r.event_type), recordedAt: r.recorded_from, development: JSON.parse(r.state) as DevelopmentState,
    }));
  }
}

export function matches(development: DevelopmentState, filter: FeedFilter): boolean {
  if (filter.types?.length && !filter.types.includes(development.type)) return false;
  if (filter.subject && !development.subjects.includes(filter.subject)) return false;
  if (filter.country && !countriesOf(development).includes(filter.country)) return false;
  if (filter.q) {
    const text = `${development.summary} ${JSON.stringify(development.data)}`.toLowerCase();
    if (!text.includes(filter.q.toLowerCase())) return false;
  }
  return true;
}
