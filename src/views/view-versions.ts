import type Database from 'better-sqlite3';
import type { Indexed } from '../../projections/index.js';

export type Series = 'possible' | 'certain';

export interface DesiredVersion {
  validFrom: string;
  validTo: string;
  certainFrom: string;
  state: string;
  provenance: string;
  indexed: Indexed;
}

interface CurrentVersion {
  vid: number;
  valid_from: string;
  valid_to: string;
  certain_from: string;
  state: string;
  provenance: string;
  recorded_from: string;
}

const signature = (v: {
  valid_from: string;
  valid_to: string;
  certain_from: string;
  state: string;
  provenance: string;
}) => `${v.valid_from}\u0000${v.valid_to}\u0000${v.certain_from}\u0000${v.provenance}\u0000${v.state}`;

/**
 * Writes a key's versions at transaction time `recordedAt`: versions that still hold are kept,
 * superseded ones are closed (or dropped if they were written at this same instant), new ones
 * are inserted. So the rows depend only on the log, not on how its events were batched.
 */
export class ViewVersions {
  private readonly current;
  private readonly close;
  private readonly drop;
  private readonly dropRefs;
  private readonly reopenable;
  private readonly reopen;
  private readonly insert;
  private readonly insertRef;

  constructor(db: Database.Database) {
    this.current = db.prepare<[string, Series, string, string], CurrentVersion>(
      `SELECT vid, valid_from, valid_to, certain_from, state, provenance, recorded_from FROM view_versions
       WHERE view = ? AND series = ? AND key = ? AND recorded_to IS NULL AND valid_from >= ?`,
    );
    this.close = db.prepare('UPDATE view_versions SET recorded_to = ? WHERE vid = ?');
    this.drop = db.prepare('DELETE FROM view_versions WHERE vid = ?');
    this.dropRefs = db.prepare('DELETE FROM view_refs WHERE vid = ?');
    this.reopenable = db.prepare<[string, Series, string, string, string], CurrentVersion>(
      `SELECT vid, valid_from, valid_to, certain_from, state, provenance, recorded_from FROM view_versions
       WHERE view = ? AND series = ? AND key = ? AND valid_from = ? AND recorded_to = ?`,
    );
    this.reopen = db.prepare('UPDATE view_versions SET recorded_to = NULL WHERE vid = ?');
    this.insert = db.prepare(
      `INSERT INTO view_versions (view, key, series, valid_from, valid_to, certain_from, status, state, provenance, recorded_from)
       VALUES (@view, @key, @series, @validFrom, @validTo, @certainFrom, @status, @state, @provenance, @recordedFrom)`,
    );
    this.insertRef = db.prepare('INSERT OR IGNORE INTO view_refs (view, ref, key, vid) VALUES (?, ?, ?, ?)');
  }

  /** Replaces the key's current versions of one series from `validFrom` on with `desired`. */
  write(
    view: string,
    series: Series,
    key: string,
    validFrom: string,
    desired: DesiredVersion[],
    recordedAt: string,
  ): void {
    const wanted = new Map<string, DesiredVersion>();
    for (const d of desired) {
      wanted.set(
        signature({
          valid_from: d.validFrom,
          valid_to: d.validTo,
          certain_from: d.certainFrom,
          state: d.state,
          provenance: d.provenance,
        }),
        d,
      );
    }
    for (const row of this.current.all(view, series, key, validFrom)) {
      const sig = signature(row);
      if (wanted.has(sig)) {
        wanted.delete(sig);
      } else if (row.recorded_from === recordedAt) {
        this.drop.run(row.vid);
        this.dropRefs.run(row.vid);
      } else {
        this.close.run(recordedAt, row.vid);
      }
    }
    for (const [sig, d] of wanted) {
      const closedNow = this.reopenable
        .all(view, series, key, d.validFrom, recordedAt)
        .find((row) => signature(row) === sig);
      if (closedNow) {
        this.reopen.run(closedNow.vid);
        continue;
      }
      const vid = Number(
        this.insert.run({
          view,
          key,
          series,
          validFrom: d.validFrom,
          validTo: d.validTo,
          certainFrom: d.certainFrom,
          status: d.indexed.status ?? null,
          state: d.state,
          provenance: d.provenance,
          recordedFrom: recordedAt,
        }).lastInsertRowid,
      );
      for (const ref of refsOf(d.indexed)) this.insertRef.run(view, ref, key, vid);
    }
  }
}

export function refsOf(indexed: Indexed): string[] {
  return [...new Set([...indexed.countries.map((c) => `country:${c}`), ...indexed.subjects])];
}
