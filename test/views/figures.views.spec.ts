import { GetFigureSeries, GetFigureSeriesHandler } from '../../src/views/figure-series.query.js';
import type { FigurePoint } from '../../src/views/read/figure-series.js';
import type { SeriesQueryDto } from '../../src/views/series-query.dto.js';
import { ViewReader } from '../../src/views/read/view-reader.js';
import { figure, World } from '../support/world.js';

/** Figures over time are values per series: never a count of rows, never a sum across series. */
describe('figures over time', () => {
  let world: World;
  beforeAll(async () => {
    world = await World.open();
    await world.given(
      { record: figure('cn-odi-flow', '2019', 100) },
      { record: figure('cn-odi-flow', '2021', 150) },
      { record: figure('cn-odi-flow-ict', '2019', 10, undefined, { partOf: 'cn-odi-flow' }) },
      { record: figure('cn-odi-stock', '2019', 900, undefined, { measure: 'stock', label: 'ODI stock' }) },
      {
        record: figure('cn-latam', '2003/2018', 2, undefined, {
          measure: 'cumulative',
          label: 'Latin America, cumulative',
          value: { value: 2, currency: 'USD', unit: 'billion', bound: 'over' },
        }),
      },
    );
  });
  afterAll(() => world.close());

  const ask = (q: Partial<SeriesQueryDto> = {}) =>
    new GetFigureSeriesHandler(new ViewReader(world.parts.views)).execute(
      new GetFigureSeries({ from: '2018-01-01', to: '2022-12-31', ...q } as SeriesQueryDto),
    );
  const values = (points: FigurePoint[]) => points.map((p) => p.value);

  it('given a flow and a stock of the same investor, it answers each apart and never adds them', async () => {
    const { series } = await ask();
    const flow = series.find((s) => s.series === 'cn-odi-flow')!;
    const stock = series.find((s) => s.series === 'cn-odi-stock')!;
    expect(flow).toMatchObject({ measure: 'flow', unit: 'USD million', currency: 'USD', scale: 'million' });
    expect(stock).toMatchObject({ measure: 'stock', label: 'ODI stock' });
    expect(values(flow.points)).toEqual([null, 100, 100, 150, 150]);
    expect(values(stock.points)).toEqual([null, 900, 900, 900, 900]);
    const every = series.flatMap((s) => values(s.points));
    expect(every).not.toContain(1000);
  });

  it('given a total and its component, it answers both, the part marked as part, never their sum', async () => {
    const { series } = await ask();
    const part = series.find((s) => s.series === 'cn-odi-flow-ict')!;
    expect(part.partOf).toBe('cn-odi-flow');
    expect(values(part.points)).toEqual([null, 10, 10, 10, 10]);
    expect(series.flatMap((s) => values(s.points))).not.toContain(110);
  });

  it('keeps each figure with its own period, source and certainty at later steps', async () => {
    const { series } = await ask();
    const flow = series.find((s) => s.series === 'cn-odi-flow')!;
    expect(flow.points[2]).toMatchObject({
      date: '2020-12-31',
      value: 100,
      period: '2019',
      periodText: '2019',
      source: { title: 'A report' },
    });
    expect(flow.points[2]!.development).toEqual(expect.any(String));
    const latam = series.find((s) => s.series === 'cn-latam')!;
    expect(latam).toMatchObject({ measure: 'cumulative', unit: 'USD billion' });
    expect(latam.points[0]).toMatchObject({ value: 2, bound: 'over', period: '2003/2018' });
  });

  it('answers one line per series with only what the filters keep', async () => {
    const { series } = await ask({ status: 'stock' });
    expect(series.map((s) => s.series)).toEqual(['cn-odi-stock']);
  });

  it('refuses to group figures, which would sum them', async () => {
    await expect(ask({ groupBy: 'country' })).rejects.toMatchObject({ code: 'INVALID_PARAMETER' });
  });
});
