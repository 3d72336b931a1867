import { GetSeriesHandler, type SeriesPoint } from '../../src/views/series.query.js';
import type { SeriesQueryDto } from '../../src/views/series-query.dto.js';
import { ViewReader } from '../../src/views/read/view-reader.js';
import type { World } from './world.js';

/** The two ways the footprint's current counts over time are found, side by side: stored, and swept from the placements. */
export function footprintPaths(world: World) {
  return new GetSeriesHandler(new ViewReader(world.parts.views)) as unknown as {
    footprintFromCounts(f: SeriesQueryDto, dates: string[]): SeriesPoint[] | undefined;
    footprintSwept(f: SeriesQueryDto, dates: string[]): SeriesPoint[];
  };
}
