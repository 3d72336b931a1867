import type Database from 'better-sqlite3';

/** The local read model: derived from the log, rebuilt from it at will, checkpointed with its rows. */
export const READ_MODEL_SCHEMA = `
CREATE TABLE IF NOT EXISTS checkpoint (
  name     TEXT PRIMARY KEY,
  position TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS entities (
  entity_id    TEXT PRIMARY KEY,
  kind         TEXT NOT NULL,
  name         TEXT NOT NULL,
  home_country TEXT NOT NULL,
  aliases      TEXT NOT NULL,
  parent       TEXT,
  recorded_at  TEXT NOT NULL,
  position     TEXT NOT NULL
);
-- One row per development; vid is its current version.
CREATE TABLE IF NOT EXISTS developments (
  seq INTEGER PRIMARY KEY,
  id  TEXT NOT NULL UNIQUE,
  vid INTEGER NOT NULL
);
-- One row per version of a development; [recorded_from, recorded_to) is when the log said so.
CREATE TABLE IF NOT EXISTS development_versions (
  vid            INTEGER PRIMARY KEY,
  seq            INTEGER NOT NULL,
  revision       INTEGER NOT NULL,
  type           TEXT NOT NULL,
  earliest       TEXT NOT NULL,
  latest         TEXT NOT NULL,
  certain_from   TEXT,
  published_from TEXT,
  retracted      INTEGER NOT NULL,
  state          TEXT NOT NULL,
  recorded_from  TEXT NOT NULL,
  recorded_to    TEXT,
  event_type     TEXT NOT NULL,
  position       TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS development_versions_current
  ON development_versions (earliest, latest, seq) WHERE recorded_to IS NULL;
CREATE INDEX IF NOT EXISTS development_versions_by_seq ON development_versions (seq, vid);
-- The words \`q\` is matched in (searchTextOf, lower-cased), by version: trigrams make any
-- substring of three characters or more an index lookup rather than a read of every development.
-- The index keeps which versions hold each trigram, not where (detail = none: a quarter of the
-- size, and the development history written about a fifth faster): a lookup by \`q\` asks for all
-- of its trigrams, then keeps the versions whose text holds \`q\` itself (filterSql).
CREATE VIRTUAL TABLE IF NOT EXISTS development_search USING fts5 (
  text, content = '', contentless_delete = 1, detail = none, tokenize = 'trigram case_sensitive 1'
);
-- Keyed by version first: rows are appended in log order, and a filter probes (vid, ref).
CREATE TABLE IF NOT EXISTS development_refs (
  vid INTEGER NOT NULL,
  ref TEXT NOT NULL,
  PRIMARY KEY (vid, ref)
) WITHOUT ROWID;
`;

/**
 * How the search index merges its segments. FTS5 merges as it writes (`automerge`): at a commit,
 * once enough pages were written since the last merge, it merges a share of the index at once
 * (64 pages for each level). On a million developments that made one commit in six or so take
 * 30-80 ms while catching up, and held the event loop as long. The index is merged instead a little
 * in each batch (`mergeSearchIndex`, at most SEARCH_MERGE_PAGES pages, inside the batch's time):
 * `automerge` 0; 16 segments of a level merged at a time (`usermerge`), rather than FTS5's 4, so that
 * each trigram is rewritten about half as many times; `crisismerge` merges a level at once only if
 * it ever reaches 64 segments. Written only when it differs: FTS5 keeps it in the index's own
 * config table, with the file.
 */
export const SEARCH_MERGES = { automerge: 0, usermerge: 16, crisismerge: 64 } as const;
/**
 * Pages of the search index a batch merges at most: catching up on a million developments, the
 * index kept as few segments as FTS5's own merging left (31 against 33), the longest commit went
 * from 81 to 27 ms and the catch-up from 153 to 129 s.
 */
export const SEARCH_MERGE_PAGES = 64;

export function tuneSearchMerges(db: Database.Database): void {
  const stored = new Map(
    db
      .prepare<[], { k: string; v: number }>('SELECT k, v FROM development_search_config')
      .all()
      .map((row) => [row.k, row.v]),
  );
  for (const [key, value] of Object.entries(SEARCH_MERGES))
    if (stored.get(key) !== value)
      // FTS5 reads its options as literals: a bound JavaScript number reaches it as a REAL.
      db.exec(`INSERT INTO development_search (development_search, rank) VALUES ('${key}', ${value})`);
}
