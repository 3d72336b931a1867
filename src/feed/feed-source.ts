import { containsPattern } from '../read-model/sql.js';
import { Inject, Injectable } from '@nestjs/common';
import { countriesOf, type DevelopmentState } from '../../events/index.js';
import { DEVELOPMENT_STREAM } from '../read-model/developments-table.js';
import { ReadModel } from '../read-model/read-model.js';
import { EVENT_STORE, type EventStore, type Position } from '../store/event-store.js';
import { kindOf, type FeedFilter, type FeedMessage } from './feed-message.js';

export interface FeedSubscription extends AsyncIterable<FeedMessage> {
  close(): void;
}

/**
 * Development changes from a position on: catch-up from the log, then live, with no gap and no
 * duplicate (the store's subscription guarantees it). Each message carries the development as it
 * stood right after that change, read from the read model once it has caught up to the position.
 */
@Injectable()
export class FeedSource {
  private readonly stateAt;

  constructor(@Inject(EVENT_STORE) private readonly store: EventStore, private readonly readModel: ReadModel) {
    this.stateAt = readModel.db.prepare<[string, number], { state: string }>(
      `SELECT v.state FROM development_versions v JOIN developments d ON d.seq = v.seq WHERE d.id = ? AND v.revision = ?`);
  }

  subscribe(after: Position | undefined, filter: FeedFilter = {}): FeedSubscription {
    const subscription = this.store.subscribe({ after, filter: { streamPrefix: DEVELOPMENT_STREAM } });
    const source = this;
    async function* messages(): AsyncGenerator<FeedMessage> {
      for await (const event of subscription) {
        await source.readModel.waitFor(event.position);
        const row = source.stateAt.get(event.stream.slice(DEVELOPMENT_STREAM.length), event.revision);
        if (!row) continue;
        const message: FeedMessage = {
          position: event.position, kind: kindOf(event.type), recordedAt: event.recordedAt,
          development: JSON.parse(row.state) as DevelopmentState,
        };
        if (matches(message.development, filter)) yield message;
      }
    }
    const iterator = messages();
    return { [Symbol.asyncIterator]: () => iterator, close: () => subscription.close() };
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
