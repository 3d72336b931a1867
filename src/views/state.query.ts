import { type IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { ReadModel } from '../read-model/read-model.js';
import type { StateQueryDto } from './state-query.dto.js';
import { ViewEngine } from './view-engine.js';
import { decodeKeyCursor, encodeKeyCursor, normaliseKnownAt, selectRows, servingView, today, toViewRow, type ViewRow } from './view-rows.js';

export interface StatePage {
  view: string;
  asOf: string;
  knownAt: string;
  rows: ViewRow[];
  nextCursor?: string;
}

export class GetState extends Query<StatePage> {
  constructor(readonly view: string, readonly filters: StateQueryDto) {
    super();
  }
}

/** A view as the world was on `asOf`, as recorded by `knownAt`. */
@QueryHandler(GetState)
export class GetStateHandler implements IQueryHandler<GetState> {
  constructor(private readonly readModel: ReadModel, private readonly engine: ViewEngine) {}

  async execute({ view, filters: f }: GetState): Promise<StatePage> {
    const id = servingView(this.engine, view);
    const asOf = f.asOf ?? today();
    const knownAt = normaliseKnownAt(f.knownAt);
    const limit = f.limit ?? 100;
    const records = selectRows(this.readModel.db, id, {
      asOf, knownAt, certainOnly: f.certainty === 'certain', country: f.country, subject: f.subject, status: f.status,
      afterKey: f.cursor ? decodeKeyCursor(f.cursor) : undefined, limit: limit + 1,
    });
    const rows = records.slice(0, limit).map((r) => toViewRow(r, asOf, id));
    return {
      view, asOf, knownAt: knownAt ?? new Date().toISOString(), rows,
      ...(records.length > limit ? { nextCursor: encodeKeyCursor(rows[rows.length - 1]!.key) } : {}),
    };
  }
}
