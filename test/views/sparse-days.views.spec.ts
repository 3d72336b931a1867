import type Database from 'better-sqlite3';
import type { RowFilter, TemporalStore } from '../../src/views/store/temporal-store.js';
import { queryPlan } from '../support/query-plan.js';
import { facility, type Step, World } from '../support/world.js';

/**
 * Plants announced from 2001 to 2024 (one a year, each opened two years later, a few closed), so
 * that an early day finds few rows begun and a late one many.
 */
function plants(): Step[] {
  const steps: Step[] = [];
  for (let year = 2001; year <= 2024; year++) {
    const data = { facilityId: `plant-${year}`, country: year % 2 === 0 ? 'HU' : 'DE' };
    steps.push(
      { record: facility('FacilityAnnounced', `${year}-03`, data) },
      { record: facility('FacilityOpened', `${year + 2}-06-01`, data) },
    );
    if (year % 5 === 0) steps.push({ record: facility('FacilityClosed', `${year + 4}`, data) });
  }
  return steps;
}

/** Every page of the lookup, following the keys as a client follows the cursor. */
function allPages(store: TemporalStore, vw: number, f: Omit<RowFilter, 'limit' | 'afterKey'>): string[] {
  const rows: string[] = [];
  let after: string | undefined;
  for (;;) {
    const page = store.versionsAsOf(vw, { ...f, limit: 5, ...(after !== undefined ? { afterKey: after } : {}) });
    rows.push(...page.map((r) => `${r.key} ${r.rid} ${r.valid_from} ${r.valid_to} ${r.certain_from} ${r.certain_to}`));
    if (page.length < 5) return rows;
    after = page.at(-1)!.key;
  }
}

describe('as-of lookups on a day before most rows begin', () => {
  let world: World;
  let store: TemporalStore;
  let vw: number;
  beforeAll(async () => {
    world = await World.open();
    await world.given(...plants());
    store = world.parts.views.store;
    vw = world.parts.views.servingVw('facilities')!;
  });
  afterAll(async () => {
    store.sparseRows = 2_000;
    await world.close();
  });

  /** The plan of the statement `call` prepares that matches `shape` (the store prepares a statement per filter shape). */
  const planOf = (call: () => void, shape: RegExp): string => {
    const statements = (store as unknown as { statements: Map<string, Database.Statement> }).statements;
    statements.clear();
    call();
    const [sql] = [...statements.keys()].filter((s) => shape.test(s));
    return queryPlan(world.parts.readModel.db as Database.Database, sql!).join('; ');
  };

  const days = ['2000-06-01', '2001-03-15', '2002-12-31', '2004-01-01', '2010-07-01', '2020-01-01', '2031-01-01'];

  it('answer as reading every key in order does, whichever way they read', () => {
    for (const certainOnly of [false, true])
      for (const asOf of days) {
        store.sparseRows = 0;
        const inKeyOrder = allPages(store, vw, { asOf, certainOnly });
        // 3: only the earliest days read by beginning; 1,000: every day, over several pages.
        for (const sparseRows of [3, 1_000]) {
          store.sparseRows = sparseRows;
          const byBeginning = allPages(store, vw, { asOf, certainOnly });
          expect({ asOf, certainOnly, sparseRows, rows: byBeginning }).toEqual({
            asOf,
            certainOnly,
            sparseRows,
            rows: inKeyOrder,
          });
        }
      }
    // The days span both: none, a few and most rows holding.
    store.sparseRows = 0;
    expect(allPages(store, vw, { asOf: '2000-06-01' })).toEqual([]);
    expect(allPages(store, vw, { asOf: '2020-01-01' }).length).toBeGreaterThan(10);
  });

  it('read the few rows begun by such a day by when they begin, and a day with many in key order', () => {
    const versionsPlan = (asOf: string, certainOnly: boolean) =>
      planOf(() => store.versionsAsOf(vw, { asOf, certainOnly, limit: 5 }), /FROM view_versions v /);
    store.sparseRows = 3;
    // Two plants announced by 2002-12-31: fewer than three rows begun.
    expect(versionsPlan('2002-12-31', false)).toMatch(
      /SEARCH v USING INDEX view_versions_possible_from \(vw=\? AND valid_from>\? AND valid_from<\?\)/,
    );
    expect(versionsPlan('2002-12-31', true)).toMatch(
      /SEARCH v USING INDEX view_versions_certain_from \(vw=\? AND certain_from>\? AND certain_from<\?\)/,
    );
    expect(versionsPlan('2020-01-01', false)).toMatch(/USING INDEX view_versions_possible \(vw=\?/);
    expect(versionsPlan('2020-01-01', true)).toMatch(/USING INDEX view_versions_certain \(vw=\?/);
  });

  it('give every pair of the footprint as reading the placements in pair order does', () => {
    const footprint = (asOf: string, certainOnly: boolean) =>
      [...world.view('footprint', { asOf, certainOnly }).values()].map((row) => JSON.stringify(row));
    for (const certainOnly of [false, true])
      for (const asOf of days) {
        store.sparseRows = 0;
        const inPairOrder = footprint(asOf, certainOnly);
        for (const sparseRows of [3, 1_000]) {
          store.sparseRows = sparseRows;
          expect({ asOf, certainOnly, sparseRows, rows: footprint(asOf, certainOnly) }).toEqual({
            asOf,
            certainOnly,
            sparseRows,
            rows: inPairOrder,
          });
        }
      }
    store.sparseRows = 0;
    expect(footprint('2020-01-01', false).length).toBeGreaterThan(0);
  });

  it('of the footprint read the placements begun by such a day by when they begin', () => {
    const vws = world.parts.views.footprintVws();
    const pairsPlan = (asOf: string) =>
      planOf(() => store.footprintPairs({ asOf, vws, certainOnly: false, limit: 5 }), /json_group_array/);
    store.sparseRows = 3;
    expect(pairsPlan('2002-12-31')).toMatch(
      /SEARCH v USING INDEX view_versions_possible_from \(vw=\? AND valid_from>\? AND valid_from<\?\).*SEARCH p USING INDEX view_placements_by_rid \(rid=\?\)/,
    );
    expect(pairsPlan('2020-01-01')).toMatch(/SCAN p USING COVERING INDEX view_placements_by_organisation/);
  });
});
