import { join } from 'node:path';
import { PROJECTIONS } from '../../projections/index.js';
import { verifyReadModel } from '../../src/views/build/verify.js';
import { FootprintCounts } from '../../src/views/store/footprint-counts.js';
import { GetSeries, GetSeriesHandler, stepDates, type SeriesPoint } from '../../src/views/series.query.js';
import type { SeriesQueryDto } from '../../src/views/series-query.dto.js';
import { ViewReader } from '../../src/views/read/view-reader.js';
import { footprintPaths } from '../support/footprint-paths.js';
import { acquisition, facility, World, type Step } from '../support/world.js';

/**
 * The footprint's counts over time say, at each step's date, how many rows the footprint as of that
 * date gives with the same filters (without `status`, the rows that are presence): for every status
 * (presence, only plans, a facility status, a mode), both series, by country and by origin, for one
 * country or one home country, whether the counts are kept as the developments arrive, built in one
 * pass, or swept from the placements.
 */
const DATES = ['2019', '2020-03', '2020-06-15', '2021~', '2021-04?', '2021-21', '2024-02-29', '2022', '2023-11'];

/** Plants of three owners in three countries: announced, opened, closed, moved, corrected, retracted. */
function developments(): Step[] {
  const steps: Step[] = [];
  const owners = ['org:byd', 'org:catl', 'org:ymtc'];
  const countries = ['HU', 'DE', 'BR'];
  for (let n = 0; n < 40; n += 1) {
    const owner = owners[n % owners.length]!;
    const data = { facilityId: `p-${n}`, owner, country: countries[(n >> 1) % countries.length]! };
    const record = (type: string, date: string) => ({ record: { ...facility(type, date, data), subjects: [owner] } });
    steps.push(record('FacilityAnnounced', DATES[n % DATES.length]!));
    if (n % 4 !== 0) steps.push(record('FacilityOpened', DATES[(n + 3) % DATES.length]!));
    if (n % 6 === 1) steps.push(record('FacilityClosed', '2024-06'));
  }
  const moved = facility('FacilityOpened', '2020-05', { facilityId: 'moved', owner: 'org:byd', country: 'BR' });
  const gone = facility('FacilityOpened', '2021', { facilityId: 'gone', owner: 'org:catl', country: 'PL' });
  steps.push(
    { record: moved },
    { record: { ...gone, subjects: ['org:catl'] } },
    { record: acquisition('AcquisitionCompleted', '2021-05', 'org:byd', 'org:samsung') },
    { record: acquisition('AcquisitionAnnounced', '2022', 'org:ymtc', 'org:samsung') },
    { correct: moved.id, changes: { date: '2022-11' } },
    { retract: gone.id },
  );
  return steps;
}

const FILTERS: Partial<SeriesQueryDto>[] = [
  {},
  { groupBy: 'country' },
  { groupBy: 'origin', step: 'quarter' },
  { status: 'planned', groupBy: 'country' },
  { status: 'present', groupBy: 'origin' },
  { status: 'operating', groupBy: 'country' },
  { status: 'announced' },
  { status: 'plant:operating' },
  { status: 'acquirer', groupBy: 'origin' },
  { country: 'HU', step: 'month' },
  { country: 'DE', status: 'planned', groupBy: 'country' },
  { origin: 'CN', groupBy: 'origin' },
  { origin: 'CN', groupBy: 'country' },
  { subject: 'org:byd', groupBy: 'country' },
  { subject: 'org:ymtc', status: 'planned', groupBy: 'origin' },
  { subject: 'org:byd', country: 'HU', step: 'quarter' },
  { subject: 'org:catl', status: 'operating', groupBy: 'country' },
];
const CASES = FILTERS.flatMap((f) => [f, { ...f, certainty: 'certain' as const }]);

function expectAsAskedAtEachDate(world: World, q: Partial<SeriesQueryDto>, points: { points: SeriesPoint[] }) {
  for (const point of points.points) {
    const rows = [
      ...world
        .view('footprint', {
          asOf: point.date,
          certainOnly: q.certainty === 'certain',
          status: q.status ?? 'present',
          ...(q.country ? { country: q.country } : {}),
          ...(q.origin ? { origin: q.origin } : {}),
          ...(q.subject ? { subject: q.subject } : {}),
        })
        .values(),
    ];
    const expected: { date: string; total: number; groups?: Record<string, number> } = {
      date: point.date,
      total: rows.length,
    };
    if (q.groupBy) {
      const groups: Record<string, number> = {};
      for (const r of rows) {
        const g = r.value[q.groupBy] as string | undefined;
        if (g !== undefined) groups[g] = (groups[g] ?? 0) + 1;
      }
      expected.groups = groups;
    }
    expect(point).toEqual(expected);
  }
}

