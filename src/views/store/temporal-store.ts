import type Database from 'better-sqlite3';
import { rmSync } from 'node:fs';
import { isPlanned } from '../../../projections/index.js';
import type { HomeCountry } from '../../filters/development-filter.js';
import { lastReported, type VersionEvidence } from '../engine/evidence.js';
import { END_OF_TIME, type RowVersion } from '../engine/fold.js';
import type { MemberWrite } from '../engine/key-history.js';
import { rowChanges, type KeyRow } from '../engine/key-rows.js';
import { filterRefs, rowRefs } from '../engine/refs.js';
import { FootprintCounts, type PlacementRecord } from './footprint-counts.js';
import { CountBuffer } from './count-buffer.js';
import { GroupedRows } from './grouped-rows.js';
import { CHANGES_OF_GROUP, type GroupedChanges } from './count-changes.js';
import { VIEWS_SCHEMA } from './schema.js';
import { versionInputsOn, type VersionSource } from './version-inputs.js';

export interface ViewDef {
  vw: number;
  name: string;
  version: number;
  /** `dropping`: replaced by a newer definition; its rows are being deleted a slice at a time. */
  status: 'live' | 'building' | 'dropping';
  builtTo: number;
}

export interface MemberRecord {
  seq: number;
  vid: number;
  earliest: string;
  latest: string;
  certain_from: string | null;
  /** The development version's state, as stored in the development history. */
  state: string;
}

interface StoredRow extends KeyRow {
  rid: number;
  sid: number;
  refs: string;
  status: string | null;
  kind: string | null;
}

/** What a current version adds to the counts over time. */
interface Counted {
  validFrom: string | null;
  validTo: string | null;
  certainFrom: string | null;
  certainTo: string | null;
  refs: readonly string[];
  status: string | null;
  kind: string | null;
}

/**
 * What an as-of lookup asks: a valid day, a transaction time (`knownAt`; the log as it stands now
 * when absent), the certain series only or the possible one, the refs a row must carry, a status,
 * and a page (`afterKey`, `limit`) or one key.
 */
export interface RowFilter {
  asOf: string;
  knownAt?: string;
  certainOnly?: boolean;
  country?: string;
  subject?: string;
  origin?: string;
  status?: string;
  afterKey?: string;
  /** One row only. */
  key?: string;
  limit: number;
}

/** A version chosen by an as-of lookup, before it is read: its key, ids and evidence. */
export interface VersionRecord extends VersionEvidence {
  key: string;
  rid: number;
  sid: number;
}

/** A key's member as it is now: its place in the table (vw to vid), and since when it holds. */
export interface LiveMember {
  vw: number;
  key: string;
  earliest: string;
  latest: string;
  seq: number;
  vid: number;
  recorded_from: string;
}

/** A member of a key as known at a time, with the development version it stands for. */
export interface KnownMember {
  seq: number;
  id: string;
  earliest: string;
  latest: string;
  certain_from: string | null;
  published_from: string | null;
  state: string;
}

/** Which footprint placements hold: on `asOf`, in the views `vws` (those answering), as the filters ask. */
export interface PairFilter {
  asOf: string;
  vws: readonly number[];
  certainOnly?: boolean;
  country?: string;
  subject?: string;
  origin?: string;
  /** A mode of presence (`plant:operating`, `acquirer`) or the status one ends with (`operating`). */
  mode?: string;
  after?: [organisation: string, country: string];
}

/** One footprint pair summed up (see `footprintPairs`); `_present` sums its presence, `_planned` its plans. */
export interface PairSummary {
  organisation: string;
  country: string;
  placements_present: number;
  all_certain_present: 0 | 1 | null;
  any_possible_present: 0 | 1 | null;
  /** The latest start and the date as given that began it, tab-separated. */
  latest_present: string | null;
  valid_to_present: string | null;
  /** The last report's day and the date as given, tab-separated. */
  reported_present: string | null;
  placements_planned: number;
  all_certain_planned: 0 | 1 | null;
  any_possible_planned: 0 | 1 | null;
  latest_planned: string | null;
  valid_to_planned: string | null;
  reported_planned: string | null;
  /**
   * Its placements, a JSON array of [view, key, how, mode] in index order; for a pair asked to be
   * summed up (`summed` is 1), an empty array, and what its value needs of them instead:
   */
  placements: string;
  summed: 0 | 1;
  /** How many distinct facilities place the organisation there. */
  facility_count?: number;
  /** Its distinct modes, acquisitions and subsidiaries (by row key): JSON arrays, unordered. */
  modes?: string;
  acquisitions?: string;
  subsidiaries?: string;
}

/** A placement of a footprint pair: the row (view and key) it comes from, how, and in what mode. */
export interface PairPlacement {
  vw: number;
  key: string;
  via: 'facility' | 'acquisition' | 'subsidiary';
  mode: string;
}

/** A stored development version, as a build reads the history. */
export interface HistoryVersion {
  vid: number;
  seq: number;
  type: string;
  retracted: number;
  state: string;
  recorded_from: string;
  recorded_to: string | null;
  earliest: string;
  latest: string;
  certain_from: string | null;
  published_from: string | null;
}

/** One membership change of a bulk build: a development version joining (op 1) or leaving (op 0) a key. */
export interface BuildChange {
  vw: number;
  key: string;
  vid: number;
  seq: number;
  op: number;
  recorded_at: string;
}

/** The scratch file a bulk build keeps its membership changes in, in key order. */
export interface BuildScratch {
  add(change: BuildChange): void;
  /** The changes after `cursor` (vw, key, vid, op, seq), in key order. */
  after(cursor: readonly [number, string, number, number, number], limit: number): BuildChange[];
  close(): void;
}

