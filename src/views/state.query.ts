import { type IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import type { StateQueryDto } from './state-query.dto.js';
import { readingOf, ViewReader } from './read/view-reader.js';
import { decodeCursor, encodeCursor, positions } from '../http/cursor.js';
import { checkStatus } from './view-statuses.js';
import { today, type ViewRow } from './read/view-rows.js';

export interface StatePage {
  view: string;
  asOf: string;
  knownAt: string;
  publishedBy?: string;
  rows: ViewRow[];
  nextCursor?: string;
}

export class GetState extends Query<StatePage> {
  constructor(
    readonly view: string,
    readonly filters: StateQueryDto,
  ) {
    super();
  }
}

/** A view as the world was on `asOf`, as recorded by `knownAt` (and as published by `publishedBy`). */
@QueryHandler(GetState)
export class GetStateHandler implements IQueryHandler<GetState> {
  constructor(private readonly reader: ViewReader) {}

  async execute({ view, filters: f }: GetState): Promise<StatePage> {
    checkStatus(view, f.status);
    const asOf = f.asOf ?? today();
    const knownAt = f.knownAt;
    const page = await this.reader.read(
      view,
      {
        ...readingOf(f, asOf),
        afterKey: f.cursor ? decodeCursor('rows', f.cursor, positions.key) : undefined,
        limit: f.limit ?? 100,
      },
      this.reader.budget(),
    );
    return {
      view,
      asOf,
      knownAt: knownAt ?? new Date().toISOString(),
      ...(f.publishedBy ? { publishedBy: f.publishedBy } : {}),
      rows: page.rows,
      ...(page.more ? { nextCursor: encodeCursor('rows', page.rows[page.rows.length - 1]!.key) } : {}),
    };
  }
}
