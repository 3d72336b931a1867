import { Inject, Injectable } from '@nestjs/common';
import { timingOf, type DevelopmentState, DEVELOPMENT_STREAM, streamSubject } from '../../events/index.js';
import type { Config } from '../config.js';
import { presentDevelopment, type PresentedDevelopment } from '../developments/present.js';
import { filterSql, matches, refsOf } from '../filters/development-filter.js';
import { EntitiesTable } from '../read-model/entities-table.js';
import { CONFIG } from '../tokens.js';
import { CatchUpGate } from './catch-up-gate.js';
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
    private readonly entities: EntitiesTable,
    @Inject(CONFIG) config: Config,
  ) {
    this.gate = new CatchUpGate(config.feed.maxCatchUps);
    this.stateAt = readModel.db.prepare<[string, number], { state: string }>(
      `SELECT v.state FROM development_versions v JOIN developments d ON d.seq = v.seq WHERE d.id = ? AND v.revision = ?`,
    );
    this.hub = new LiveHub(
      store,
      readModel,
      (event) => this.toMessage(event),
      (message, filter) => this.matches(message.development, filter),
    );
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
          await new Promise<void>((resolve) => {
            listener.wake = resolve;
          });
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
    const events = await this.store.readAll({
      after: listener.after,
      filter: { streamPrefix: DEVELOPMENT_STREAM },
      limit: PAGE,
    });
    const started = performance.now();
    const messages: FeedMessage[] = [];
    for (const event of events) {
      const shown = this.readModel.checkpoint;
      if (shown === undefined || this.store.comparePositions(event.position, shown) > 0)
        return { messages, waitFor: event.position };
      const message = this.toMessage(event);
      listener.after = event.position;
      if (message && this.matches(message.development, listener.filter)) messages.push(message);
      if (performance.now() - started > TURN_BUDGET_MS) break;
    }
    return { messages };
  }

  private toMessage(event: StoredEvent): FeedMessage | undefined {
    const row = this.stateAt.get(streamSubject(event.stream), event.revision);
    if (!row) return undefined;
    return {
      position: event.position,
      kind: kindOf(event.type),
      recordedAt: event.recordedAt,
      development: presentDevelopment(JSON.parse(row.state) as DevelopmentState),
    };
  }

  /** The one filter definition (see development-filter.ts), as the timeline applies it in SQL. */
  matches(development: PresentedDevelopment, filter: FeedFilter): boolean {
    return matches(
      development,
      refsOf(development, this.entities.homeCountry),
      timingOf(development).publishedFrom,
      filter,
    );
  }

  /** The newest messages, newest first (for Atom), from the read model's history of versions. */
  latest(filter: FeedFilter, limit: number): FeedMessage[] {
    const { where, params, exact, keeps } = filterSql(filter);
    // Read newest first until `limit` are kept: where `where` selects more than the filter (`q`),
    // the rows are checked one by one (`keeps`), so no LIMIT can be set on them in SQL.
    const rows = this.readModel.db
      .prepare<unknown[], { state: string; event_type: string; position: string; recorded_from: string }>(
        `SELECT v.state, v.event_type, v.position, v.recorded_from FROM development_versions v
       ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY v.vid DESC${exact ? ' LIMIT ?' : ''}`,
      )
      .iterate(...params, ...(exact ? [limit] : []));
    const messages: FeedMessage[] = [];
    for (const r of rows) {
      if (messages.length === limit) break;
      const development = JSON.parse(r.state) as DevelopmentState;
      if (!keeps(development)) continue;
      messages.push({
        position: r.position,
        kind: kindOf(r.event_type),
        recordedAt: r.recorded_from,
        development: presentDevelopment(development),
      });
    }
    return messages;
  }
}