function series(world: World, q: Partial<SeriesQueryDto>) {
  return new GetSeriesHandler(new ViewReader(world.parts.views)).execute(
    new GetSeries('footprint', { from: '2018-01-01', to: '2025-12-31', ...q } as SeriesQueryDto),
  );
}

describe("the footprint's counts over time", () => {
  let world: World;
  beforeAll(async () => {
    world = await World.open();
    await world.given(...developments());
  }, 120_000);
  afterAll(() => world.close());

  it.each(CASES)('%j, kept as developments arrive, equal the footprint asked at each date', async (q) => {
    const answer = await series(world, q);
    expectAsAskedAtEachDate(world, q, answer);
    if (!q.certainty && !q.status && !q.country && !q.origin) expect(answer.points.some((p) => p.total > 0)).toBe(true);
  });

  it('are answered from the stored counts where they hold the filters, and those equal the placements swept', () => {
    const handler = footprintPaths(world);
    let stored = 0;
    for (const q of CASES) {
      const f = { from: '2018-01-01', to: '2025-12-31', ...q } as SeriesQueryDto;
      const dates = stepDates(f.from, f.to, f.step ?? 'year');
      const counted = handler.footprintFromCounts(f, dates);
      if (!counted) continue;
      stored += 1;
      expect({ q, points: counted }).toEqual({ q, points: handler.footprintSwept(f, dates) });
    }
    // Everything but a mode, or one home country counted by country (but for one organisation).
    expect(stored).toBe(
      CASES.filter((q) => countedStatus(q.status) && (q.subject || !(q.origin && q.groupBy === 'country'))).length,
    );
  });

  it('kept as developments arrive equal those made in one pass from the log', async () => {
    expect(await verifyReadModel(world.store, world.parts.views.store, join(world.dir, 'rebuilt.db'))).toEqual([]);
  });

  it('are made again when a view is built anew, and kept again after', async () => {
    world.parts.views.markForBuild(PROJECTIONS.filter((p) => p.name === 'facilities'));
    const building = world.parts.views.footprintVws();
    // While facilities are built, they do not answer: the counts are not those of the views that do.
    expect(world.parts.views.store.footprint.countedOver(building)).toBe(false);
    await world.parts.ready();
    expect(world.parts.views.store.footprint.countedOver(world.parts.views.footprintVws())).toBe(true);
    await world.given(
      { record: facility('FacilityOpened', '2019-07', { facilityId: 'late', owner: 'org:ymtc', country: 'JP' }) },
      { record: facility('FacilityAnnounced', '2023-02', { facilityId: 'late-2', owner: 'org:ymtc', country: 'HU' }) },
    );
    for (const q of CASES) expectAsAskedAtEachDate(world, q, await series(world, q));
    expect(await verifyReadModel(world.store, world.parts.views.store, join(world.dir, 'rebuilt-2.db'))).toEqual([]);
  });

  it.each([
    ['this process', 1],
    ['another process on the same file', 2],
  ])('made again a pair at a time by %s while developments arrive: those written meanwhile are kept', async (_, n) => {
    const views = world.parts.views;
    const store = views.store;
    const vws = views.footprintVws();
    // Another process: counts of its own over the same file; this one's writes know of its recount
    // only from the file.
    const counts =
      n === 2 ? new FootprintCounts(world.parts.readModel.db, world.parts.entities.homeCountry) : store.footprint;
    const recount = () => store.transaction(() => counts.recountSome(vws, 0), true);
    expect(recount()).toBe(false);
    let slices = 1;
    // Pairs counted already and pairs still to come, changed between slices: in DE (early in pair
    // order), in HU, and in a country of its own.
    const plant = (type: string, date: string, id: string, owner: string, country: string) => ({
      record: facility(type, date, { facilityId: `${id}-${n}`, owner, country }),
    });
    const arriving: Step[] = [
      plant('FacilityOpened', '2018-03', 'during-de', 'org:catl', 'DE'),
      plant('FacilityAnnounced', '2021-08', 'during-hu', 'org:byd', 'HU'),
      plant('FacilityOpened', '2017-01', 'during-ar', 'org:ymtc', 'AR'),
      {
        record: facility('FacilityClosed', `2019-0${n + 1}`, {
          facilityId: `p-${n}`,
          owner: 'org:catl',
          country: 'HU',
        }),
      },
    ];
    while (!recount()) {
      slices += 1;
      const next = arriving.shift();
      if (next) await world.given(next);
    }
    expect(slices).toBeGreaterThan(4);
    expect(arriving).toEqual([]);
    expect(store.footprint.countedOver(vws)).toBe(true);
    for (const q of CASES) expectAsAskedAtEachDate(world, q, await series(world, q));
    expect(await verifyReadModel(world.store, store, join(world.dir, `rebuilt-3-${n}.db`))).toEqual([]);
  });
});

function countedStatus(status: string | undefined): boolean {
  return status === undefined || status === 'present' || status === 'planned';
}
