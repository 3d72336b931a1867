/**
 * The temporal read model of the views. Per view and key, `view_members` lists the developments
 * that shaped the row in valid-time order with the state after each; `view_versions` holds the
 * row's versions with their valid interval [valid_from, valid_to) and transaction interval
 * [recorded_from, recorded_to); `view_refs` indexes versions by country and subject.
 * Versions come in two series: `possible` folds every development whose date may have come by
 * valid_from; `certain` folds only those whose date has surely come (their latest day).
 * A view is stored under `name@version`, so a new definition can be built beside the old one.
 */
export const VIEWS_SCHEMA = `
CREATE TABLE IF NOT EXISTS views (
  name     TEXT NOT NULL,
  version  INTEGER NOT NULL,
  status   TEXT NOT NULL,
  built_to INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (name, version)
);
CREATE TABLE IF NOT EXISTS view_members (
  view           TEXT NOT NULL,
  key            TEXT NOT NULL,
  sort_key       TEXT NOT NULL,
  development_id TEXT NOT NULL,
  development    TEXT NOT NULL,
  earliest       TEXT NOT NULL,
  latest         TEXT NOT NULL,
  state          TEXT NOT NULL,
  certain_from   TEXT NOT NULL,
  provenance     TEXT NOT NULL,
  PRIMARY KEY (view, key, sort_key)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS view_keys (
  view           TEXT NOT NULL,
  development_id TEXT NOT NULL,
  key            TEXT NOT NULL,
  sort_key       TEXT NOT NULL,
  PRIMARY KEY (view, development_id, key)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS view_versions (
  vid           INTEGER PRIMARY KEY,
  view          TEXT NOT NULL,
  key           TEXT NOT NULL,
  series        TEXT NOT NULL,
  valid_from    TEXT NOT NULL,
  valid_to      TEXT NOT NULL,
  certain_from  TEXT NOT NULL,
  status        TEXT,
  state         TEXT NOT NULL,
  provenance    TEXT NOT NULL,
  recorded_from TEXT NOT NULL,
  recorded_to   TEXT
);
CREATE INDEX IF NOT EXISTS view_versions_by_key ON view_versions (view, series, key, valid_from);
CREATE TABLE IF NOT EXISTS view_refs (
  view TEXT NOT NULL,
  ref  TEXT NOT NULL,
  key  TEXT NOT NULL,
  vid  INTEGER NOT NULL,
  PRIMARY KEY (view, ref, key, vid)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS view_refs_by_vid ON view_refs (vid);
`;

/** The end of valid time: a row that nothing has superseded is valid until then. */
export const END_OF_TIME = '9999-12-31';
