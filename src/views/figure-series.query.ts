import { type IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { checkStatus } from './view-statuses.js';
import { invalidParameter, refused } from '../errors/rejection.js';
import { figureSeries, type FigureSeriesAnswer } from './read/figure-series.js';
import type { SeriesQueryDto } from './series-query.dto.js';
import { stepDates } from './series.query.js';
import { readingOf, ViewReader } from './read/view-reader.js';
import type { ViewRow } from './read/view-rows.js';

export class GetFigureSeries extends Query<FigureSeriesAnswer> {
  constructor(readonly filters: SeriesQueryDto) {
    super();
  }
}

const MAX_STEPS = 600;

/**
 * Figures per series over time: the investments view asked at each step, every filter and axis
 * applied as on the view itself. A count of figure rows would say nothing, and a sum of them would
 * add totals to their parts and stocks to flows.
 */
@QueryHandler(GetFigureSeries)
export class GetFigureSeriesHandler implements IQueryHandler<GetFigureSeries> {
  constructor(private readonly reader: ViewReader) {}

  async execute({ filters: f }: GetFigureSeries): Promise<FigureSeriesAnswer> {
    if (f.from > f.to)
      throw refused('BAD_RANGE', 'from must not be after to', [{ path: 'from', code: 'invalid', message: 'after to' }]);
    if (f.groupBy) {
      throw invalidParameter('groupBy', 'figures are given per series, never grouped or summed');
    }
    checkStatus('investments', f.status);
    const step = f.step ?? 'year';
    const dates = stepDates(f.from, f.to, step);
    if (dates.length > MAX_STEPS) {
      throw refused('TOO_MANY_STEPS', `at most ${MAX_STEPS} steps; use a longer step or a shorter range`, [
        { path: 'step', code: 'too_big', message: `${dates.length} steps` },
      ]);
    }
    const budget = this.reader.budget();
    const rowsAt: ViewRow[][] = [];
    for (const asOf of dates) rowsAt.push(await this.reader.readAll('investments', readingOf(f, asOf), budget));
    return { view: 'investments', from: f.from, to: f.to, step, series: figureSeries(dates, rowsAt) };
  }
}
