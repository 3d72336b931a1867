import type { Timing } from '../../../events/index.js';
import type { AnyProjection, ProjectionContext } from '../../../projections/index.js';
import type { Member, RowVersion } from './fold.js';
import { KeyFold } from './key-fold.js';
import { intervalsOf } from './key-rows.js';
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
  /** The development's id, written beside the member (a page reads it from there). */
  id: string;
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

/** A stored version of a row, with its transaction-time interval. */
interface Row {
  version: RowVersion;
  recordedFrom: string;
  recordedTo: string | null;
}

/** What identifies a stored row: two versions with the same key store the same row. */
function rowKey(v: RowVersion): string {
  return `${intervalsOf(v)}|${v.json}`;
}

/**
 * Replays a key's membership changes in log order, in memory: the members and the rows (with
 * their transaction-time history) that incremental application gives, computed once. After each
 * instant the key is folded again from its earliest change only (`KeyFold`), and only the rows
 * that changed are compared: a stored row is closed when its version no longer holds, and a new
 * version that stores the same row as one that stopped holding keeps it. Pure: the bulk build
 * runs it on the main thread or in a worker.
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
  const fold = new KeyFold(projection, key, context);
  // The row each current version is stored in; rows closed are done (nothing reopens them later).
  const stored = new Map<object, Row>();
  const done: Row[] = [];
  const failures = new Map<number, { error: string; since: string }>();
  for (let i = 0; i < changes.length; i++) {
    const change = changes[i]!;
    const at = change.recordedAt;
    if (change.op === 0) {
      const current = live.get(change.seq);
      if (current) {
        live.delete(change.seq);
        failures.delete(change.seq);
        fold.remove(current.member);
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
      const previous = live.get(change.seq);
      if (previous) fold.remove(previous.member);
      const member = memberOf(change.seq, v);
      live.set(change.seq, {
        member,
        write: {
          seq: change.seq,
          id: member.development.id,
          vid: change.vid,
          timing,
          recordedFrom: at,
          recordedTo: null,
        },
      });
      fold.add(member);
    }
    // Within one instant only the last fold counts: what it rewrote is compared once.
    if (changes[i + 1]?.recordedAt === at) continue;
    const { deltas, failed } = fold.fold();
    if (failed.length > 0 || failures.size > 0) {
      const failing = new Map(failed.map((f) => [f.seq, f.error]));
      for (const seq of live.keys()) {
        const error = failing.get(seq);
        if (error === undefined) failures.delete(seq);
        else failures.set(seq, { error, since: failures.get(seq)?.since ?? at });
      }
    }
    // Rows whose versions stopped holding, by what they store: a new version storing the same keeps its row.
    const stopped = new Map<string, Row[]>();
    for (const { id, before } of deltas) {
      if (!before) continue;
      const row = stored.get(id)!;
      stored.delete(id);
      const k = rowKey(before);
      const list = stopped.get(k);
      if (list) list.push(row);
      else stopped.set(k, [row]);
    }
    for (const { id, after } of deltas) {
      if (!after) continue;
      const same = stopped.get(rowKey(after))?.pop();
      stored.set(id, same ?? { version: after, recordedFrom: at, recordedTo: null });
    }
    for (const list of stopped.values())
      for (const row of list) {
        // A row written at this same instant was never seen: it leaves nothing behind.
        if (row.recordedFrom === at) continue;
        row.recordedTo = at;
        done.push(row);
      }
  }
  for (const { write } of live.values()) members.push(write);
  return {
    members,
    rows: [...done, ...stored.values()],
    failures: [...failures].map(([seq, f]) => ({ seq, error: f.error, recordedAt: f.since })),
  };
}
