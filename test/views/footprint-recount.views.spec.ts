import { join } from 'node:path';
import Database from 'better-sqlite3';
import { verifyReadModel } from '../../src/views/build/verify.js';
import { stepDates } from '../../src/views/series.query.js';
import type { SeriesQueryDto } from '../../src/views/series-query.dto.js';
import { footprintPaths } from '../support/footprint-paths.js';
import { facility, World, type Step } from '../support/world.js';

/**
 * The footprint's counts over time are made again a slice at a time; a pair with many placements
 * is read over several slices rather than in one (twenty thousand placements held the event loop
 * about 180 ms). A write between two of them, by this process or another, has the pair read again
 * from its start: the counts never miss it.
 */
const BIG = 700;

function plants(): Step[] {
  const steps: Step[] = [];
  const dates = ['2018-03', '2019', '2020-06-15', '2021~', '2022-04?', '2023-11'];
  for (let n = 0; n < BIG; n += 1) {
    const data = { facilityId: `big-${n}`, owner: 'org:big', country: 'HU' };
    const type = n % 3 === 0 ? 'FacilityAnnounced' : 'FacilityOpened';
    steps.push({ record: { ...facility(type, dates[n % dates.length]!, data), subjects: ['org:big'] } });
  }
  for (let n = 0; n < 12; n += 1) {
    const data = { facilityId: `small-${n}`, owner: `org:small-${n % 4}`, country: ['DE', 'HU', 'PL'][n % 3]! };
    steps.push({ record: facility('FacilityOpened', dates[n % dates.length]!, data) });
  }
  return steps;
}

const QUERIES: Partial<SeriesQueryDto>[] = [
  { groupBy: 'country', step: 'month' },
  { status: 'planned', groupBy: 'country', step: 'month' },
  { subject: 'org:big', step: 'month', certainty: 'certain' },
];

/** The counts made, for each query, equal the placements swept. */
function expectCountsEqualSwept(world: World): void {
  const handler = footprintPaths(world);
  for (const q of QUERIES) {
    const f = { from: '2017-01-01', to: '2025-12-31', ...q } as SeriesQueryDto;
    const dates = stepDates(f.from, f.to, f.step ?? 'year');
    const counted = handler.footprintFromCounts(f, dates);
    expect(counted).toBeDefined();
    expect({ q, points: counted }).toEqual({ q, points: handler.footprintSwept(f, dates) });
  }
}

describe("the footprint's counts made again, a pair with many placements", () => {
  let world: World;
  beforeAll(async () => {
    world = await World.open();
    await world.given(...plants());
  }, 120_000);
  afterAll(() => world.close());

  const recount = () => {
    const views = world.parts.views;
    return views.store.transaction(() => views.store.footprint.recountSome(views.footprintVws(), 0), true);
  };
  const pairs = () =>
    (world.parts.readModel.db.prepare('SELECT count(*) AS n FROM footprint_pairs').get() as { n: number }).n;

  it('is read over several slices, and counted as when read whole', async () => {
    const before = pairs();
    let slices = 1;
    while (!recount()) slices += 1;
    // Each pair but the big one takes a slice of its own (the reading's time is 0); the big one
    // three at least (its placements are looked at the time every 256).
    expect(slices).toBeGreaterThanOrEqual(before - 1 + Math.floor(BIG / 256));
    expect(pairs()).toBe(before);
    expectCountsEqualSwept(world);
    expect(await verifyReadModel(world.store, world.parts.views.store, join(world.dir, 'rebuilt-1.db'))).toEqual([]);
  });

  /**
   * Recounts to the end, calling `between` once, between two slices that both end with the same
   * pair counted last: the second read part of the next pair without reaching its end (only the
   * big pair is that long).
   */
  const recountWritingMidPair = async (between: () => Promise<void> | void) => {
    const last = () =>
      JSON.stringify(
        world.parts.readModel.db.prepare('SELECT after_country, after_organisation FROM footprint_counts_basis').get(),
      );
    let before = '';
    let called = false;
    while (!recount()) {
      const now = last();
      if (!called && now === before) {
        called = true;
        await between();
      }
      before = now;
    }
    expect(called).toBe(true);
  };

  it('written to between its slices by this process, is read again from its start', async () => {
    await recountWritingMidPair(async () => {
      await world.given(
        { record: facility('FacilityClosed', '2021-02', { facilityId: 'big-1', owner: 'org:big', country: 'HU' }) },
        { record: facility('FacilityOpened', '2017-05', { facilityId: 'big-new', owner: 'org:big', country: 'HU' }) },
      );
    });
    expectCountsEqualSwept(world);
    expect(await verifyReadModel(world.store, world.parts.views.store, join(world.dir, 'rebuilt-2.db'))).toEqual([]);
  });

  it('written to between its slices by another connection, is read again from its start', async () => {
    const other = new Database(world.parts.readModel.db.name);
    try {
      // One of its placements begins in 2017 now, before any other: the pair is present a year
      // earlier (as another process could have written it).
      await recountWritingMidPair(() => {
        const { changes } = other
          .prepare(
            `UPDATE view_placements SET valid_from = '2017-01-01', certain_from = '2017-01-01'
             WHERE country = 'HU' AND organisation = 'org:big' AND key = 'big-1'`,
          )
          .run();
        expect(changes).toBeGreaterThan(0);
      });
      expectCountsEqualSwept(world);
    } finally {
      other.close();
    }
  });

  it('stops a slice once what it has read would take the rest of its time to write', () => {
    const views = world.parts.views;
    const counts = views.store.footprint;
    const slice = () => views.store.transaction(() => counts.recountSome(views.footprintVws(), 60_000), true);
    const counted = () =>
      world.parts.readModel.db.prepare('SELECT after_country, after_organisation FROM footprint_counts_basis').get();
    // A minute to work, a minute to write each row: the reading alone would be done in one slice,
    // every pair; what its first pair has to write already fills it.
    counts.rowWriteMs = 60_000;
    expect(slice()).toBe(false);
    const first = world.parts.readModel.db
      .prepare('SELECT country, organisation FROM view_placements ORDER BY country, organisation LIMIT 1')
      .get() as { country: string; organisation: string };
    expect(counted()).toEqual({ after_country: first.country, after_organisation: first.organisation });
    // Each slice's writes say what a row costs: the slices grow as the reckoning falls.
    let slices = 1;
    while (!slice()) slices += 1;
    expect(slices).toBeGreaterThan(1);
    expect(counts.rowWriteMs).toBeLessThan(60_000);
    expectCountsEqualSwept(world);
  });
});