/** Every derived table in a canonical order, with natural keys in place of the surrogate ids that depend on write order. */
const VIEW = "(SELECT name || '@' || version FROM view_defs d WHERE d.vw = x.vw)";
const DEVELOPMENT = '(SELECT id FROM developments d WHERE d.seq = x.seq)';
const CANONICAL: Record<string, string> = {
  entities:
    'SELECT entity_id, kind, name, home_country, aliases, parent, recorded_at, position FROM entities ORDER BY entity_id',
  development_versions: `SELECT d.id, v.revision, v.type, v.earliest, v.latest, v.certain_from, v.published_from, v.retracted, v.state,
    v.recorded_from, v.recorded_to, v.event_type, v.position FROM development_versions v JOIN developments d ON d.seq = v.seq
    ORDER BY d.id, v.revision`,
  development_refs: `SELECT r.ref, d.id, v.revision FROM development_refs r JOIN development_versions v ON v.vid = r.vid
    JOIN developments d ON d.seq = v.seq ORDER BY 1, 2, 3`,
  view_members: `SELECT ${VIEW}, x.key, ${DEVELOPMENT}, (SELECT revision FROM development_versions v WHERE v.vid = x.vid), x.earliest,
    x.latest, x.certain_from, x.published_from, x.recorded_from, x.recorded_to, x.id FROM view_members x ORDER BY 1, 2, 3, 4, 9`,
  view_failures: `SELECT ${VIEW}, ${DEVELOPMENT}, x.error FROM view_failures x ORDER BY 1, 2`,
  view_versions: `SELECT ${VIEW}, x.key, x.valid_from, x.valid_to, x.certain_from, x.certain_to, x.recorded_from, x.recorded_to,
    (SELECT state FROM view_states s WHERE s.sid = x.sid), x.status, x.kind, x.refs, x.since, x.reported FROM view_versions x ORDER BY 1, 2, 3, 4, 5, 6, 7, 8, 9`,
  view_refs: `SELECT ${VIEW}, x.ref, x.key, x.valid_from, x.valid_to, x.certain_from, x.certain_to, x.status FROM view_refs x
    ORDER BY 1, 2, 3, 4, 5, 6, 7, 8`,
  view_placements: `SELECT x.country, x.organisation, ${VIEW}, x.key, x.via, x.mode, x.origin, x.valid_from, x.valid_to, x.certain_from,
    x.certain_to, x.since, x.reported FROM view_placements x ORDER BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11`,
  view_counts: `SELECT ${VIEW}, x.series, x.dimension, x.grp, x.month, round(x.delta, 4) FROM view_counts x
    WHERE abs(x.delta) > 0.00001 ORDER BY 1, 2, 3, 4, 5`,
  footprint_counts: `SELECT x.series, x.counted, x.dimension, x.grp, x.month, x.delta FROM footprint_counts x
    WHERE x.delta != 0 ORDER BY 1, 2, 3, 4, 5`,
  footprint_edges: 'SELECT * FROM footprint_edges ORDER BY 1, 2, 3, 4, 5',
  footprint_pairs: 'SELECT * FROM footprint_pairs ORDER BY 1, 2',
  view_expectations: `SELECT ${VIEW}, x.key, x.n, x.type, x.due, x.met, x.valid_from, x.valid_to, x.certain_from, x.certain_to
    FROM view_expectations x ORDER BY 1, 2, 3, 7, 8, 9, 10`,
};

export const CANONICAL_TABLES = Object.keys(CANONICAL);

/** The tables of the views' rows (besides their definitions). */
const VIEW_TABLES = [
  'view_members',
  'view_failures',
  'view_states',
  'view_versions',
  'view_refs',
  'view_placements',
  'view_counts',
  'view_expectations',
  'footprint_counts',
  'footprint_edges',
  'footprint_pairs',
  'footprint_counts_basis',
];

/**
 * A member (alias `m`) the view did not set aside (a fold that failed), its view given once more as
 * the statement's last parameter: that view's failures are looked up once per statement, and a
 * member's only when the view has any (almost never).
 */
const NOT_SET_ASIDE = `(NOT EXISTS (SELECT 1 FROM view_failures WHERE vw = ?)
  OR NOT EXISTS (SELECT 1 FROM view_failures f WHERE f.vw = m.vw AND f.seq = m.seq))`;

/** Transaction time later than any recording: "as the log stands now". */
export const NOW = '9999-12-31T23:59:59.999Z';
/** A row of `view_refs` kept by a bulk build, grouped by view and reference, in their order. */
const refGroup = (vw: number, ref: string): string => `${String(vw).padStart(10, '0')} ${ref}`;
const splitRefGroup = (group: string): [number, string] => [Number(group.slice(0, 10)), group.slice(11)];
/**
 * Rows begun by a day below which a lookup reads them by the day they begin: at most this many
 * index entries and rows (about 3 ms at a million developments), against a view's every key read in
 * key order (about 0.1 µs an entry: 27 ms for 300,000 facilities).
 */
const SPARSE_ROWS = 2_000;
/** How long the day from which a view has SPARSE_ROWS rows begun is taken as known. */
const BEGUN_FROM_MS = 5_000;

/**
 * The temporal read model of the views, and the only code that holds its database handle: every
 * write (inside the caller's transaction), and every lookup by valid time ("which version holds on
 * day D") and transaction time ("as known at T"), is a named operation here. The pure engine
 * (`fold.ts`, `key-history.ts`, `key-rows.ts`) decides what the rows are; the readers and query
 * handlers decide what an answer says.
 */
export class TemporalStore {
  private readonly s;
  private readonly r;
  /** The footprint's counts over time, kept with the placements. */
  readonly footprint: FootprintCounts;

