import { GetSeries, GetSeriesHandler } from '../../src/views/series.query.js';
import type { SeriesQueryDto } from '../../src/views/series-query.dto.js';
import type { ViewReader } from '../../src/views/read/view-reader.js';
import { cpuMsSince } from './as-of-queries.js';
import type { Result } from './benchmark.js';
import { percentile, round } from './latency.js';
import { logPhase } from './progress.js';
import type { SyntheticWorld } from './synthetic-world.js';

/**
 * Times `GET /state/{view}/series` over twenty years, a point a year (the query handler behind the
 * route), `runs` times after `warmUp` untimed ones, until the budget is spent.
 */
export async function timeSeries(
  reader: ViewReader,
  view: string,
  filters: Omit<SeriesQueryDto, 'from' | 'to' | 'step'>,
  runs: number,
  warmUp: number,
  budgetMs: number,
): Promise<{ latenciesMs: number[]; cpuMs: number[]; points: number; lastTotal: number }> {
  const handler = new GetSeriesHandler(reader);
  const query = new GetSeries(view, { from: '2006-01-01', to: '2025-12-31', step: 'year', ...filters });
  let series = await handler.execute(query);
  for (let i = 1; i < warmUp; i++) series = await handler.execute(query);
  const latenciesMs: number[] = [];
  const cpuMs: number[] = [];
  const deadline = performance.now() + budgetMs;
  while (latenciesMs.length < runs && performance.now() < deadline) {
    const cpu = process.cpuUsage();
    const started = performance.now();
    series = await handler.execute(query);
    latenciesMs.push(performance.now() - started);
    cpuMs.push(cpuMsSince(cpu));
  }
  return {
    latenciesMs,
    cpuMs,
    points: series.points.length,
    lastTotal: series.points[series.points.length - 1]?.total ?? 0,
  };
}

const RUNS = 20;
const BUDGET_MS = 30_000;

/**
 * Twenty yearly points of each view's counts, of facilities by country and the hot organisation's
 * footprint, and of counts with a filter, grouped by country.
 */
export async function seriesQueries(reader: ViewReader, world: SyntheticWorld): Promise<Result> {
  const result: Result = { figures: {}, targets: {}, notes: [] };
  const lines: string[] = [];
  const leading = world.countries[0]!;
  const plans = [
    // Investments are figures, never counted: their series are per measure (`/state/investments/series`).
    ...reader
      .names()
      .filter((view) => view !== 'investments')
      .map((view) => ({ figure: view, view, filters: {} })),
    { figure: 'facilitiesByCountry', view: 'facilities', filters: { groupBy: 'country' as const } },
    { figure: 'footprintHotOrganisation', view: 'footprint', filters: { subject: world.hotOrganisation.ref } },
    // With a filter, by country, as the explorer draws the counts beside a filtered page: the country
    // with the most news, the hot organisation, a status, and two filters at once.
    {
      figure: 'facilitiesLeadingCountry',
      view: 'facilities',
      filters: { country: leading, groupBy: 'country' as const },
    },
    {
      figure: 'facilitiesHotOrganisation',
      view: 'facilities',
      filters: { subject: world.hotOrganisation.ref, groupBy: 'country' as const },
    },
    {
      figure: 'facilitiesOperating',
      view: 'facilities',
      filters: { status: 'operating', groupBy: 'country' as const },
    },
    {
      figure: 'relationshipsLeadingCountryHotOrganisation',
      view: 'relationships',
      filters: { country: leading, subject: world.hotOrganisation.ref, groupBy: 'country' as const },
    },
  ];
  for (const { figure, view, filters } of plans) {
    const { latenciesMs, cpuMs, lastTotal } = await timeSeries(reader, view, filters, RUNS, 2, BUDGET_MS);
    const p99 = percentile(latenciesMs, 99);
    result.figures[`${figure}SeriesP99Ms`] = round(p99, 1);
    result.figures[`${figure}SeriesP99CpuMs`] = round(percentile(cpuMs, 99), 1);
    result.targets[`${figure}SeriesP99Ms`] = { value: 50, op: '<=' };
    lines.push(
      `${figure} p50 ${round(percentile(latenciesMs, 50), 1)} ms over ${latenciesMs.length} runs (${lastTotal} rows at the end of 2025)`,
    );
    logPhase(`series ${figure}: p99 ${round(p99, 1)} ms`);
  }
  result.notes!.push(
    'series: 2006-01-01..2025-12-31 a point a year, through the series query handler (the current answer: ' +
      'unfiltered from the stored monthly counts, filtered swept from the indexes; the leading country is ' +
      `${leading}): ${lines.join('; ')}`,
  );
  return result;
}
