import type { RowVersion } from './fold.js';

/** A stored version of a row, as the transaction-time bookkeeping sees it. */
export interface KeyRow
  extends Pick<RowVersion, 'validFrom' | 'validTo' | 'certainFrom' | 'certainTo' | 'since' | 'reported' | 'json'> {
  recordedFrom: string;
  recordedTo: string | null;
}

export type RowChange<R extends KeyRow> =
  | { kind: 'close'; row: R }
  | { kind: 'delete'; row: R }
  | { kind: 'reopen'; row: R; version: RowVersion }
  | { kind: 'insert'; version: RowVersion };

/** The intervals and evidence of a version; two versions are the same when these and their JSON are. */
export function intervalsOf(
  v: Pick<KeyRow, 'validFrom' | 'validTo' | 'certainFrom' | 'certainTo' | 'since' | 'reported'>,
): string {
  return `${v.validFrom}|${v.validTo}|${v.certainFrom}|${v.certainTo}|${v.since}|${v.reported}`;
}

/**
 * What writing a key's new versions at transaction time `recordedAt` changes: versions that still
 * hold stay, superseded ones are closed (dropped if written at this same instant), new ones are
 * inserted, and one closed at this instant that holds again is reopened. So the stored rows depend
 * only on the log, not on how its events were batched. `rows` are the key's current versions and
 * those closed at `recordedAt`.
 */
export function rowChanges<R extends KeyRow>(
  rows: readonly R[],
  desired: readonly RowVersion[],
  recordedAt: string,
): RowChange<R>[] {
  // Matched by intervals first, then by value: no long strings are built to compare.
  const wanted = new Map<string, RowVersion[]>();
  for (const d of desired) {
    const list = wanted.get(intervalsOf(d));
    if (list) list.push(d);
    else wanted.set(intervalsOf(d), [d]);
  }
  const take = (row: KeyRow): RowVersion | undefined => {
    const list = wanted.get(intervalsOf(row));
    const i = list ? list.findIndex((d) => d.json === row.json) : -1;
    return i === -1 ? undefined : list!.splice(i, 1)[0];
  };
  const changes: RowChange<R>[] = [];
  const closedNow: R[] = [];
  for (const row of rows) {
    if (row.recordedTo !== null) {
      if (row.recordedTo === recordedAt) closedNow.push(row);
      continue;
    }
    if (!take(row)) changes.push({ kind: row.recordedFrom === recordedAt ? 'delete' : 'close', row });
  }
  for (const row of closedNow) {
    const version = take(row);
    if (version) changes.push({ kind: 'reopen', row, version });
  }
  for (const list of wanted.values()) for (const version of list) changes.push({ kind: 'insert', version });
  return changes;
}