  constructor(
    private readonly db: Database.Database,
    private readonly homeCountry: HomeCountry,
  ) {
    db.exec(VIEWS_SCHEMA);
    this.footprint = new FootprintCounts(db, homeCountry);
    this.r = {
      lastVersion: db.prepare<[], { n: number | null }>('SELECT max(vid) AS n FROM development_versions'),
      versionsAfter: db.prepare<[number, number, number], HistoryVersion>(
        `SELECT vid, seq, type, retracted, state, recorded_from, recorded_to, earliest, latest, certain_from, published_from
         FROM development_versions WHERE vid > ? AND vid <= ? ORDER BY vid LIMIT ?`,
      ),
      seqOf: db.prepare<[string], { seq: number }>('SELECT seq FROM developments WHERE id = ?'),
      homes: db.prepare<[], [string, string]>('SELECT entity_id, home_country FROM entities').raw(),
      failureItems: db.prepare<[number], { view: string; development: string; error: string; since: string }>(
        `SELECT d.name AS view, x.id AS development, f.error, f.recorded_at AS since FROM view_failures f
         JOIN view_defs d ON d.vw = f.vw JOIN developments x ON x.seq = f.seq ORDER BY f.recorded_at LIMIT ?`,
      ),
      // A page is read in two queries whatever its size: its versions with their values (`rowsAsOf`), then
      // the developments of its keys.
      developments: db
        .prepare<[number, string, string, string, string, string, string, number], [string, string]>(
          `SELECT m.key, m.id FROM view_members m
           WHERE m.vw = ? AND m.key IN (SELECT value FROM json_each(?))
             AND m.recorded_from <= ? AND (m.recorded_to IS NULL OR m.recorded_to > ?)
             AND CASE WHEN ? = 'certain' THEN m.certain_from IS NOT NULL AND m.certain_from <= ? ELSE m.earliest <= ? END
             AND ${NOT_SET_ASIDE}
           ORDER BY m.key, m.earliest, m.latest, m.seq`,
        )
        .raw(),
      membersKnownAt: db.prepare<[number, string, string, string, number], KnownMember>(
        `SELECT m.seq, m.id, m.earliest, m.latest, m.certain_from, m.published_from, v.state
         FROM view_members m JOIN development_versions v ON v.vid = m.vid
         WHERE m.vw = ? AND m.key = ? AND m.recorded_from <= ? AND (m.recorded_to IS NULL OR m.recorded_to > ?)
           AND ${NOT_SET_ASIDE}`,
      ),
      counts: db
        .prepare<[number, string, string, string], [string, string]>(
          `SELECT grp, ${CHANGES_OF_GROUP} FROM view_counts WHERE vw = ? AND series = ? AND dimension = ? AND month <= ?
           GROUP BY grp ORDER BY grp`,
        )
        .raw(),
      keysWithExpectations: db.prepare<[number, string, string], { key: string }>(
        'SELECT DISTINCT key FROM view_expectations WHERE vw = ? AND valid_from <= ? AND valid_to > ? ORDER BY key',
      ),
    };
    this.s = {
      defs: db.prepare<[], { vw: number; name: string; version: number; status: ViewDef['status']; built_to: number }>(
        'SELECT vw, name, version, status, built_to FROM view_defs ORDER BY vw',
      ),
      insertDef: db.prepare('INSERT INTO view_defs (name, version, status, built_to) VALUES (?, ?, ?, 0)'),
      setStatus: db.prepare('UPDATE view_defs SET status = ?, built_to = ? WHERE vw = ?'),
      deleteDef: db.prepare('DELETE FROM view_defs WHERE vw = ?'),
      liveMembersOfSeq: db.prepare<[number, number], LiveMember>(
        // The live members' index by development (it holds the table's key; recorded_from is read from
        // the row): the table, by key, would be a scan of the view.
        `SELECT vw, key, earliest, latest, seq, vid, recorded_from FROM view_members INDEXED BY view_members_live
         WHERE vw = ? AND seq = ? AND recorded_to IS NULL`,
      ),
      closeMember: db.prepare(
        `UPDATE view_members SET recorded_to = ?
         WHERE vw = ? AND key = ? AND earliest = ? AND latest = ? AND seq = ? AND vid = ?`,
      ),
      deleteMember: db.prepare(
        'DELETE FROM view_members WHERE vw = ? AND key = ? AND earliest = ? AND latest = ? AND seq = ? AND vid = ?',
      ),
      insertMember: db.prepare(
        `INSERT INTO view_members (vw, key, earliest, latest, seq, recorded_from, recorded_to, certain_from, published_from, vid, id)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      liveMembersOfKey: db.prepare<[number, string], MemberRecord>(
        `SELECT m.seq, m.vid, m.earliest, m.latest, m.certain_from, v.state FROM view_members m
         JOIN development_versions v ON v.vid = m.vid
         WHERE m.vw = ? AND m.key = ? AND m.recorded_to IS NULL ORDER BY m.earliest, m.latest, m.seq`,
      ),
      keyRows: db.prepare<[number, string, string], StoredRow & { valid_from: string | null }>(
        `SELECT r.rid, r.sid, r.refs, r.valid_from AS validFrom, r.valid_to AS validTo, r.certain_from AS certainFrom,
           r.certain_to AS certainTo, r.since, r.reported, r.recorded_from AS recordedFrom, r.recorded_to AS recordedTo,
           s.state AS json, r.status, r.kind
         FROM view_versions r JOIN view_states s ON s.sid = r.sid
         WHERE r.vw = ? AND r.key = ? AND (r.recorded_to IS NULL OR r.recorded_to = ?)`,
      ),
      insertState: db.prepare('INSERT INTO view_states (state) VALUES (?)'),
      insertVersion: db.prepare(
        `INSERT INTO view_versions (vw, key, valid_from, valid_to, certain_from, certain_to, recorded_from, recorded_to, sid,
           since, reported, status, kind, refs)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      closeVersion: db.prepare('UPDATE view_versions SET recorded_to = ? WHERE rid = ?'),
      reopenVersion: db.prepare('UPDATE view_versions SET recorded_to = NULL WHERE rid = ?'),
      deleteVersion: db.prepare('DELETE FROM view_versions WHERE rid = ?'),
      insertRef: db.prepare(
        `INSERT OR IGNORE INTO view_refs (vw, ref, key, rid, valid_from, valid_to, certain_from, certain_to, status)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      deleteRef: db.prepare('DELETE FROM view_refs WHERE vw = ? AND ref = ? AND key = ? AND rid = ?'),
      insertPlacement: db.prepare(
        `INSERT OR IGNORE INTO view_placements (country, organisation, vw, key, rid, via, mode, origin, valid_from, valid_to,
           certain_from, certain_to, since, reported, reported_day, planned)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      deletePlacements: db.prepare('DELETE FROM view_placements WHERE rid = ?'),
      insertExpectation: db.prepare(
        `INSERT INTO view_expectations (rid, n, vw, key, type, due, met, valid_from, valid_to, certain_from, certain_to)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      deleteExpectations: db.prepare('DELETE FROM view_expectations WHERE rid = ?'),
      addCount: db.prepare(
        `INSERT INTO view_counts (vw, series, dimension, grp, month, delta) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (vw, series, dimension, grp, month) DO UPDATE SET delta = delta + excluded.delta`,
      ),
      setFailure: db.prepare(
        `INSERT INTO view_failures (vw, seq, error, recorded_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (vw, seq) DO UPDATE SET error = excluded.error`,
      ),
      clearFailure: db.prepare('DELETE FROM view_failures WHERE vw = ? AND seq = ?'),
      failureCounts: db.prepare<[], { vw: number; n: number }>(
        'SELECT vw, count(*) AS n FROM view_failures GROUP BY vw',
      ),
    };
  }

  defs(): ViewDef[] {
    return this.s.defs
      .all()
      .map((d) => ({ vw: d.vw, name: d.name, version: d.version, status: d.status, builtTo: d.built_to }));
  }

  addDef(name: string, version: number, status: ViewDef['status']): number {
    return Number(this.s.insertDef.run(name, version, status).lastInsertRowid);
  }

  setStatus(vw: number, status: ViewDef['status'], builtTo: number): void {
    this.s.setStatus.run(status, builtTo, vw);
  }

  /** Empties every view table (the definitions stay): for a build of every view at once. */
  clear(): void {
    for (const table of VIEW_TABLES) this.db.exec(`DELETE FROM ${table}`);
  }

  /**
   * Deletes up to `limit` rows of each of a definition's tables; true once nothing is left (then
   * the definition itself is gone). Small enough steps to keep the event loop free.
   */
  dropSome(vw: number, { keepDefinition = false, limit = 2000 } = {}): boolean {
    const rows = this.db
      .prepare<[number, number], { rid: number; sid: number }>(
        'SELECT rid, sid FROM view_versions WHERE vw = ? LIMIT ?',
      )
      .all(vw, limit);
    for (const { rid, sid } of rows) {
      this.s.deletePlacements.run(rid);
      this.s.deleteExpectations.run(rid);
      this.db.prepare('DELETE FROM view_states WHERE sid = ?').run(sid);
      this.s.deleteVersion.run(rid);
    }
    const refs = this.db
      .prepare(
        'DELETE FROM view_refs WHERE (vw, ref, key, rid) IN (SELECT vw, ref, key, rid FROM view_refs WHERE vw = ? LIMIT ?)',
      )
      .run(vw, limit).changes;
    const members = this.db
      .prepare(
        `DELETE FROM view_members WHERE (vw, key, earliest, latest, seq, vid) IN
           (SELECT vw, key, earliest, latest, seq, vid FROM view_members WHERE vw = ? LIMIT ?)`,
      )
      .run(vw, limit).changes;
    this.db.prepare('DELETE FROM view_failures WHERE vw = ?').run(vw);
    const counts = this.db
      .prepare(
        'DELETE FROM view_counts WHERE (vw, series, dimension, grp, month) IN (SELECT vw, series, dimension, grp, month FROM view_counts WHERE vw = ? LIMIT ?)',
      )
      .run(vw, limit).changes;
    if (rows.length > 0 || refs > 0 || members > 0 || counts > 0) return false;
    if (!keepDefinition) this.s.deleteDef.run(vw);
    return true;
  }

  /** The keys a development currently belongs to in a view. */
  liveMembersOfSeq(vw: number, seq: number): LiveMember[] {
    return this.s.liveMembersOfSeq.all(vw, seq);
  }

  /** Ends a membership at `recordedAt` (or forgets it, if it began at that same instant). */
  endMember(m: LiveMember, recordedAt: string): void {
    const member = [m.vw, m.key, m.earliest, m.latest, m.seq, m.vid] as const;
    if (m.recorded_from === recordedAt) this.s.deleteMember.run(...member);
    else this.s.closeMember.run(recordedAt, ...member);
  }

  /** A development (`seq`, its id) belongs to a key with its version `vid`, from `recordedFrom` (until `recordedTo`). */
  addMember(vw: number, key: string, m: MemberWrite): void {
    this.s.insertMember.run(
      vw,
      key,
      m.timing.earliest,
      m.timing.latest,
      m.seq,
      m.recordedFrom,
      m.recordedTo,
      m.timing.certainFrom,
      m.timing.publishedFrom,
      m.vid,
      m.id,
    );
  }

  liveMembersOfKey(vw: number, key: string): MemberRecord[] {
    return this.s.liveMembersOfKey.all(vw, key);
  }

  setFailures(
    vw: number,
    seqs: readonly number[],
    failed: readonly { seq: number; error: string }[],
    recordedAt: string,
  ): void {
    const failing = new Map(failed.map((f) => [f.seq, f.error]));
    for (const seq of seqs) {
      const error = failing.get(seq);
      if (error === undefined) this.s.clearFailure.run(vw, seq);
      else this.s.setFailure.run(vw, seq, error, recordedAt);
    }
  }

  /** Writes failures as a bulk build found them, with the time each began. */
  restoreFailures(vw: number, failures: readonly { seq: number; error: string; recordedAt: string }[]): void {
    for (const f of failures) this.s.setFailure.run(vw, f.seq, f.error, f.recordedAt);
  }

  failureCounts(): Map<number, number> {
    return new Map(this.s.failureCounts.all().map((r) => [r.vw, r.n]));
  }

  /** Writes a key's versions as of transaction time `recordedAt` (see `rowChanges`). */
  writeKey(vw: number, key: string, desired: readonly RowVersion[], recordedAt: string): void {
    const rows = this.s.keyRows.all(vw, key, recordedAt);
    const states = new Map(rows.map((r) => [r.json, r.sid]));
    const changes = [...rowChanges(rows, desired, recordedAt)];
    // The footprint's counts over time change with the placements of the pairs the key's rows place.
    const pairs = this.footprint.changesOf(vw, changes);
    for (const change of changes) {
      switch (change.kind) {
        case 'close':
          this.s.closeVersion.run(recordedAt, change.row.rid);
          this.unindex(vw, key, change.row);
          break;
        case 'delete':
          this.s.deleteVersion.run(change.row.rid);
          this.unindex(vw, key, change.row);
          break;
        case 'reopen':
          this.s.reopenVersion.run(change.row.rid);
          this.index(vw, key, change.row.rid, change.version);
          break;
        case 'insert': {
          const sid = states.get(change.version.json) ?? this.addState(change.version.json);
          states.set(change.version.json, sid);
          this.insertVersion(vw, key, change.version, sid, recordedAt, null);
          break;
        }
      }
    }
    if (pairs) this.footprint.apply(pairs);
  }

  addState(json: string): number {
    return Number(this.s.insertState.run(json).lastInsertRowid);
  }

  /** Inserts a version, with its index rows when it is current. */
  insertVersion(
    vw: number,
    key: string,
    v: RowVersion,
    sid: number,
    recordedFrom: string,
    recordedTo: string | null,
  ): number {
    const refs = rowRefs(v.indexed, this.homeCountry);
    const rid = Number(
      this.s.insertVersion.run(
        vw,
        key,
        v.validFrom,
        v.validTo,
        v.certainFrom,
        v.certainTo,
        recordedFrom,
        recordedTo,
        sid,
        v.since,
        v.reported,
        v.indexed.status ?? null,
        v.indexed.kind ?? null,
        refs.join(' '),
      ).lastInsertRowid,
    );
    if (recordedTo === null) this.index(vw, key, rid, v, refs);
    return rid;
  }

  private index(
    vw: number,
    key: string,
    rid: number,
    v: RowVersion,
    refs = rowRefs(v.indexed, this.homeCountry),
  ): void {
    const intervals = [v.validFrom, v.validTo, v.certainFrom, v.certainTo] as const;
    if (this.refRows) {
      const row = [key, rid, ...intervals, v.indexed.status ?? null] as const;
      for (const ref of refs) this.refRows.add(refGroup(vw, ref), row);
    } else for (const ref of refs) this.s.insertRef.run(vw, ref, key, rid, ...intervals, v.indexed.status ?? null);
    const reportedDay = v.placements.length > 0 ? lastReported(v.reported).day : '';
    for (const p of v.placements) {
      this.s.insertPlacement.run(
        p.country,
        p.organisation,
        vw,
        key,
        rid,
        p.via,
        p.mode,
        this.homeCountry(p.organisation) ?? null,
        ...intervals,
        v.since,
        v.reported,
        reportedDay,
        isPlanned(p) ? 1 : 0,
      );
    }
    v.expectations.forEach((e, n) =>
      this.s.insertExpectation.run(rid, n, vw, key, e.type, e.due, e.met ? 1 : 0, ...intervals),
    );
    this.count(
      vw,
      {
        ...v,
        refs,
        status: v.indexed.status ?? null,
        kind: v.indexed.kind ?? null,
      },
      1,
    );
  }

  private unindex(vw: number, key: string, row: StoredRow): void {
    const refs = row.refs.split(' ').filter(Boolean);
    for (const ref of refs) this.s.deleteRef.run(vw, ref, key, row.rid);
    this.s.deletePlacements.run(row.rid);
    this.s.deleteExpectations.run(row.rid);
    this.count(vw, { ...row, refs }, -1);
  }

  private buffered: CountBuffer | undefined;
  private refRows: GroupedRows | undefined;

  /**
   * A bulk build's rows of `view_refs` are kept in memory by view and reference until
   * `writeRefRows` (see `GroupedRows`): the largest index of the views, appended to at thousands
   * of places at once otherwise.
   */
  bufferRefRows(): void {
    this.refRows = new GroupedRows();
  }

  /** How many rows of `view_refs` are kept in memory. */
  bufferedRefRows(): number {
    return this.refRows?.size ?? 0;
  }

  /** Writes kept rows of `view_refs` in their order for up to `ms`; true once none is left. */
  writeRefRows(ms: number): boolean {
    if (!this.refRows) return true;
    const started = performance.now();
    for (const [group, [key, rid, ...rest]] of this.refRows.take()) {
      const [vw, ref] = splitRefGroup(group);
      this.s.insertRef.run(vw, ref, key, rid, ...rest);
      if (performance.now() - started > ms) break;
    }
    return this.refRows.size === 0;
  }

  /** Ends keeping a bulk build's sums and rows in memory: those not written are dropped (the build stopped). */
  endBuffering(): void {
    this.refRows = undefined;
    this.buffered = undefined;
  }

  /** Counts are added up in memory until `flushCounts` (a bulk build writes each sum once). */
  bufferCounts(): void {
    this.buffered = new CountBuffer();
  }

  /** Writes the buffered counts, up to `limit` at a time; true once all are written (and buffering ends). */
  flushCounts(limit = 1000): boolean {
    if (!this.buffered) return true;
    if (this.spillCounts(limit) > 0) return false;
    this.buffered = undefined;
    return true;
  }

  /** How many sums are buffered: a large build writes some out as it goes (`spillCounts`), to bound its memory. */
  bufferedCounts(): number {
    return this.buffered?.size ?? 0;
  }

  /** Writes up to `limit` buffered sums, adding to what is stored; returns how many are still buffered. */
  spillCounts(limit: number): number {
    if (!this.buffered) return 0;
    for (const [vw, series, dimension, grp, month, delta] of this.buffered.take(limit))
      if (delta !== 0) this.s.addCount.run(vw, series, dimension, grp, month, delta);
    return this.buffered.size;
  }

  /** A current version starts counting in the month it begins and stops in the month it ends, in each grouping. */
  private count(vw: number, v: Counted, sign: 1 | -1): void {
    const groups: [dimension: string, grp: string][] = [['', '']];
    for (const ref of v.refs) {
      if (ref.startsWith('country:')) groups.push(['country', ref.slice(8)]);
      else if (ref.startsWith('origin:')) groups.push(['origin', ref.slice(7)]);
    }
    if (v.status) groups.push(['status', v.status]);
    if (v.kind) groups.push(['kind', v.kind]);
    const spans: [string, string | null, string | null][] = [
      ['possible', v.validFrom, v.validTo],
      ['certain', v.certainFrom, v.certainTo],
    ];
    const buffered = this.buffered;
    for (const [series, from, to] of spans) {
      if (from === null) continue;
      const until = to !== null && to !== END_OF_TIME ? to : undefined;
      for (const [dimension, grp] of groups) {
        if (buffered) {
          const months = buffered.monthsOf({ vw, series, dimension, grp });
          buffered.add(months, from, sign);
          if (until !== undefined) buffered.add(months, until, -sign);
        } else {
          this.s.addCount.run(vw, series, dimension, grp, from.slice(0, 7), sign);
          if (until !== undefined) this.s.addCount.run(vw, series, dimension, grp, until.slice(0, 7), -sign);
        }
      }
    }
  }

  // ---- Transactions and the development history a build reads ----

  /** Runs `work` in one transaction (`immediate`: taking the write lock at once). */
  transaction<T>(work: () => T, immediate = false): T {
    const run = this.db.transaction(work);
    return immediate ? run.immediate() : run();
  }

  /** The last development version stored (0 when none is). */
  lastVersion(): number {
    return this.r.lastVersion.get()?.n ?? 0;
  }

  /** Development versions after `after` (up to `upTo` when given), in log order. */
  versionsAfter(after: number, upTo: number, limit: number): HistoryVersion[] {
    return this.r.versionsAfter.all(after, upTo, limit);
  }

  /** Where a bulk build reads the versions it folds: this file, on a connection of the folder's own, or this one. */
  versionSource(): VersionSource {
    return { file: this.db.memory ? undefined : this.db.name, inputs: () => versionInputsOn(this.db) };
  }

  /** A development's number in the read model, by id. */
  seqOf(id: string): number | undefined {
    return this.r.seqOf.get(id)?.seq;
  }

  /** Every entity's home country, for a fold on another thread. */
  homes(): [string, string][] {
    return this.r.homes.all();
  }

  /** A scratch file beside the read model (in memory for an in-memory one), deleted by `close`. */
  openScratch(): BuildScratch {
    const db = this.db;
    const file = db.memory ? ':memory:' : `${db.name}.build-${process.pid}`;
    db.prepare('ATTACH DATABASE ? AS build').run(file);
    db.exec(`PRAGMA build.journal_mode = OFF; PRAGMA build.synchronous = OFF;
      CREATE TABLE build.build_changes (vw INTEGER, key TEXT, vid INTEGER, op INTEGER, seq INTEGER, recorded_at TEXT,
        PRIMARY KEY (vw, key, vid, op, seq)) WITHOUT ROWID`);
    const insert = db.prepare(
      'INSERT INTO build.build_changes (vw, key, vid, seq, op, recorded_at) VALUES (?, ?, ?, ?, ?, ?)',
    );
    const page = db.prepare<[number, string, number, number, number, number], BuildChange>(
      `SELECT vw, key, vid, seq, op, recorded_at FROM build.build_changes
       WHERE (vw, key, vid, op, seq) > (?, ?, ?, ?, ?) ORDER BY vw, key, vid, op, seq LIMIT ?`,
    );
    return {
      add: (c) => insert.run(c.vw, c.key, c.vid, c.seq, c.op, c.recorded_at),
      after: (cursor, limit) => page.all(...cursor, limit),
      close: () => {
        db.exec('DETACH DATABASE build');
        if (file !== ':memory:') rmSync(file, { force: true });
      },
    };
  }

  /** The first developments set aside, with the view that could not fold them, for an operator. */
  failureItems(limit = 20): { view: string; development: string; error: string; since: string }[] {
    return this.r.failureItems.all(limit);
  }

  // ---- Lookups as of a valid day and a transaction time ----

  /**
   * Versions of a view as of a valid day and a transaction time, ordered by key: an index lookup
   * over the versions' intervals. The current rows are found through narrow indexes that carry the
   * intervals; an earlier transaction time reads the versions' history.
   */
  versionsAsOf(vw: number, f: RowFilter): VersionRecord[] {
    const { sql, params } = this.asOfQuery(vw, f, false);
    return this.cached<VersionRecord>(sql).all(...params);
  }

  /** The same versions, each with its stored value (a page's rows in one query). */
  rowsAsOf(vw: number, f: RowFilter): (VersionRecord & { state: string })[] {
    const { sql, params } = this.asOfQuery(vw, f, true);
    return this.cached<VersionRecord & { state: string }>(sql).all(...params);
  }

  /** The lookup of `versionsAsOf`, each version with its stored value when `withState`. */
  private asOfQuery(vw: number, f: RowFilter, withState: boolean): { sql: string; params: unknown[] } {
    const state = withState ? ', s.state' : '';
    const states = withState ? 'JOIN view_states s ON s.sid = v.sid' : '';
    const [from, to] = f.certainOnly
      ? (['certain_from', 'certain_to'] as const)
      : (['valid_from', 'valid_to'] as const);
    const refs = filterRefs(f);
    const where: string[] = [];
    const params: unknown[] = [];
    let sql: string;
    if (f.knownAt) {
      where.push(
        'v.vw = ?',
        'v.recorded_from <= ?',
        '(v.recorded_to IS NULL OR v.recorded_to > ?)',
        `v.${from} <= ?`,
        `v.${to} > ?`,
      );
      params.push(vw, f.knownAt, f.knownAt, f.asOf, f.asOf);
      for (const ref of refs) {
        where.push("(' ' || v.refs || ' ') LIKE ?");
        params.push(`% ${ref} %`);
      }
      narrow('v', f, where, params);
      sql = `SELECT v.key, v.rid, v.sid, v.valid_from, v.valid_to, v.certain_from, v.certain_to, v.since, v.reported${state}
        FROM view_versions v INDEXED BY view_versions_history ${states} WHERE ${where.join(' AND ')} ORDER BY v.key LIMIT ?`;
    } else if (refs.length > 0) {
      where.push('r.vw = ?', 'r.ref = ?', `r.${from} <= ?`, `r.${to} > ?`);
      params.push(vw, refs[0], f.asOf, f.asOf);
      for (const ref of refs.slice(1)) {
        where.push(
          'EXISTS (SELECT 1 FROM view_refs r2 WHERE r2.vw = r.vw AND r2.ref = ? AND r2.key = r.key AND r2.rid = r.rid)',
        );
        params.push(ref);
      }
      narrow('r', f, where, params);
      sql = `SELECT r.key, r.rid, v.sid, r.valid_from, r.valid_to, r.certain_from, r.certain_to, v.since, v.reported${state}
        FROM view_refs r JOIN view_versions v ON v.rid = r.rid ${states} WHERE ${where.join(' AND ')} ORDER BY r.key LIMIT ?`;
    } else {
      // In key order, reading keys until a page's rows hold on the day; or, when few rows have begun
      // by then, those few by the day they begin, sorted.
      const sparse = f.key === undefined && this.fewBegunBy(vw, from, f.asOf);
      const index = `view_versions_${f.certainOnly ? 'certain' : 'possible'}${sparse ? '_from' : ''}`;
      where.push('v.vw = ?', 'v.recorded_to IS NULL', `v.${from} IS NOT NULL`, `v.${from} <= ?`, `v.${to} > ?`);
      params.push(vw, f.asOf, f.asOf);
      narrow('v', f, where, params);
      sql = `SELECT v.key, v.rid, v.sid, v.valid_from, v.valid_to, v.certain_from, v.certain_to, v.since, v.reported${state}
        FROM view_versions v INDEXED BY ${index} ${states} WHERE ${where.join(' AND ')} ORDER BY v.key LIMIT ?`;
    }
    params.push(f.limit);
    return { sql, params };
  }

  /**
   * Fewer than `sparseRows` current rows of the view begin by `day`? Read in key (or pair) order, a
   * page on such a day reads every key of the view to find the few that hold (at a million
   * developments, 13-27 ms for the facilities on a day before most rows begin, 97 ms for the
   * footprint); read by the day they begin, at most `sparseRows` index entries and their rows. The
   * day from which a view has that many is looked up again after a few seconds: it chooses how a
   * lookup reads, never what it answers.
   */
  private fewBegunBy(vw: number, from: 'valid_from' | 'certain_from', day: string): boolean {
    if (this.sparseRows <= 0) return false;
    const id = `${vw} ${from} ${this.sparseRows}`;
    let known = this.begunFrom.get(id);
    if (!known || performance.now() - known.at > BEGUN_FROM_MS) {
      const index = `view_versions_${from === 'valid_from' ? 'possible' : 'certain'}_from`;
      const row = this.cached<{ day: string }>(
        `SELECT ${from} AS day FROM view_versions INDEXED BY ${index}
         WHERE vw = ? AND recorded_to IS NULL AND ${from} IS NOT NULL ORDER BY ${from} LIMIT 1 OFFSET ?`,
      ).get(vw, this.sparseRows - 1);
      known = { day: row?.day ?? null, at: performance.now() };
      this.begunFrom.set(id, known);
    }
    return known.day === null || day < known.day;
  }

  /**
   * The developments behind keys of a view as of a day and a transaction time, each key's in
   * valid-time order, those set aside left out (a page's keys in one query).
   */
  developmentsOfKeys(
    vw: number,
    keys: readonly string[],
    asOf: string,
    knownAt: string | undefined,
    certainOnly: boolean,
  ): Map<string, string[]> {
    const at = knownAt ?? NOW;
    const found = new Map<string, string[]>(keys.map((k) => [k, []]));
    const series = certainOnly ? 'certain' : 'possible';
    const rows = this.r.developments.all(vw, JSON.stringify([...found.keys()]), at, at, series, asOf, asOf, vw);
    for (const [key, id] of rows) found.get(key)!.push(id);
    return found;
  }

  /** A key's members as known at `knownAt` (now when absent), with the development versions they stand for. */
  membersKnownAt(vw: number, key: string, knownAt: string | undefined): KnownMember[] {
    const at = knownAt ?? NOW;
    return this.r.membersKnownAt.all(vw, key, at, at, vw);
  }

  /**
   * The footprint's pairs (organisation, country) on `asOf`, each summed up from the current
   * placements that hold then: one row per pair, however many placements it has, in (organisation,
   * country) order after `after`, at most `limit`; `presence` keeps the pairs present, or only
   * planned. The placements that are presence and those that are only plans are summed apart: how
   * many there are, and their evidence as `evidenceCoreOf` has it placement by placement: whether
   * every one is certain, whether any is still possible (not certain, not past its last report), the
   * latest start with the date as given that began it, the earliest end, the last report. And the
   * placements themselves, in index order (view, key, version, how), in one JSON array per pair: one
   * pass over the index, where reading them again row by row took as long as summing them. A pair
   * in `summed` (an organisation with twenty thousand plants in a country, whose array took as long
   * again to make and read as summing them) gives instead what the row's value needs of them: its
   * distinct modes, acquisitions and subsidiaries, and how many facilities; its first facilities
   * and placements are read apart (`firstFacilitiesOfPair`, `placementsOfPair`).
   */
  footprintPairs(
    f: PairFilter & {
      presence?: 'present' | 'planned';
      limit: number;
      /** Pairs (organisation, country) to sum up rather than list (`PairSummary`). */
      summed?: readonly (readonly [organisation: string, country: string])[];
    },
  ): PairSummary[] {
    const { where, params } = this.placementsHolding(f);
    // Every pair, on a day when few rows of the footprint's views have begun: the placements of
    // those few (a placement holds on the interval of its version), sorted.
    const from = f.certainOnly ? 'certain_from' : 'valid_from';
    const sparse = !f.country && !f.subject && !f.origin && f.vws.every((vw) => this.fewBegunBy(vw, from, f.asOf));
    const placements = sparse
      ? `view_versions v INDEXED BY view_versions_${f.certainOnly ? 'certain' : 'possible'}_from
         JOIN view_placements p INDEXED BY view_placements_by_rid ON p.rid = v.rid`
      : 'view_placements p';
    if (sparse) {
      where.unshift(
        `v.vw IN (${f.vws.map(Number).join(', ')})`,
        'v.recorded_to IS NULL',
        `v.${from} IS NOT NULL`,
        `v.${from} <= ?`,
      );
      params.unshift(f.asOf);
    }
    // Certain on the day: found through the certain series, or inside the certain interval.
    const certain = f.certainOnly
      ? '1'
      : "(p.certain_from IS NOT NULL AND p.certain_from <= ? AND ? < coalesce(p.certain_to, '9999-12-31'))";
    const set = (planned: 0 | 1, name: string) =>
      `sum(planned = ${planned}) AS placements_${name},
       min(certain) FILTER (WHERE planned = ${planned}) AS all_certain_${name},
       max(NOT certain AND ? <= reported_day) FILTER (WHERE planned = ${planned}) AS any_possible_${name},
       max(vfrom || char(9) || since) FILTER (WHERE planned = ${planned}) AS latest_${name},
       min(vto) FILTER (WHERE planned = ${planned}) AS valid_to_${name},
       max(reported_day || char(9) || reported) FILTER (WHERE planned = ${planned}) AS reported_${name}`;
    const having = f.presence ? `HAVING max(planned = 0) = ${f.presence === 'present' ? 1 : 0}` : '';
    // Ordered as the index is (by country first when one country is asked, else by organisation):
    // each pair's placements come together, with no sorting.
    const summed = f.summed ?? [];
    const big = `(p.organisation, p.country) IN (VALUES ${summed.map(() => '(?, ?)').join(', ')})`;
    // The distinct values cost a temporary index per pair (1.4 ms a page of 100): asked only when
    // some pair is to be summed up.
    const listing = summed.length
      ? `json_group_array(json_array(vw, key, via, mode)) FILTER (WHERE NOT big) AS placements,
         max(big) AS summed,
         count(DISTINCT key) FILTER (WHERE big AND via = 'facility') AS facility_count,
         json_group_array(DISTINCT mode) FILTER (WHERE big) AS modes,
         json_group_array(DISTINCT key) FILTER (WHERE big AND via = 'acquisition') AS acquisitions,
         json_group_array(DISTINCT key) FILTER (WHERE big AND via = 'subsidiary') AS subsidiaries`
      : `json_group_array(json_array(vw, key, via, mode)) AS placements, 0 AS summed`;
    const sql = `SELECT organisation, country, ${set(0, 'present')}, ${set(1, 'planned')}, ${listing}
       FROM (SELECT *, CASE WHEN certain THEN certain_from ELSE valid_from END AS vfrom,
               CASE WHEN certain THEN coalesce(certain_to, '9999-12-31') ELSE valid_to END AS vto
             FROM (SELECT p.organisation, p.country, p.vw, p.key, p.via, p.mode, p.planned, p.since, p.reported,
                     p.reported_day, p.valid_from, p.valid_to, p.certain_from, p.certain_to, ${certain} AS certain
                     ${summed.length ? `, ${big} AS big` : ''}
                   FROM ${placements} WHERE ${where.join(' AND ')}
                   ORDER BY p.organisation, p.country, p.vw, p.key, p.rid, p.via))
       GROUP BY organisation, country ${having} ORDER BY organisation, country LIMIT ?`;
    // Parameters in the order they appear: the two sums, the certain condition, the pairs summed up,
    // the filters, the limit.
    const all = [f.asOf, f.asOf, ...(f.certainOnly ? [] : [f.asOf, f.asOf]), ...summed.flat(), ...params, f.limit];
    return this.cached<PairSummary>(sql).all(...all);
  }

  /** One pair's placements that hold as `f` asks, in index order, `limit` from `offset` (a pair with thousands). */
  placementsOfPair(f: PairFilter, organisation: string, country: string, offset: number, limit: number) {
    const { where, params } = this.placementsHolding(f);
    const sql = `SELECT p.vw, p.key, p.via, p.mode FROM view_placements p
       WHERE ${where.join(' AND ')} AND p.country = ? AND p.organisation = ?
       ORDER BY p.vw, p.key, p.rid, p.via LIMIT ? OFFSET ?`;
    return this.cached<PairPlacement>(sql).all(...params, country, organisation, limit, offset);
  }

  /**
   * The first `limit` facilities by id that place an organisation in a country as `f` asks, each with
   * the mode of its last placement (in index order, its latest version), as `presenceOf` lists them.
   */
  firstFacilitiesOfPair(f: PairFilter, organisation: string, country: string, limit: number): [string, string][] {
    const { where, params } = this.placementsHolding(f);
    // Facilities place organisations from one view (the facilities'): grouped by view and key, as the
    // index orders them, the first are read without reading the rest. The bare column `mode` comes
    // from the row of max(rid).
    const sql = `SELECT p.key, p.mode, max(p.rid) FROM view_placements p
       WHERE ${where.join(' AND ')} AND p.country = ? AND p.organisation = ? AND p.via = 'facility'
       GROUP BY p.vw, p.key ORDER BY p.vw, p.key LIMIT ?`;
    return this.cached<[string, string, number]>(sql)
      .raw()
      .all(...params, country, organisation, limit)
      .map(([key, mode]) => [key, mode]);
  }

  /** The conditions of placements that hold on `asOf` as `f` asks: its series, views, filters, mode. */
  private placementsHolding(f: PairFilter): { where: string[]; params: unknown[] } {
    const [from, to] = f.certainOnly ? ['certain_from', 'certain_to'] : ['valid_from', 'valid_to'];
    const { where, params } = placementFilter(
      f,
      [`p.${from} <= ?`, `p.${to} > ?`, `p.vw IN (${f.vws.map(Number).join(', ')})`],
      [f.asOf, f.asOf],
    );
    // What had surely happened is presence only: a plan is never certain presence.
    if (f.certainOnly) where.push('p.planned = 0');
    if (f.mode) modeCondition(f.mode, where, params);
    if (f.after) {
      where.push('(p.organisation, p.country) > (?, ?)');
      params.push(...f.after);
    }
    return { where, params };
  }

  /**
   * The current placements of the views `vws` whose interval in the series asked meets [from, to),
   * of a mode when one is given, in pair order (country, organisation, then as the index keeps them).
   */
  placementSpans(f: {
    vws: readonly number[];
    from: string;
    to: string;
    certainOnly: boolean;
    country?: string;
    subject?: string;
    origin?: string;
    mode?: string;
  }): IterableIterator<PlacementRecord & { country: string; organisation: string }> {
    const [from, to] = f.certainOnly ? ['certain_from', 'certain_to'] : ['valid_from', 'valid_to'];
    const { where, params } = placementFilter(
      f,
      [`p.${from} <= ?`, `p.${to} > ?`, `p.vw IN (${f.vws.map(Number).join(', ')})`],
      [f.to, f.from],
    );
    if (f.mode) modeCondition(f.mode, where, params);
    return this.cached<PlacementRecord & { country: string; organisation: string }>(
      `SELECT p.country, p.organisation, p.valid_from, p.valid_to, p.certain_from, p.certain_to, p.planned
       FROM view_placements p WHERE ${where.join(' AND ')} ORDER BY p.country, p.organisation, p.vw, p.key, p.rid, p.via`,
    ).iterate(...params);
  }

  /**
   * The current versions of a view whose interval meets [from, to), filtered by refs and status:
   * their intervals, and when `groupBy` is given each with its group (a row in several countries
   * once per country). Read from the narrow index of the current versions (`view_refs`, which
   * carries their intervals and status) wherever it can be: by the filter's first reference, the
   * others looked up beside it, and a version's other references from its row only when they are
   * its groups; with no reference to filter by, from the view's covering index of the intervals and
   * the references of the grouping. Reading the versions' table instead, each version's filters
   * looked up one by one, took 1.2-2.5 s for the facilities of the largest country at a million
   * developments.
   */
  versionSpans(
    vw: number,
    f: {
      from: string;
      to: string;
      certainOnly: boolean;
      country?: string;
      subject?: string;
      origin?: string;
      status?: string;
      groupBy?: 'country' | 'origin' | 'status' | 'kind';
    },
  ): { rows: { from: string; to: string }[]; grouped: { from: string; to: string; g: string | null }[] } {
    const [from, to] = f.certainOnly ? ['certain_from', 'certain_to'] : ['valid_from', 'valid_to'];
    const [first, ...others] = filterRefs(f);
    const byRef = f.groupBy === 'country' || f.groupBy === 'origin' ? `${f.groupBy}:` : undefined;
    const rows: { from: string; to: string }[] = [];
    const grouped: { from: string; to: string; g: string | null }[] = [];
    if (first !== undefined) {
      const where = ['r.vw = ?', 'r.ref = ?', `r.${from} IS NOT NULL`, `r.${from} <= ?`, `r.${to} > ?`];
      const params: unknown[] = [vw, first, f.to, f.from];
      for (const ref of others) {
        where.push(
          'EXISTS (SELECT 1 FROM view_refs r2 WHERE r2.vw = r.vw AND r2.ref = ? AND r2.key = r.key AND r2.rid = r.rid)',
        );
        params.push(ref);
      }
      if (f.status) {
        where.push('r.status = ?');
        params.push(f.status);
      }
      // The group: the status beside the reference, or the kind or the references from the version's row.
      const group = f.groupBy === 'kind' ? 'v.kind' : byRef ? 'v.refs' : f.groupBy === 'status' ? 'r.status' : 'NULL';
      const join = group.startsWith('v.') ? 'JOIN view_versions v ON v.rid = r.rid' : '';
      const found = this.cached<[string, string, string | null]>(
        `SELECT r.${from}, r.${to}, ${group} FROM view_refs r ${join} WHERE ${where.join(' AND ')}`,
      )
        .raw()
        .all(...params);
      for (const [start, end, g] of found) {
        rows.push({ from: start, to: end });
        if (!f.groupBy) continue;
        if (!byRef) grouped.push({ from: start, to: end, g });
        else
          for (const ref of g!.split(' '))
            if (ref.startsWith(byRef)) grouped.push({ from: start, to: end, g: ref.slice(byRef.length) });
      }
      return { rows, grouped };
    }
    // No reference to filter by: the view's current versions from the covering index of their
    // intervals and status (vw, key, from, to, status), with the group when it is the status; the
    // table itself when it is the kind.
    const index = f.certainOnly ? 'view_versions_certain' : 'view_versions_possible';
    const where = ['v.vw = ?', 'v.recorded_to IS NULL', `v.${from} IS NOT NULL`, `v.${from} <= ?`, `v.${to} > ?`];
    const params: unknown[] = [vw, f.to, f.from];
    if (f.status) {
      where.push('v.status = ?');
      params.push(f.status);
    }
    const column = f.groupBy === 'kind' ? 'v.kind' : f.groupBy === 'status' ? 'v.status' : 'NULL';
    for (const [start, end, g] of this.cached<[string, string, string | null]>(
      `SELECT v.${from}, v.${to}, ${column} FROM view_versions v ${f.groupBy === 'kind' ? '' : `INDEXED BY ${index}`}
       WHERE ${where.join(' AND ')}`,
    )
      .raw()
      .all(...params)) {
      rows.push({ from: start, to: end });
      if (column !== 'NULL') grouped.push({ from: start, to: end, g });
    }
    if (!byRef) return { rows, grouped };
    return { rows, grouped: this.groupSpans(vw, { ...f, groupBy: f.groupBy as 'country' | 'origin' }) };
  }

  /**
   * The current versions of a view whose interval meets [from, to), of one status when given, once
   * per reference of a grouping (country or origin), with its group: read from those references
   * alone, which carry the versions' intervals and status.
   */
  groupSpans(
    vw: number,
    f: { from: string; to: string; certainOnly: boolean; status?: string; groupBy: 'country' | 'origin' },
  ): { from: string; to: string; g: string }[] {
    const [from, to] = f.certainOnly ? ['certain_from', 'certain_to'] : ['valid_from', 'valid_to'];
    const prefix = `${f.groupBy}:`;
    const where = ['g.vw = ?', 'g.ref >= ?', 'g.ref < ?', `g.${from} IS NOT NULL`, `g.${from} <= ?`, `g.${to} > ?`];
    const params: unknown[] = [vw, prefix, `${f.groupBy};`, f.to, f.from];
    if (f.status) {
      where.push('g.status = ?');
      params.push(f.status);
    }
    const spans: { from: string; to: string; g: string }[] = [];
    for (const [start, end, g] of this.cached<[string, string, string]>(
      `SELECT g.${from}, g.${to}, substr(g.ref, ${prefix.length + 1}) FROM view_refs g WHERE ${where.join(' AND ')}`,
    )
      .raw()
      .all(...params))
      spans.push({ from: start, to: end, g });
    return spans;
  }

  /** A view's monthly count changes in one series and dimension, up to `lastMonth`, a row per group. */
  countChanges(vw: number, series: 'possible' | 'certain', dimension: string, lastMonth: string): GroupedChanges {
    return this.r.counts.all(vw, series, dimension, lastMonth);
  }

  /** The keys of a view whose current rows carry an expectation on `asOf`. */
  keysWithExpectations(vw: number, asOf: string): string[] {
    return this.r.keysWithExpectations.all(vw, asOf, asOf).map((r) => r.key);
  }

  /** A derived table's rows in a canonical order, natural keys for surrogate ids (to compare two read models). */
  canonical(table: string): unknown[][] {
    return this.db.prepare(CANONICAL[table]!).raw().all() as unknown[][];
  }

  /** Statements built from a filter's shape, prepared once per shape. */
  private readonly statements = new Map<string, Database.Statement<unknown[], unknown>>();
  /** Per view and series, the day by which `sparseRows` current rows have begun (null: the view has fewer), and when it was read. */
  private readonly begunFrom = new Map<string, { day: string | null; at: number }>();
  /** Below this many rows begun by the day, an as-of lookup reads them by the day they begin (0: never; a test sets it). */
  sparseRows = SPARSE_ROWS;

  private cached<R>(sql: string): Database.Statement<unknown[], R> {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      if (this.statements.size > 500) this.statements.clear();
      this.statements.set(sql, statement);
    }
    return statement as Database.Statement<unknown[], R>;
  }
}

/** The filters every lookup applies on its driving table: status, and the page or the one key asked for. */
function narrow(alias: 'v' | 'r', f: RowFilter, where: string[], params: unknown[]): void {
  if (f.status) {
    where.push(`${alias}.status = ?`);
    params.push(f.status);
  }
  if (f.afterKey !== undefined) {
    where.push(`${alias}.key > ?`);
    params.push(f.afterKey);
  }
  if (f.key !== undefined) {
    where.push(`${alias}.key = ?`);
    params.push(f.key);
  }
}

/**
 * The footprint's filters over `view_placements` (alias `p`): `country` where the organisation is,
 * `subject` the organisation, `origin` its home country; after the interval conditions given.
 */
function placementFilter(
  f: { country?: string; subject?: string; origin?: string },
  where: string[],
  params: unknown[],
): { where: string[]; params: unknown[] } {
  if (f.country) {
    where.push('p.country = ?');
    params.push(f.country);
  }
  if (f.subject) {
    where.push('p.organisation = ?');
    params.push(f.subject);
  }
  if (f.origin) {
    where.push('p.origin = ?');
    params.push(f.origin);
  }
  return { where, params };
}

/** A placement of a mode (`plant:operating`, `acquirer`) or of a status a mode ends with (`operating`). */
function modeCondition(mode: string, where: string[], params: unknown[]): void {
  where.push("(p.mode = ? OR substr(p.mode, -length(?) - 1) = ':' || ?)");
  params.push(mode, mode, mode);
}
