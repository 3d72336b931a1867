import { ApiPropertyOptional } from '@nestjs/swagger';
import { type IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { DEVELOPMENT_TYPE_NAMES } from '../../events/index.js';
import { badRequest } from '../errors/problems.js';
import type { Certainty } from './evidence.js';
import type { RowExpectation } from './fold.js';
import { CountryParam, OriginParam, SubjectParam } from '../http/query-params.js';
import { AsOfDto } from './state-query.dto.js';
import { ViewReader } from './view-reader.js';
import { normaliseKnownAt, today, type ExpectationStatus } from './view-rows.js';

export class ExpectationsQueryDto extends AsOfDto {
  @ApiPropertyOptional({ enum: ['pending', 'met', 'met-late', 'overdue'] })
  @IsOptional()
  @IsIn(['pending', 'met', 'met-late', 'overdue'])
  status?: ExpectationStatus;

  @ApiPropertyOptional({ description: 'The expected development type', example: 'FacilityOpened' })
  @IsOptional()
  @IsIn(DEVELOPMENT_TYPE_NAMES, { message: `type must be one of ${DEVELOPMENT_TYPE_NAMES.join(', ')}` })
  type?: string;

  @ApiPropertyOptional({ description: 'One view only', example: 'facilities' })
  @IsOptional()
  @IsString()
  @MaxLength(50)
  view?: string;

  @CountryParam()
  country?: string;

  @OriginParam()
  origin?: string;

  @SubjectParam()
  subject?: string;

  @ApiPropertyOptional({ description: 'Opaque cursor from the previous page' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  cursor?: string;

  @ApiPropertyOptional({ description: 'Page size, 1-500 (default 100)' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
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
    for (const view of names) {
      if (view === 'footprint')
        throw badRequest('INVALID_PARAMETER', 'footprint rows carry no expectations', [
          { path: 'view', code: 'invalid', message: 'not footprint' },
        ]);
      const rows = this.rowsWithExpectations(view, { ...f, asOf });
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
    const offset = f.cursor ? decodeOffset(f.cursor) : 0;
    const limit = f.limit ?? 100;
    const page = items.slice(offset, offset + limit);
    return {
      asOf,
      expectations: page,
      ...(items.length > offset + limit ? { nextCursor: encodeOffset(offset + limit) } : {}),
    };
  }

  /** The view's rows on the date that carry expectations: from their index now, from the rows otherwise. */
  private rowsWithExpectations(view: string, f: ExpectationsQueryDto & { asOf: string }) {
    const query = {
      asOf: f.asOf,
      knownAt: normaliseKnownAt(f.knownAt),
      publishedBy: f.publishedBy,
      country: f.country,
      origin: f.origin,
      subject: f.subject,
    };
    if (f.knownAt || f.publishedBy)
      return this.reader.all(view, query).filter((r) => Array.isArray(r.value.expectations));
    const engine = this.reader.engine;
    const vw = engine.servingVw(view);
    const projection = engine.projection(view);
    if (vw === undefined || !projection) return this.reader.all(view, query);
    const keys = engine.store.keysWithExpectations(vw, f.asOf);
    return keys.flatMap((key) => this.reader.page(view, { ...query, key, limit: 1 }).rows);
  }
}

function titleOf(value: Record<string, unknown>, key: string): string {
  for (const field of ['title', 'name', 'label', 'technology'])
    if (typeof value[field] === 'string') return value[field] as string;
  return key;
}

function encodeOffset(offset: number): string {
  return Buffer.from(JSON.stringify({ o: offset })).toString('base64url');
}

function decodeOffset(cursor: string): number {
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString()) as { o?: unknown };
    if (Number.isInteger(parsed.o) && (parsed.o as number) >= 0) return parsed.o as number;
  } catch {
    /* reported below */
  }
  throw badRequest('BAD_CURSOR', 'cursor is not one this service issued', [
    { path: 'cursor', code: 'invalid', message: 'not a cursor from a previous page' },
  ]);
}
