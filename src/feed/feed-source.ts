import { Inject, Injectable } from '@nestjs/common';
import { timingOf, type DevelopmentState } from '../../events/index.js';
import { presentDevelopment, type PresentedDevelopment } from '../developments/present.js';
import { filterSql, matches, refsOf } from '../filters/development-filter.js';
import { DEVELOPMENT_STREAM } from '../read-model/developments-table.js';
import { EntitiesTable } from '../read-model/entities-table.js';
import { ReadModel } from '../read-model/read-model.js';
import { EVENT_STORE, type EventStore, type Position, type StoredEvent } from '../store/event-store.js';
import { FeedOverflowError, LiveHub, type HubListener } from './live-hub.js';
import { kindOf, type FeedFilter, type FeedMessage } from './feed-message.js';

export interface FeedSubscription extends AsyncIterable<FeedMessage> {
  close(): void;
}

/**
 * Development changes from a position on: catch-up from the log, then live from the shared hub,
 * with no gap and no duplicate at the switch. Each message carries the development as it stood
 * right after that change, read from the read model once it has caught up to the position.
 */
@Injectable()
export class FeedSource {
  private readonly stateAt;
  private readonly hub: LiveHub;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly readModel: ReadModel,
    private readonly entities: EntitiesTable,
  ) {
    this.stateAt = readModel.db.prepare<[string, number], { state: string }>(
      `SELECT v.state FROM development_versions v JOIN developments d ON d.seq = v.seq WHERE d.id = ? AND v.revision = ?`);
    this.hub = new LiveHub(store, readModel, (event) => this.toMessage(event), (message, filter) => this.matches(message.development, filter));
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
        const events = await source.store.readAll({ after: listener.after, filter: { streamPrefix: DEVELOPMENT_STREAM }, limit: 500 });
        if (events.length === 0) await new Promise((resolve) => setImmediate(resolve));
        for (const event of events) {
          await source.readModel.waitFor(event.position);
          const message = source.toMessage(event);
          listener.after = event.position;
          if (message && source.matches(message.development, filter)) {
            yield message;
            delivered = message.position;
          }
        }
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

  private toMessage(event: StoredEvent): FeedMessage | undefined {
    const row = this.stateAt.get(event.stream.slice(DEVELOPMENT_STREAM.length), event.revision);
    if (!row) return undefined;
    return {
      position: event.position, kind: kindOf(event.type), recordedAt: event.recordedAt,
      development: presentDevelopment(JSON.parse(row.state) as DevelopmentState),
    };
  }

  /** The one filter definition (see development-filter.ts), as the timeline applies it in SQL. */
  matches(development: PresentedDevelopment, filter: FeedFilter): boolean {
    return matches(development, refsOf(development, this.entities.homeCountry), timingOf(development).publishedFrom, filter);
  }

  /** The newest messages, newest first (for Atom), from the read model's history of versions. */
  latest(filter: FeedFilter, limit: number): FeedMessage[] {
    const { where, params } = filterSql(filter);
    const rows = this.readModel.db.prepare<unknown[], { state: string; event_type: string; position: string; recorded_from: string }>(
      `SELECT v.state, v.event_type, v.position, v.recorded_from FROM development_versions v
       ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY v.vid DESC LIMIT ?`).all(...params, limit);
    return rows.map((r) => ({
      position: r.position, kind: kindOf(r.event_type), recordedAt: r.recorded_from,
      development: presentDevelopment(JSON.parse(r.state) as DevelopmentState),
    }));
  }
}
