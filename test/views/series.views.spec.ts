import { GetSeries, GetSeriesHandler } from '../../src/views/series.query.js';
import type { SeriesQueryDto } from '../../src/views/series-query.dto.js';
import { ViewReader } from '../../src/views/read/view-reader.js';
import { facility, World } from '../support/world.js';

/** Counts over time must say what asking the view at each step's date says, however they are computed. */
describe('counts over time', () => {
  let world: World;
  beforeAll(async () => {
    world = await World.open();
    const moved = facility('FacilityAnnounced', '2019-05', { facilityId: 'f-moved', country: 'BR' });
    const retracted = facility('FacilityOpened', '2021', { facilityId: 'f-gone', country: 'HU' });
    await world.given(
      { record: facility('FacilityAnnounced', '2018') },
      { record: facility('FacilityConstructionStarted', '2020-02~') },
      { record: facility('FacilityOpened', '2022-41') },
      { record: moved },
      { record: retracted },
      { record: facility('FacilityClosed', '2024-03', { facilityId: 'f-moved', country: 'BR' }) },
      { correct: moved.id, changes: { date: '2019-11' } },
      { retract: retracted.id },
    );
  });
  afterAll(() => world.close());

  const series = (view: string, q: Partial<SeriesQueryDto>) =>
    new GetSeriesHandler(new ViewReader(world.parts.views)).execute(
      new GetSeries(view, { from: '2017-01-01', to: '2025-12-31', ...q } as SeriesQueryDto),
    );

  it.each([
    ['facilities', {}],
    ['facilities', { groupBy: 'country' }],
    ['facilities', { groupBy: 'status', step: 'quarter' }],
    ['facilities', { certainty: 'certain', groupBy: 'status' }],
    ['facilities', { groupBy: 'origin', step: 'month' }],
    ['footprint', { groupBy: 'country' }],
    // Filtered: swept from the indexes of the current rows, not from the stored monthly counts.
    ['facilities', { country: 'HU', groupBy: 'country' }],
    ['facilities', { country: 'BR', groupBy: 'status', step: 'quarter' }],
    ['facilities', { status: 'under-construction', groupBy: 'country' }],
    ['facilities', { status: 'operating', step: 'month' }],
    ['facilities', { status: 'operating', certainty: 'certain', groupBy: 'country' }],
    ['facilities', { status: 'operating', groupBy: 'status' }],
    ['facilities', { subject: 'org:byd', certainty: 'certain', groupBy: 'country' }],
    ['facilities', { country: 'HU', subject: 'org:byd', status: 'operating', groupBy: 'status' }],
  ] as [string, Partial<SeriesQueryDto>][])('%s %j equals the view asked at each date', async (view, q) => {
    const answer = await series(view, q);
    for (const point of answer.points) {
      // The footprint counts presence; plans are counted apart (status=planned).
      const rows = [...world.view(view, { asOf: point.date, certainOnly: q.certainty === 'certain' }).values()].filter(
        (r) =>
          (view !== 'footprint' || r.value.presence === 'present') &&
          (!q.country || r.value.country === q.country) &&
          (!q.status || r.value.status === q.status) &&
          (!q.subject || r.value.owner === q.subject),
      );
      expect({ date: point.date, total: point.total }).toEqual({ date: point.date, total: rows.length });
      if (q.groupBy === 'status') {
        const byStatus: Record<string, number> = {};
        for (const r of rows) byStatus[r.value.status as string] = (byStatus[r.value.status as string] ?? 0) + 1;
        expect(point.groups).toEqual(byStatus);
      }
      if (q.groupBy === 'country') {
        const byCountry: Record<string, number> = {};
        for (const r of rows) byCountry[r.value.country as string] = (byCountry[r.value.country as string] ?? 0) + 1;
        expect(point.groups).toEqual(byCountry);
      }
    }
    expect(answer.points.some((p) => p.total > 0)).toBe(true);
  });

  it('gives the same counts from the monthly index as from scanning the rows (a filter that matches everything)', async () => {
    const fast = await series('facilities', { groupBy: 'status' });
    const scanned = await series('facilities', { groupBy: 'status', origin: 'CN' });
    expect(scanned.points).toEqual(fast.points);
  });
});
