import type Database from 'better-sqlite3';

export interface MemberRow {
  view: string;
  key: string;
  sort_key: string;
  development_id: string;
  /** The development as it stands now (JSON): what `evolve` is fed when the key is re-evolved. */
  development: string;
  earliest: string;
  latest: string;
  state: string;
  certain_from: string;
  provenance: string;
}

/** Developments order by their first possible day, then their last, then recording order. */
export function sortKeyOf(earliest: string, latest: string, seq: number): string {
  return `${earliest}|${latest}|${String(seq).padStart(12, '0')}`;
}

/** Statements over the members of view rows and the development history they read. */
export class ViewMembers {
  readonly keysOfDevelopment;
  readonly deleteKeys;
  readonly insertKey;
  readonly deleteMember;
  readonly insertMember;
  readonly updateMember;
  readonly previous;
  readonly from;
  readonly outline;
  readonly stateAt;
  readonly developmentAt;

  constructor(db: Database.Database) {
    this.keysOfDevelopment = db.prepare<[string, string], { key: string; sort_key: string }>(
      'SELECT key, sort_key FROM view_keys WHERE view = ? AND development_id = ?',
    );
    this.deleteKeys = db.prepare('DELETE FROM view_keys WHERE view = ? AND development_id = ?');
    this.insertKey = db.prepare('INSERT INTO view_keys (view, development_id, key, sort_key) VALUES (?, ?, ?, ?)');
    this.deleteMember = db.prepare('DELETE FROM view_members WHERE view = ? AND key = ? AND sort_key = ?');
    this.insertMember = db.prepare(
      `INSERT INTO view_members (view, key, sort_key, development_id, development, earliest, latest, state, certain_from, provenance)
       VALUES (?, ?, ?, ?, ?, ?, ?, 'null', '', '[]')`,
    );
    this.updateMember = db.prepare(
      'UPDATE view_members SET state = ?, certain_from = ?, provenance = ? WHERE view = ? AND key = ? AND sort_key = ?',
    );
    this.previous = db.prepare<[string, string, string], MemberRow>(
      'SELECT * FROM view_members WHERE view = ? AND key = ? AND sort_key < ? ORDER BY sort_key DESC LIMIT 1',
    );
    this.from = db.prepare<[string, string, string], MemberRow>(
      'SELECT * FROM view_members WHERE view = ? AND key = ? AND sort_key >= ? ORDER BY sort_key',
    );
    this.outline = db.prepare<[string, string], Pick<MemberRow, 'sort_key' | 'development_id' | 'latest'>>(
      'SELECT sort_key, development_id, latest FROM view_members WHERE view = ? AND key = ? ORDER BY sort_key',
    );
    this.stateAt = db.prepare<[string, string, string], Pick<MemberRow, 'state' | 'provenance'>>(
      'SELECT state, provenance FROM view_members WHERE view = ? AND key = ? AND sort_key = ?',
    );
    this.developmentAt = db.prepare<[string, string, string], Pick<MemberRow, 'development'>>(
      'SELECT development FROM view_members WHERE view = ? AND key = ? AND sort_key = ?',
    );
  }
}
