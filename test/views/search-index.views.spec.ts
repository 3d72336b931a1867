import type Database from 'better-sqlite3';
import { PROJECTIONS } from '../../projections/index.js';
import { matchesQuery } from '../../src/filters/development-filter.js';
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

  it('merges 16 segments of a level at a time, and an index made before is set so when opened', async () => {
    expect(merges(world.parts.readModel.db)).toEqual({ automerge: 16, crisismerge: 64 });
    world.parts.readModel.db.exec(
      "INSERT INTO development_search (development_search, rank) VALUES ('automerge', 4); " +
        "INSERT INTO development_search (development_search, rank) VALUES ('crisismerge', 16)",
    );
    await world.reopen(PROJECTIONS);
    expect(merges(world.parts.readModel.db)).toEqual({ automerge: 16, crisismerge: 64 });
    world.parts.readModel.start();
    await world.parts.ready();
  });

  it('finds exactly the versions whose text holds the words, after writes one by one', async () => {
    // Each write is its own transaction, its own segment: 300 of them are merged several times over.
    const words = Array.from({ length: 300 }, (_, i) => `szeged line ${(i * 7919).toString(36)}x${i % 17}`);
    for (const [i, summary] of words.entries())
      await world.given({ record: { ...facility('FacilityOpened', `20${10 + (i % 15)}-03`), summary } });
    const db = world.parts.readModel.db;
    const versions = (
      db.prepare('SELECT vid, state FROM development_versions').all() as {
        vid: number;
        state: string;
      }[]
    ).map((row) => ({ vid: row.vid, state: JSON.parse(row.state) as DevelopmentState }));
    const lookup = db.prepare(
      'SELECT rowid AS vid FROM development_search WHERE development_search MATCH ? ORDER BY rowid',
    );
    for (const q of [...words.filter((_, i) => i % 13 === 0), 'x13', 'x16', 'line', 'szeged line 1']) {
      const found = (lookup.all(`"${q}"`) as { vid: number }[]).map((row) => row.vid);
      const expected = versions.filter((v) => matchesQuery(v.state, q)).map((v) => v.vid);
      expect({ q, found }).toEqual({ q, found: expected });
      expect(expected.length).toBeGreaterThan(0);
    }
  }, 60_000);
});
