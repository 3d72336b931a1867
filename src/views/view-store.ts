import type Database from 'better-sqlite3';
import type { Timing } from '../../events/index.js';
import type { Indexed } from '../../projections/index.js';
import type { HomeCountry } from '../filters/development-filter.js';
import { END_OF_TIME, type RowVersion } from './fold.js';
import { rowChanges, type KeyRow } from './key-rows.js';
import { VIEWS_SCHEMA } from './schema.js';

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

/** The refs a row version is found by: where, who, and from where (the home countries of who). */
export function rowRefs(indexed: Indexed, homeCountry: HomeCountry): string[] {
  const origins = indexed.subjects.filter((s) => !s.startsWith('region:')).map(homeCountry);
  return [
    ...new Set([
      ...indexed.countries.map((c) => `country:${c}`),
      ...indexed.subjects,
      ...origins.filter((c): c is string => c !== undefined).map((c) => `origin:${c}`),
    ]),
  ];
}

/** The views' tables, behind named operations; every write happens inside the caller's transaction. */
export class ViewStore {
  private readonly s;

  constructor(
    readonly db: Database.Database,
    private readonly homeCountry: HomeCountry,
  ) {
    db.exec(VIEWS_SCHEMA);
    this.s = {
      defs: db.prepare<[], { vw: number; name: string; version: number; status: ViewDef['status']; built_to: number }>(
        'SELECT vw, name, version, status, built_to FROM view_defs ORDER BY vw',
      ),
      insertDef: db.prepare('INSERT INTO view_defs (name, version, status, built_to) VALUES (?, ?, ?, 0)'),
      setStatus: db.prepare('UPDATE view_defs SET status = ?, built_to = ? WHERE vw = ?'),
      deleteDef: db.prepare('DELETE FROM view_defs WHERE vw = ?'),
      liveMembersOfSeq: db.prepare<[number, number], { mid: number; key: string; recorded_from: string }>(
        'SELECT mid, key, recorded_from FROM view_members WHERE vw = ? AND seq = ? AND recorded_to IS NULL',
      ),
      closeMember: db.prepare('UPDATE view_members SET recorded_to = ? WHERE mid = ?'),
      deleteMember: db.prepare('DELETE FROM view_members WHERE mid = ?'),
      insertMember: db.prepare(
        `INSERT INTO view_members (vw, key, seq, vid, earliest, latest, certain_from, published_from, recorded_from, recorded_to)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
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
           certain_from, certain_to, since, reported)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
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
      .prepare('DELETE FROM view_members WHERE mid IN (SELECT mid FROM view_members WHERE vw = ? LIMIT ?)')
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
  liveMembersOfSeq(vw: number, seq: number): { mid: number; key: string; recorded_from: string }[] {
    return this.s.liveMembersOfSeq.all(vw, seq);
  }

  /** Ends a membership at `recordedAt` (or forgets it, if it began at that same instant). */
  endMember(member: { mid: number; recorded_from: string }, recordedAt: string): void {
    if (member.recorded_from === recordedAt) this.s.deleteMember.run(member.mid);
    else this.s.closeMember.run(recordedAt, member.mid);
  }

  addMember(
    vw: number,
    key: string,
    seq: number,
    vid: number,
    timing: Timing,
    recordedFrom: string,
    recordedTo: string | null = null,
  ): void {
    this.s.insertMember.run(
      vw,
      key,
      seq,
      vid,
      timing.earliest,
      timing.latest,
      timing.certainFrom,
      timing.publishedFrom,
      recordedFrom,
      recordedTo,
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
    for (const change of rowChanges(rows, desired, recordedAt)) {
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
    for (const ref of refs) this.s.insertRef.run(vw, ref, key, rid, ...intervals, v.indexed.status ?? null);
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

  private buffered: Map<string, number> | undefined;

  /** Counts are added up in memory until `flushCounts` (a bulk build writes each sum once). */
  bufferCounts(): void {
    this.buffered = new Map();
  }

  /** Writes the buffered counts, up to `limit` at a time; true once all are written. */
  flushCounts(limit = 1000): boolean {
    if (!this.buffered) return true;
    let written = 0;
    for (const [id, delta] of this.buffered) {
      if (written++ >= limit) return false;
      const [vw, series, dimension, grp, month] = id.split('\u0001') as [string, string, string, string, string];
      if (delta !== 0) this.s.addCount.run(Number(vw), series, dimension, grp, month, delta);
      this.buffered.delete(id);
    }
    this.buffered = undefined;
    return true;
  }

  /** A current version starts counting in the month it begins and stops in the month it ends, in each grouping. */
  private count(vw: number, v: Counted, sign: 1 | -1): void {
    const groups: [string, string, number][] = [['', '', 1]];
    for (const ref of v.refs) {
      if (ref.startsWith('country:')) groups.push(['country', ref.slice(8), 1]);
      else if (ref.startsWith('origin:')) groups.push(['origin', ref.slice(7), 1]);
    }
    if (v.status) groups.push(['status', v.status, 1]);
    if (v.kind) groups.push(['kind', v.kind, 1]);
    const spans: [string, string | null, string | null][] = [
      ['possible', v.validFrom, v.validTo],
      ['certain', v.certainFrom, v.certainTo],
    ];
    for (const [series, from, to] of spans) {
      if (from === null) continue;
      for (const [dimension, grp, weight] of groups) {
        this.addCount(vw, series, dimension, grp, from.slice(0, 7), sign * weight);
        if (to !== null && to !== END_OF_TIME)
          this.addCount(vw, series, dimension, grp, to.slice(0, 7), -sign * weight);
      }
    }
  }

  private addCount(vw: number, series: string, dimension: string, grp: string, month: string, delta: number): void {
    if (!this.buffered) {
      this.s.addCount.run(vw, series, dimension, grp, month, delta);
      return;
    }
    const id = `${vw}\u0001${series}\u0001${dimension}\u0001${grp}\u0001${month}`;
    this.buffered.set(id, (this.buffered.get(id) ?? 0) + delta);
  }
}
