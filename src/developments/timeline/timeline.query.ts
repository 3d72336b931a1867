import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import type { DevelopmentState } from '../../../events/index.js';
import { decodeCursor, encodeCursor, positions } from '../../http/cursor.js';
import { filterSql } from '../../filters/development-filter.js';
import { ReadModel } from '../../read-model/read-model.js';
import { presentDevelopment, type PresentedDevelopment } from '../present.js';
import type { TimelineQueryDto } from './timeline-query.dto.js';

export type TimelineDevelopment = PresentedDevelopment;

/**
 * The most characters of stored developments one page holds (at least one development): 100
 * developments of 1 MiB would otherwise make a 100 MB answer.
 */
export const PAGE_BYTES = 2 * 1024 * 1024;

export interface TimelinePage {
  developments: TimelineDevelopment[];
  /** Pass as `cursor` for the next page; absent on the last page. */
  nextCursor?: string;
}

export class GetTimeline extends Query<TimelinePage> {
  constructor(readonly filters: TimelineQueryDto) {
    super();
  }
}

/** Developments in valid-time order (earliest day, then latest day, then recording order). */
@QueryHandler(GetTimeline)
export class GetTimelineHandler implements IQueryHandler<GetTimeline> {
  constructor(private readonly readModel: ReadModel) {}

  async execute({ filters: f }: GetTimeline): Promise<TimelinePage> {
    const { where, params, exact, keeps } = filterSql({
      types: f.type,
      subject: f.subject,
      country: f.country,
      origin: f.origin,
      q: f.q,
      publishedBy: f.publishedBy,
    });
    if (f.knownAt) {
      where.push('v.recorded_from <= ? AND (v.recorded_to IS NULL OR v.recorded_to > ?)');
      params.push(f.knownAt, f.knownAt);
    } else {
      where.push('v.recorded_to IS NULL');
    }
    if (!f.includeRetracted) where.push('v.retracted = 0');
    if (f.from) {
      where.push('v.latest >= ?');
      params.push(f.from);
    }
    if (f.to) {
      where.push('v.earliest <= ?');
      params.push(f.to);
    }
    if (f.cursor) {
      where.push('(v.earliest, v.latest, v.seq) > (?, ?, ?)');
      params.push(...decodeCursor('timeline', f.cursor, positions.timeline));
    }
    const limit = f.limit ?? 50;
    // Read in the answer's order until the page is full: where `where` selects more than the filter
    // (`q`), the rows are checked one by one (`keeps`), so no LIMIT can be set on them in SQL.
    const rows = this.readModel.db
      .prepare<unknown[], { state: string; earliest: string; latest: string; seq: number }>(
        `SELECT v.state, v.earliest, v.latest, v.seq FROM development_versions v
       WHERE ${where.join(' AND ')} ORDER BY v.earliest, v.latest, v.seq${exact ? ' LIMIT ?' : ''}`,
      )
      .iterate(...params, ...(exact ? [limit + 1] : []));
    const page: { development: DevelopmentState; earliest: string; latest: string; seq: number }[] = [];
    let bytes = 0;
    let more = false;
    for (const row of rows) {
      const development = JSON.parse(row.state) as DevelopmentState;
      if (!keeps(development)) continue;
      // A page ends at `limit` developments or PAGE_BYTES, whichever comes first; the cursor goes on.
      if (page.length === limit || (page.length > 0 && bytes + row.state.length > PAGE_BYTES)) {
        more = true;
        break;
      }
      page.push({ development, earliest: row.earliest, latest: row.latest, seq: row.seq });
      bytes += row.state.length;
    }
    const last = page[page.length - 1];
    return {
      developments: page.map((r) => presentDevelopment(r.development)),
      ...(more && last ? { nextCursor: encodeCursor('timeline', [last.earliest, last.latest, last.seq]) } : {}),
    };
  }
}
