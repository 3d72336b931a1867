import { Inject, Injectable } from '@nestjs/common';
import type { Config } from '../config.js';
import { Problem } from '../errors/problems.js';
import { ReadModel } from '../read-model/read-model.js';
import type { Position } from '../store/event-store.js';
import { CONFIG } from '../tokens.js';
import { type RowQuery, ViewReader } from '../views/read/view-reader.js';
import type { ViewRow } from '../views/read/view-rows.js';

/** The most rows a watch sends: a watch is for a narrow question, a long answer is an export. */
const WATCH_LIMIT = 1000;

export type WatchQuery = Omit<RowQuery, 'limit' | 'afterKey'>;

export interface ViewChange {
  position: Position;
  added: ViewRow[];
  changed: { before: ViewRow; after: ViewRow }[];
  removed: ViewRow[];
}

type Watcher = (change: ViewChange) => void;

/** The watchers of one view and query: its answer is read once per change, whoever watches it. */
interface WatchGroup {
  read: () => Map<string, ViewRow>;
  answer: Map<string, ViewRow>;
  position: Position | undefined;
  watchers: Set<Watcher>;
}

/**
 * Every open view watch, grouped by view and query. After the read model applies events, each
 * group's answer is read once and its change sent to all its watchers; groups are read one per
 * turn of the event loop, so a hundred watches never hold a write or `/health` for long. The
 * distinct queries are capped (`TIMELINE_WATCH_MAX_QUERIES`): each costs a read per change.
 */
@Injectable()
export class ViewWatches {
  private readonly groups = new Map<string, WatchGroup>();
  private latest: Position | undefined;
  private passing = false;
  private again = false;

  constructor(
    private readonly readModel: ReadModel,
    private readonly views: ViewReader,
    @Inject(CONFIG) private readonly config: Config,
  ) {
    readModel.onApplied((position) => this.applied(position));
  }

  /**
   * Joins the group of `view` and `query`: its current answer and position, and the function that
   * leaves it. Throws the view's problem (unknown, being built) or 429 beyond the cap.
   */
  join(view: string, query: WatchQuery, watcher: Watcher) {
    const key = JSON.stringify([view, query]);
    let group = this.groups.get(key);
    if (!group) {
      const max = this.config.feed.maxWatchQueries;
      if (this.groups.size >= max)
        throw new Problem(
          429,
          'TOO_MANY_STREAMS',
          'Too many requests',
          `the service watches at most ${max} distinct view queries; watch one already watched, or retry later`,
          { retryAfter: 5 },
        );
      const read = () =>
        new Map(this.views.page(view, { ...query, limit: WATCH_LIMIT }).rows.map((r) => [r.key, r] as const));
      group = { read, answer: read(), position: this.readModel.checkpoint, watchers: new Set() };
      this.groups.set(key, group);
    }
    const joined = group;
    joined.watchers.add(watcher);
    const leave = () => {
      joined.watchers.delete(watcher);
      if (joined.watchers.size === 0 && this.groups.get(key) === joined) this.groups.delete(key);
    };
    return { rows: [...joined.answer.values()], position: joined.position, leave };
  }

  /** The number of distinct queries watched. */
  get size(): number {
    return this.groups.size;
  }

  private applied(position: Position): void {
    this.latest = position;
    if (this.groups.size === 0) return;
    if (this.passing) this.again = true;
    else void this.pass();
  }

  /** Reads each group once for everything applied so far; one more pass if more was applied meanwhile. */
  private async pass(): Promise<void> {
    this.passing = true;
    try {
      do {
        this.again = false;
        const position = this.latest!;
        for (const group of [...this.groups.values()]) {
          await new Promise((resolve) => setImmediate(resolve));
          if (group.watchers.size === 0) continue;
          let next: Map<string, ViewRow>;
          try {
            next = group.read();
          } catch {
            continue; // the view is being rebuilt: its watchers get the change once it answers again
          }
          const change = diff(group.answer, next);
          group.answer = next;
          group.position = position;
          if (change.added.length + change.removed.length + change.changed.length === 0) continue;
          for (const watcher of group.watchers) watcher({ position, ...change });
        }
      } while (this.again);
    } finally {
      this.passing = false;
    }
  }
}

function diff(before: Map<string, ViewRow>, after: Map<string, ViewRow>) {
  const added: ViewRow[] = [];
  const changed: { before: ViewRow; after: ViewRow }[] = [];
  const removed: ViewRow[] = [];
  for (const [key, row] of after) {
    const old = before.get(key);
    if (!old) added.push(row);
    else if (JSON.stringify(old) !== JSON.stringify(row)) changed.push({ before: old, after: row });
  }
  for (const [key, row] of before) if (!after.has(key)) removed.push(row);
  return { added, changed, removed };
}
