import type Database from 'better-sqlite3';
import { PROJECTIONS } from '../../projections/index.js';
import { filterSql, matchesQuery } from '../../src/filters/development-filter.js';
import { SEARCH_MERGES } from '../../src/read-model/schema.js';
import type { DevelopmentState } from '../../events/index.js';
import { facility, World } from '../support/world.js';

/**
 * The search index `q` is answered from is written with every development: how it merges its
 * segments is most of what it costs to write (a first start, an import), and it must find exactly
 * the developments whose text holds the words, however many segments the writes left.
 */
function merges(db: Database.Database): Record<string, number> {
  return Object.fromEntries(
    (db.prepare('SELECT k, v FROM development_search_config').all() as { k: string; v: number }[])
      .filter((row) => row.k in SEARCH_MERGES)
      .map((row) => [row.k, row.v]),
  );
}

describe('the search index', () => {
  let world: World;
  beforeAll(async () => {
    world = await World.open();
  });
  afterAll(() => world.close());

  it('merges 16 segments of a level at a time, in batches rather than at commits, and an index made before is set so when opened', async () => {
    const set = { automerge: 0, usermerge: 16, crisismerge: 64 };
    expect(merges(world.parts.readModel.db)).toEqual(set);
    world.parts.readModel.db.exec(
      "INSERT INTO development_search (development_search, rank) VALUES ('automerge', 16); " +
        "INSERT INTO development_search (development_search, rank) VALUES ('usermerge', 4); " +
        "INSERT INTO development_search (development_search, rank) VALUES ('crisismerge', 16)",
    );
    await world.reopen(PROJECTIONS);
    expect(merges(world.parts.readModel.db)).toEqual(set);
    world.parts.readModel.start();
    await world.parts.ready();
  });

  it('finds exactly the versions whose text holds q, not those that only hold its trigrams apart', async () => {
    // Each write is its own transaction, its own segment: 300 of them are merged several times over.
    const words = Array.from({ length: 300 }, (_, i) => `szeged line ${(i * 7919).toString(36)}x${i % 17}`);
    for (const [i, summary] of words.entries())
      await world.given({ record: { ...facility('FacilityOpened', `20${10 + (i % 15)}-03`), summary } });
    // Every trigram of "battery cells" (and of "échelle 😀 ok"), none of them as one piece.
    await world.given(
      { record: { ...facility('FacilityOpened', '2024-05'), summary: 'battery cel; ery cells plant' } },
      { record: { ...facility('FacilityOpened', '2024-06'), summary: 'the battery cells plant' } },
      { record: { ...facility('FacilityOpened', '2024-07'), summary: 'échelle 😀 ok, and échelle 😀' } },
    );
    const db = world.parts.readModel.db;
    // Merged by the batches (FTS5 itself merges nothing at commits): left alone, the 303 segments
    // would pile up until a level held 64 and was merged at once.
    const segments = db.prepare('SELECT count(DISTINCT segid) AS n FROM development_search_idx').get() as { n: number };
    expect(segments.n).toBeLessThan(40);
    /** What the timeline and the feed select for `q`: the index's rows, then those `keeps` keeps. */
    const selected = (q: string, exact = true) => {
      const { where, params, keeps } = filterSql({ q });
      return (
        db
          .prepare(`SELECT v.vid, v.state FROM development_versions v WHERE ${where.join(' AND ')} ORDER BY v.vid`)
          .all(...params) as { vid: number; state: string }[]
      )
        .map((row) => ({ vid: row.vid, state: JSON.parse(row.state) as DevelopmentState }))
        .filter((row) => !exact || keeps(row.state));
    };
    const versions = (
      db.prepare('SELECT vid, state FROM development_versions').all() as { vid: number; state: string }[]
    ).map((row) => ({ vid: row.vid, state: JSON.parse(row.state) as DevelopmentState }));
    const queries = [
      ...words.filter((_, i) => i % 13 === 0),
      'x13',
      'x16',
      'line',
      'szeged line 1',
      'battery cells',
      'BATTERY CELLS',
      'échelle 😀 ok',
      '😀 o',
    ];
    for (const q of queries) {
      const found = selected(q).map((row) => row.vid);
      const expected = versions.filter((v) => matchesQuery(v.state, q)).map((v) => v.vid);
      expect({ q, found }).toEqual({ q, found: expected });
      expect(expected.length).toBeGreaterThan(0);
    }
    expect(selected('battery cells').map((row) => row.state.summary)).toEqual(['the battery cells plant']);
    // The index alone finds the one that holds the trigrams apart too: the exact test is not idle.
    expect(selected('battery cells', false)).toHaveLength(2);
  }, 60_000);
});
