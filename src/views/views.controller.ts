import { Controller, Get, Param, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { TimelineQueryDto } from '../developments/timeline/timeline-query.dto.js';
import { Output } from '../export/output.interceptor.js';
import { GetChanges } from './changes.query.js';
import { GetFigureSeries } from './figure-series.query.js';
import { ExpectationsQueryDto, GetExpectations } from './expectations.query.js';
import { GetReplay } from './replay.query.js';
import { SeriesQueryDto } from './series-query.dto.js';
import { GetSeries } from './series.query.js';
import { ChangesQueryDto, StateQueryDto } from './state-query.dto.js';
import { GetState } from './state.query.js';

@ApiTags('state')
@Controller()
export class ViewsController {
  constructor(private readonly queries: QueryBus) {}

  @Get('state/:view')
  @Output('view')
  @ApiOperation({
    summary:
      'A view (facilities, licensing, policies, agreements, investments, acquisitions, footprint, relationships) as of a date, as known at a time',
  })
  state(@Param('view') view: string, @Query() query: StateQueryDto) {
    return this.queries.execute(new GetState(view, query));
  }

  @Get('state/:view/series')
  @ApiOperation({
    summary:
      "Counts of a view's rows over time (per year, quarter or month), grouped by country, origin, status or kind; for investments, each series' figures over time, never summed",
  })
  series(@Param('view') view: string, @Query() query: SeriesQueryDto) {
    return this.queries.execute(view === 'investments' ? new GetFigureSeries(query) : new GetSeries(view, query));
  }

  @Get('expectations')
  @ApiOperation({
    summary: "Plans versus outcomes: expectations on the views' rows as of a date (pending, met, met late, overdue)",
  })
  expectations(@Query() query: ExpectationsQueryDto) {
    return this.queries.execute(new GetExpectations(query));
  }

  @Get('state/:view/changes')
  @ApiOperation({ summary: 'The rows of a view that differ between two dates' })
  changes(@Param('view') view: string, @Query() query: ChangesQueryDto) {
    return this.queries.execute(new GetChanges(view, query));
  }

  @Get('replay')
  @ApiOperation({ summary: 'Developments in valid-time order, each with what it changed in which view' })
  replay(@Query() query: TimelineQueryDto) {
    return this.queries.execute(new GetReplay(query));
  }
}
