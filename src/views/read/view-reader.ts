import { FootprintRows } from './footprint-rows.js';
import { PublishedRows } from './published-rows.js';
import type { ViewEngine } from '../build/view-engine.js';
import type { RowFilter } from '../store/temporal-store.js';
import { RowReader, servingView, type ViewRow } from './view-rows.js';
import { DEFAULT_READ_BUDGET_MS, ReadBudget, runNow, runPaced, type Steps } from './paced.js';

export interface RowQuery extends RowFilter {
  /** The publication axis: only developments a source had published by this day count. */
  publishedBy?: string;
}

/** The filters a request may give a reading of the views (its query parameters). */
export interface ReadingFilters {
  knownAt?: string;
  publishedBy?: string;
  certainty?: string;
  country?: string;
  subject?: string;
  origin?: string;
  status?: string;
}

/** A request's reading as of a day: `certainty=certain` reads the certain series. */
export function readingOf(f: ReadingFilters, asOf: string): Omit<RowQuery, 'limit' | 'afterKey'> {
  return {
    asOf,
    knownAt: f.knownAt,
    publishedBy: f.publishedBy,
    certainOnly: f.certainty === 'certain',
    country: f.country,
    subject: f.subject,
    origin: f.origin,
    status: f.status,
  };
}

/** Every view's rows as of a date, by one door: the stored views, the publication axis and the derived footprint. */
export class ViewReader {
  readonly rows: RowReader;
  readonly published: PublishedRows;
  readonly footprint: FootprintRows;

  /** @param budgetMs how long one request's reading may take in all (`TIMELINE_READ_BUDGET_MS`). */
  constructor(
    readonly engine: ViewEngine,
    private readonly budgetMs = DEFAULT_READ_BUDGET_MS,
  ) {
    this.rows = new RowReader(engine.store);
    this.published = new PublishedRows(engine.store, engine.context);
    this.footprint = new FootprintRows(engine, (view, q) => this.allSteps(view, q));
  }

  /** Up to `q.limit` rows in key order, and whether more follow. */
  page(view: string, q: RowQuery): { rows: ViewRow[]; more: boolean } {
    return runNow(this.pageSteps(view, q));
  }

  /** The same page, read across turns of the event loop within `budget` (for a request). */
  read(view: string, q: RowQuery, budget: ReadBudget): Promise<{ rows: ViewRow[]; more: boolean }> {
    return runPaced(this.pageSteps(view, q), budget);
  }

  /** Every row (for comparisons and exports); pages internally. */
  all(view: string, q: Omit<RowQuery, 'limit' | 'afterKey'>): ViewRow[] {
    return runNow(this.allSteps(view, q));
  }

  /** Every row, read across turns of the event loop within `budget`. */
  readAll(view: string, q: Omit<RowQuery, 'limit' | 'afterKey'>, budget: ReadBudget): Promise<ViewRow[]> {
    return runPaced(this.allSteps(view, q), budget);
  }

  /** A budget for one request's reading. */
  budget(): ReadBudget {
    return new ReadBudget(this.budgetMs);
  }

  private *pageSteps(view: string, q: RowQuery): Steps<{ rows: ViewRow[]; more: boolean }> {
    if (view === 'footprint') return yield* this.footprint.steps(q);
    const { vw, projection } = servingView(this.engine, view);
    if (q.publishedBy) return yield* this.published.steps(projection, vw, { ...q, publishedBy: q.publishedBy });
    const records = this.engine.store.rowsAsOf(vw, { ...q, limit: q.limit + 1 });
    return {
      rows: this.rows.rows(projection, vw, records.slice(0, q.limit), q.asOf, q.knownAt, q.certainOnly ?? false),
      more: records.length > q.limit,
    };
  }

  private *allSteps(view: string, q: Omit<RowQuery, 'limit' | 'afterKey'>): Steps<ViewRow[]> {
    const rows: ViewRow[] = [];
    let afterKey: string | undefined;
    for (;;) {
      const page = yield* this.pageSteps(view, { ...q, afterKey, limit: 500 });
      rows.push(...page.rows);
      if (!page.more || page.rows.length === 0) return rows;
      afterKey = page.rows[page.rows.length - 1]!.key;
      yield;
    }
  }

  /** The view names a client can ask for. */
  names(): string[] {
    return [...this.engine.projections.map((p) => p.name), 'footprint'];
  }
}
