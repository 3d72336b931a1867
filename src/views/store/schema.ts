/**
 * The temporal read model of the views, per view definition (`vw`) and row key:
 * - `view_members`: the developments in the row, by id, referencing their version in the
 *   development history (no copy of its state), with the days that place them in time and the
 *   transaction interval in which each belonged to the key;
 * - `view_versions`: the row's versions, each with a possible and a certain valid interval and a
 *   transaction interval; the value is in `view_states`, shared by versions of the same key;
 * - `view_refs`, `view_placements`, `view_expectations`: narrow indexes of the current versions
 *   (where, who, from where; presence for the footprint; plans and outcomes), carrying the
 *   intervals so that an as-of lookup reads only index rows until one qualifies. A placement also
 *   carries the last day its sources cover (`reported_day`) and whether it is only a plan, so that
 *   a footprint pair is summed up in SQL however many placements it has.
 * Dates are ISO days; `9999-12-31` is the open end.
 */
export const VIEWS_SCHEMA = `
CREATE TABLE IF NOT EXISTS view_defs (
  vw       INTEGER PRIMARY KEY,
  name     TEXT NOT NULL,
  version  INTEGER NOT NULL,
  status   TEXT NOT NULL,
  built_to INTEGER NOT NULL DEFAULT 0,
  UNIQUE (name, version)
);
-- Kept in the order a page reads a key's developments (by key, then by when each happened), with
-- the development's id beside it: a page's developments are read from this table alone, with no
-- lookup per member (a key's members are contiguous, the table is its own index). A version joins
-- a key once at most: (vw, key, vid) is unique, and the short vid ends the key (the live index by
-- development holds it).
CREATE TABLE IF NOT EXISTS view_members (
  vw             INTEGER NOT NULL,
  key            TEXT NOT NULL,
  earliest       TEXT NOT NULL,
  latest         TEXT NOT NULL,
  seq            INTEGER NOT NULL,
  recorded_from  TEXT NOT NULL,
  recorded_to    TEXT,
  certain_from   TEXT,
  published_from TEXT,
  vid            INTEGER NOT NULL,
  id             TEXT NOT NULL,
  PRIMARY KEY (vw, key, earliest, latest, seq, vid)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS view_members_live ON view_members (vw, seq) WHERE recorded_to IS NULL;
CREATE TABLE IF NOT EXISTS view_failures (
  vw          INTEGER NOT NULL,
  seq         INTEGER NOT NULL,
  error       TEXT NOT NULL,
  recorded_at TEXT NOT NULL,
  PRIMARY KEY (vw, seq)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS view_states (
  sid   INTEGER PRIMARY KEY,
  state TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS view_versions (
  rid           INTEGER PRIMARY KEY,
  vw            INTEGER NOT NULL,
  key           TEXT NOT NULL,
  valid_from    TEXT,
  valid_to      TEXT,
  certain_from  TEXT,
  certain_to    TEXT,
  recorded_from TEXT NOT NULL,
  recorded_to   TEXT,
  sid           INTEGER NOT NULL,
  since         TEXT NOT NULL,
  reported      TEXT NOT NULL,
  status        TEXT,
  kind          TEXT,
  refs          TEXT NOT NULL,
  sum_currency  TEXT,
  sum_amount    REAL
);
CREATE INDEX IF NOT EXISTS view_versions_possible ON view_versions (vw, key, valid_from, valid_to, status)
  WHERE recorded_to IS NULL AND valid_from IS NOT NULL;
CREATE INDEX IF NOT EXISTS view_versions_certain ON view_versions (vw, key, certain_from, certain_to, status)
  WHERE recorded_to IS NULL AND certain_from IS NOT NULL;
CREATE INDEX IF NOT EXISTS view_versions_history ON view_versions (vw, key, recorded_from);
-- The current versions by the day they begin: a day before most of a view's rows begin (a timeline
-- asked about the years before it fills) reads the few that have begun, not every key of the view.
CREATE INDEX IF NOT EXISTS view_versions_possible_from ON view_versions (vw, valid_from)
  WHERE recorded_to IS NULL AND valid_from IS NOT NULL;
CREATE INDEX IF NOT EXISTS view_versions_certain_from ON view_versions (vw, certain_from)
  WHERE recorded_to IS NULL AND certain_from IS NOT NULL;
CREATE TABLE IF NOT EXISTS view_refs (
  vw           INTEGER NOT NULL,
  ref          TEXT NOT NULL,
  key          TEXT NOT NULL,
  rid          INTEGER NOT NULL,
  valid_from   TEXT,
  valid_to     TEXT,
  certain_from TEXT,
  certain_to   TEXT,
  status       TEXT,
  PRIMARY KEY (vw, ref, key, rid)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS view_placements (
  country      TEXT NOT NULL,
  organisation TEXT NOT NULL,
  vw           INTEGER NOT NULL,
  key          TEXT NOT NULL,
  rid          INTEGER NOT NULL,
  via          TEXT NOT NULL,
  mode         TEXT NOT NULL,
  origin       TEXT,
  valid_from   TEXT,
  valid_to     TEXT,
  certain_from TEXT,
  certain_to   TEXT,
  since        TEXT NOT NULL,
  reported     TEXT NOT NULL,
  reported_day TEXT NOT NULL,
  planned      INTEGER NOT NULL,
  PRIMARY KEY (country, organisation, vw, key, rid, via)
) WITHOUT ROWID;
-- Every column, in the order the footprint of one organisation reads them (an organisation may have
-- thousands of placements in a hundred countries): read from the index alone, not row by row.
CREATE INDEX IF NOT EXISTS view_placements_by_organisation ON view_placements (organisation, country, vw, key, rid, via,
  valid_from, valid_to, certain_from, certain_to, planned, mode, since, reported, reported_day, origin);
CREATE INDEX IF NOT EXISTS view_placements_by_rid ON view_placements (rid);
-- Counts over time: per view, series and grouping, how many current rows start (+1) and end (-1)
-- in each month: a series is a running sum over months. (Figures are never summed: sum_currency and
-- sum_amount of view_versions are left empty, kept only so that earlier files open.)
CREATE TABLE IF NOT EXISTS view_counts (
  vw        INTEGER NOT NULL,
  series    TEXT NOT NULL,
  dimension TEXT NOT NULL,
  grp       TEXT NOT NULL,
  month     TEXT NOT NULL,
  delta     REAL NOT NULL,
  PRIMARY KEY (vw, series, dimension, grp, month)
) WITHOUT ROWID;
-- The footprint's counts over time (footprint-counts.ts): per series (possible, certain), rows counted
-- (pairs present, pairs only planned) and grouping (none, country, origin), how many pairs start (+1)
-- and stop (-1) being rows in each month; per pair, how many of its placements begin and stop holding
-- in each month (footprint_edges), and the origin it was counted under; all of them over the
-- placements of the views named in footprint_counts_basis (those that answered when they were made).
CREATE TABLE IF NOT EXISTS footprint_counts (
  series    TEXT NOT NULL,
  counted   TEXT NOT NULL,
  dimension TEXT NOT NULL,
  grp       TEXT NOT NULL,
  month     TEXT NOT NULL,
  delta     INTEGER NOT NULL,
  PRIMARY KEY (series, counted, dimension, grp, month)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS footprint_edges (
  organisation TEXT NOT NULL,
  country      TEXT NOT NULL,
  series       TEXT NOT NULL,
  planned      INTEGER NOT NULL,
  month        TEXT NOT NULL,
  delta        INTEGER NOT NULL,
  PRIMARY KEY (organisation, country, series, planned, month)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS footprint_pairs (
  organisation TEXT NOT NULL,
  country      TEXT NOT NULL,
  origin       TEXT,
  PRIMARY KEY (organisation, country)
) WITHOUT ROWID;
-- Which views the counts are of, and whether they are made (counted) or being made again
-- (recounting, the pairs up to after_country, after_organisation done): every process writing to
-- this file reads it, so that one keeps what another is making.
CREATE TABLE IF NOT EXISTS footprint_counts_basis (
  id                 INTEGER PRIMARY KEY CHECK (id = 1),
  vws                TEXT NOT NULL,
  state              TEXT NOT NULL,
  after_country      TEXT,
  after_organisation TEXT
);
CREATE TABLE IF NOT EXISTS view_expectations (
  rid          INTEGER NOT NULL,
  n            INTEGER NOT NULL,
  vw           INTEGER NOT NULL,
  key          TEXT NOT NULL,
  type         TEXT NOT NULL,
  due          TEXT NOT NULL,
  met          INTEGER NOT NULL,
  valid_from   TEXT,
  valid_to     TEXT,
  certain_from TEXT,
  certain_to   TEXT,
  PRIMARY KEY (rid, n)
) WITHOUT ROWID;
`;
