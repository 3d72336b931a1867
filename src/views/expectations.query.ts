import { type IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { PROJECTIONS } from '../../projections/index.js';
import type { Certainty } from './engine/evidence.js';
import type { RowExpectation } from './engine/fold.js';
import { decodeCursor, encodeCursor, positions } from '../http/cursor.js';
import {
  CountryParam,
  CursorParam,
  EnumParam,
  LimitParam,
  OriginParam,
  SubjectParam,
  TypeParam,
} from '../http/query-params.js';
import { AsOfDto } from './state-query.dto.js';
import { ViewReader } from './read/view-reader.js';
import { today, type ExpectationStatus, type ViewRow } from './read/view-rows.js';
import type { ReadBudget } from './read/paced.js';

const EXPECTATION_STATUSES: readonly ExpectationStatus[] = ['pending', 'met', 'met-late', 'overdue'];
/** The views whose rows carry expectations: every stored one (the footprint's rows are derived from them). */
const EXPECTATION_VIEWS = PROJECTIONS.map((p) => p.name);

export class ExpectationsQueryDto extends AsOfDto {
  @EnumParam('status', EXPECTATION_STATUSES, 'Only expectations in this state as of `asOf`')
  status?: ExpectationStatus;

  @TypeParam('The expected development type, e.g. `FacilityOpened`')
  type?: string;

  @EnumParam('view', EXPECTATION_VIEWS, 'One view only (footprint rows carry no expectations)')
  view?: string;

  @CountryParam()
  country?: string;

  @OriginParam()
  origin?: string;

  @SubjectParam()
  subject?: string;

  @CursorParam()
  cursor?: string;

  @LimitParam(500, 100)
  limit?: number;
}

/** A plan against its outcome, as of a date. */
export interface ExpectationItem extends RowExpectation {
  view: string;
  key: string;
  /** What the row is: its title, name or key. */
  row: string;
  status: ExpectationStatus;
  /** The status in words: "not recorded as met by second half of 2025". */
  statusText: string;
  /** Certainty of the row it is on. */
  certainty: Certainty;
  /** The last report of the row it is on. */
  lastReported: { day: string; date: string; text: string };
}

export class GetExpectations extends Query<{ asOf: string; expectations: ExpectationItem[]; nextCursor?: string }> {
  constructor(readonly filters: ExpectationsQueryDto) {
    super();
  }
}

/** Plans versus outcomes: every expectation on the rows of the views as of a date, with its status then. */
@QueryHandler(GetExpectations)
export class GetExpectationsHandler implements IQueryHandler<GetExpectations> {
  constructor(private readonly reader: ViewReader) {}

  async execute({ filters: f }: GetExpectations) {
    const asOf = f.asOf ?? today();
    const names = f.view ? [f.view] : this.reader.engine.projections.map((p) => p.name);
    const items: ExpectationItem[] = [];
    const budget = this.reader.budget();
    for (const view of names) {
      const rows = await this.rowsWithExpectations(view, { ...f, asOf }, budget);
      for (const row of rows) {
        const expectations = (row.value.expectations ?? []) as (RowExpectation & {
          status: ExpectationStatus;
          statusText: string;
        })[];
        for (const e of expectations) {
          if (f.type && e.type !== f.type) continue;
          if (f.status && e.status !== f.status) continue;
          items.push({
            ...e,
            view,
            key: row.key,
            row: titleOf(row.value, row.key),
            certainty: row.certainty,
            lastReported: row.lastReported,
          });
        }
      }
    }
    items.sort((a, b) =>
      a.due < b.due
        ? -1
        : a.due > b.due
          ? 1
          : a.view < b.view
            ? -1
            : a.view > b.view
              ? 1
              : a.key < b.key
                ? -1
                : a.key > b.key
                  ? 1
                  : 0,
    );
    const offset = f.cursor ? decodeCursor('expectations', f.cursor, positions.offset) : 0;
    const limit = f.limit ?? 100;
    const page = items.slice(offset, offset + limit);
    return {
      asOf,
      expectations: page,
      ...(items.length > offset + limit ? { nextCursor: encodeCursor('expectations', offset + limit) } : {}),
    };
  }

  /** The view's rows on the date that carry expectations: from their index now, from the rows otherwise. */
  private async rowsWithExpectations(
    view: string,
    f: ExpectationsQueryDto & { asOf: string },
    budget: ReadBudget,
  ): Promise<ViewRow[]> {
    const query = {
      asOf: f.asOf,
      knownAt: f.knownAt,
      publishedBy: f.publishedBy,
      country: f.country,
      origin: f.origin,
      subject: f.subject,
    };
    if (f.knownAt || f.publishedBy)
      return (await this.reader.readAll(view, query, budget)).filter((r) => Array.isArray(r.value.expectations));
    const engine = this.reader.engine;
    const vw = engine.servingVw(view);
    const projection = engine.projection(view);
    if (vw === undefined || !projection) return this.reader.readAll(view, query, budget);
    const keys = engine.store.keysWithExpectations(vw, f.asOf);
    return keys.flatMap((key) => this.reader.page(view, { ...query, key, limit: 1 }).rows);
  }
}

function titleOf(value: Record<string, unknown>, key: string): string {
  for (const field of ['title', 'name', 'label', 'technology'])
    if (typeof value[field] === 'string') return value[field] as string;
  return key;
}
