import { jest } from '@jest/globals';
import { ViewReader } from '../../src/views/read/view-reader.js';
import { acquisition, facility, World } from '../support/world.js';

/**
 * The current footprint is read from the placements index; an earlier reading (`knownAt`) folds the
 * contributing rows instead. Read as of the last transaction, both must give the same rows, field for
 * field: certainty, the latest start and its date as given, the earliest end, the last report, the
 * listed facilities and their count, holdings, modes, developments; and a page at a time, the same
 * rows as one page, whatever the filters leave out.
 */
const PLANTS = 260;
const DATES = ['2021', '2022-03', '2022-06-15', '2023~', '2023-04?', '2023-21', '2024-02-29', '2024'];
const PUBLISHED = ['2025-07', '2026', '2025-09-30', undefined, '2026-03'];

function sourceOf(n: number) {
  const published = PUBLISHED[n % PUBLISHED.length];
  return [
    { title: 'A report', url: `https://example.org/r/${n}`, quote: 'as reported', ...(published ? { published } : {}) },
  ];
}

describe('the footprint from the placements index', () => {
  let world: World;
  /** The transaction time of the last development recorded: reading the log as of then is reading it now. */
  let knownAt: string;
  beforeAll(async () => {
    world = await World.open();
    const steps = [];
    for (let n = 0; n < PLANTS; n += 1) {
      const data = { facilityId: `byd-${String(n).padStart(3, '0')}`, country: n % 7 === 0 ? 'DE' : 'HU' };
      const date = DATES[n % DATES.length]!;
      // Every plant is announced; most open later, some close, some only stay plans.
      steps.push({ record: { ...facility('FacilityAnnounced', date, data), sources: sourceOf(n) } });
      if (n % 5 !== 0) {
        const opened = DATES[(n + 3) % DATES.length]!;
        steps.push({ record: { ...facility('FacilityOpened', opened, data), sources: sourceOf(n + 1) } });
      }
      if (n % 11 === 0)
        steps.push({ record: { ...facility('FacilityClosed', '2025-06', data), sources: sourceOf(n + 2) } });
    }
    for (let n = 0; n < 6; n += 1) {
      const data = { facilityId: `catl-${n}`, owner: 'org:catl', country: 'HU' };
      steps.push({ record: { ...facility('FacilityAnnounced', DATES[n]!, data), subjects: ['org:catl'] } });
    }
    steps.push({ record: acquisition('AcquisitionCompleted', '2023-05', 'org:byd', 'org:samsung', sourceOf(7)) });
    steps.push({ record: acquisition('AcquisitionAnnounced', '2024', 'org:ymtc', 'org:samsung', sourceOf(4)) });
    knownAt = (await world.given(...steps)).at(-1)!;
  }, 120_000);
  afterAll(() => world.close());

  const plain = (rows: Map<string, unknown>) => JSON.parse(JSON.stringify([...rows]));

  it.each([['2022-12-31'], ['2023-06-30'], ['2024-03-01'], ['2024-12-31'], ['2025-12-31'], ['2027-01-01']])(
    'as of %s equals the rows folded again, in both series and for every status',
    (asOf) => {
      for (const certainOnly of [false, true]) {
        for (const status of [
          undefined,
          'present',
          'planned',
          'operating',
          'announced',
          'plant:operating',
          'acquirer',
        ]) {
          const filter = { asOf, certainOnly, ...(status ? { status } : {}) };
          const current = world.view('footprint', filter);
          expect(plain(current)).toEqual(plain(world.view('footprint', { ...filter, knownAt })));
          for (const country of ['HU', 'DE', 'KR'])
            expect(plain(world.view('footprint', { ...filter, country }))).toEqual(
              plain(world.view('footprint', { ...filter, country, knownAt })),
            );
        }
      }
    },
  );

  it('lists the first 100 facilities and the first 100 developments of a pair with more', () => {
    const row = world.view('footprint', { asOf: '2027-01-01' }).get('org:byd@HU')!;
    const value = row.value as { facilities: object; moreFacilities?: number };
    expect(Object.keys(value.facilities)).toHaveLength(100);
    expect(value.moreFacilities).toBeGreaterThan(50);
    expect(row.developments).toHaveLength(100);
    expect(row).toMatchObject({ moreDevelopments: true });
  });

  it('pages by pair: a page of one row at a time gives the rows of one page, whatever the filters leave out', () => {
    const reader = new ViewReader(world.parts.views);
    for (const certainOnly of [false, true]) {
      for (const status of [undefined, 'present', 'planned', 'operating', 'acquirer']) {
        const filter = { asOf: '2024-12-31', certainOnly, ...(status ? { status } : {}) };
        const whole = reader.page('footprint', { ...filter, limit: 100 });
        const paged = [];
        let afterKey: string | undefined;
        for (;;) {
          const page = reader.page('footprint', { ...filter, limit: 1, ...(afterKey ? { afterKey } : {}) });
          paged.push(...page.rows);
          if (!page.more) break;
          afterKey = page.rows.at(-1)!.key;
        }
        expect({ certainOnly, status, keys: paged.map((r) => r.key) }).toEqual({
          certainOnly,
          status,
          keys: whole.rows.map((r) => r.key),
        });
        expect(JSON.parse(JSON.stringify(paged))).toEqual(JSON.parse(JSON.stringify(whole.rows)));
      }
    }
  });

  it('reads a pair with many placements summed up, once seen, giving the rows listing them gives', () => {
    const listing = new ViewReader(world.parts.views);
    listing.footprint.listed = Number.POSITIVE_INFINITY;
    const summing = new ViewReader(world.parts.views);
    summing.footprint.listed = 0;
    const apart = jest.spyOn(world.parts.views.store, 'placementsOfPair');
    try {
      for (const asOf of ['2022-12-31', '2024-03-01', '2025-12-31', '2027-01-01']) {
        for (const certainOnly of [false, true]) {
          for (const status of [undefined, 'present', 'planned', 'operating', 'announced', 'acquirer']) {
            for (const where of [{}, { country: 'HU' }, { subject: 'org:byd' }]) {
              for (const limit of [1, 100]) {
                const filter = { asOf, certainOnly, ...where, ...(status ? { status } : {}) };
                const all = (reader: ViewReader) => {
                  const rows = [];
                  let afterKey: string | undefined;
                  for (;;) {
                    const page = reader.page('footprint', { ...filter, limit, ...(afterKey ? { afterKey } : {}) });
                    rows.push(...page.rows);
                    if (!page.more) return JSON.parse(JSON.stringify(rows));
                    afterKey = page.rows.at(-1)!.key;
                  }
                };
                // Asked twice: the first reading lists every pair and learns which have many.
                all(summing);
                expect({ filter, rows: all(summing) }).toEqual({ filter, rows: all(listing) });
              }
            }
          }
        }
      }
      // The pairs were read summed up, their placements apart.
      expect(apart).toHaveBeenCalled();
    } finally {
      apart.mockRestore();
    }
  });

  it("reads a pair's placements apart a slice at a time, in the order the page lists them", () => {
    const store = world.parts.views.store;
    const filter = { asOf: '2027-01-01', vws: world.parts.views.footprintVws(), certainOnly: false, country: 'HU' };
    const listed = store.footprintPairs({ ...filter, subject: 'org:byd', limit: 1 })[0]!;
    const all = (JSON.parse(listed.placements) as [number, string, string, string][]).map(([vw, key, via, mode]) => ({
      vw,
      key,
      via,
      mode,
    }));
    expect(all.length).toBeGreaterThan(200);
    const sliced = [];
    for (let from = 0; from < all.length + 7; from += 7)
      sliced.push(...store.placementsOfPair(filter, 'org:byd', 'HU', from, 7));
    expect(sliced).toEqual(all);
    const summed = store.footprintPairs({ ...filter, subject: 'org:byd', limit: 1, summed: [['org:byd', 'HU']] })[0]!;
    expect(summed).toMatchObject({ summed: 1, placements: '[]' });
    const facilities = new Set(all.filter((p) => p.via === 'facility').map((p) => p.key));
    expect(summed.facility_count).toBe(facilities.size);
    expect(store.firstFacilitiesOfPair(filter, 'org:byd', 'HU', 5).map(([key]) => key)).toEqual(
      [...facilities].sort().slice(0, 5),
    );
  });
});
