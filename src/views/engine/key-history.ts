import type { Timing } from '../../../events/index.js';
import type { AnyProjection, ProjectionContext } from '../../../projections/index.js';
import { versionsOf, type FoldCache, type Member, type RowVersion } from './fold.js';
import { rowChanges, type KeyRow } from './key-rows.js';
import { memberOf } from './keying.js';

/** A development joining (op 1) or leaving (op 0) a key, in log order. */
export interface MembershipChange {
  vid: number;
  seq: number;
  op: 0 | 1;
  recordedAt: string;
}

/** The development version a joining change refers to. */
export interface VersionInput {
  state: string;
  earliest: string;
  latest: string;
  certainFrom: string | null;
  publishedFrom: string | null;
}

export interface MemberWrite {
  seq: number;
  vid: number;
  timing: Timing;
  recordedFrom: string;
  recordedTo: string | null;
}

export interface RowWrite {
  version: RowVersion;
  recordedFrom: string;
  recordedTo: string | null;
}

/** A key's whole history, as applying its membership changes one by one would have stored it. */
export interface KeyHistory {
  members: MemberWrite[];
  rows: RowWrite[];
  failures: { seq: number; error: string; recordedAt: string }[];
}

/**
 * Replays a key's membership changes in log order, in memory: the members and the rows (with
 * their transaction-time history) that incremental application gives, computed once. Pure: the
 * bulk build runs it on the main thread or in a worker.
 */
export function keyHistory(
  projection: AnyProjection,
  key: string,
  changes: readonly MembershipChange[],
  versions: ReadonlyMap<number, VersionInput>,
  context: ProjectionContext,
): KeyHistory {
  const live = new Map<number, { member: Member; write: MemberWrite }>();
  const members: MemberWrite[] = [];
  // Rows still current, and rows closed at an earlier instant (they cannot change any more).
  let rows: (KeyRow & { version: RowVersion })[] = [];
  const done: (KeyRow & { version: RowVersion })[] = [];
  let cache: FoldCache | undefined;
  const failures = new Map<number, { error: string; since: string }>();
  for (let i = 0; i < changes.length; i++) {
    const change = changes[i]!;
    const at = change.recordedAt;
    if (change.op === 0) {
      const current = live.get(change.seq);
      if (current) {
        live.delete(change.seq);
        failures.delete(change.seq);
        // A membership that began at this same instant leaves nothing behind.
        if (current.write.recordedFrom !== at) members.push({ ...current.write, recordedTo: at });
      }
    } else {
      const v = versions.get(change.vid)!;
      const timing: Timing = {
        earliest: v.earliest,
        latest: v.latest,
        certainFrom: v.certainFrom,
        publishedFrom: v.publishedFrom,
      };
      live.set(change.seq, {
        member: memberOf(change.seq, v),
        write: { seq: change.seq, vid: change.vid, timing, recordedFrom: at, recordedTo: null },
      });
    }
    // Within one instant only the last fold counts (rowChanges drops and reopens what the instant rewrote).
    if (changes[i + 1]?.recordedAt === at) continue;
    const fold = versionsOf(
      projection,
      key,
      [...live.values()].map((m) => m.member),
      context,
      cache,
    );
    cache = fold.cache;
    const failing = new Map(fold.failed.map((f) => [f.seq, f.error]));
    for (const seq of live.keys()) {
      const error = failing.get(seq);
      if (error === undefined) failures.delete(seq);
      else failures.set(seq, { error, since: failures.get(seq)?.since ?? at });
    }
    const dropped = new Set<KeyRow>();
    for (const c of rowChanges(rows, fold.versions, at)) {
      if (c.kind === 'close') c.row.recordedTo = at;
      else if (c.kind === 'delete') dropped.add(c.row);
      else if (c.kind === 'insert') rows.push({ ...c.version, recordedFrom: at, recordedTo: null, version: c.version });
    }
    // One fold per instant: nothing closed now is reopened later, so closed rows are done.
    for (const row of rows) if (row.recordedTo !== null) done.push(row);
    rows = rows.filter((row) => row.recordedTo === null && !dropped.has(row));
  }
  rows = [...done, ...rows];
  for (const { write } of live.values()) members.push(write);
  return {
    members,
    rows: rows.map(({ version, recordedFrom, recordedTo }) => ({ version, recordedFrom, recordedTo })),
    failures: [...failures].map(([seq, f]) => ({ seq, error: f.error, recordedAt: f.since })),
  };
}
