import type { RowVersion } from './fold.js';

/** A stored version of a row, as the transaction-time bookkeeping sees it. */
export interface KeyRow {
  validFrom: string | null;
  validTo: string | null;
  certainFrom: string | null;
  certainTo: string | null;
  json: string;
  recordedFrom: string;
  recordedTo: string | null;
}

export type RowChange<R extends KeyRow> =
  | { kind: 'close'; row: R }
  | { kind: 'delete'; row: R }
  | { kind: 'reopen'; row: R; version: RowVersion }
  | { kind: 'insert'; version: RowVersion };

export function signatureOf(v: Pick<KeyRow, 'validFrom' | 'validTo' | 'certainFrom' | 'certainTo' | 'json'>): string {
  return `${v.validFrom}\u0000${v.validTo}\u0000${v.certainFrom}\u0000${v.certainTo}\u0000${v.json}`;
}

/**
 * What writing a key's new versions at transaction time `recordedAt` changes: versions that still
 * hold stay, superseded ones are closed (dropped if written at this same instant), new ones are
 * inserted, and one closed at this instant that holds again is reopened. So the stored rows depend
 * only on the log, not on how its events were batched. `rows` are the key's current versions and
 * those closed at `recordedAt`.
 */
export function rowChanges<R extends KeyRow>(rows: readonly R[], desired: readonly RowVersion[], recordedAt: string): RowChange<R>[] {
  const wanted = new Map(desired.map((d) => [signatureOf(d), d]));
  const changes: RowChange<R>[] = [];
  const closedNow = new Map<string, R>();
  for (const row of rows) {
    const sig = signatureOf(row);
    if (row.recordedTo !== null) {
      if (row.recordedTo === recordedAt) closedNow.set(sig, row);
      continue;
    }
    if (wanted.has(sig)) wanted.delete(sig);
    else changes.push({ kind: row.recordedFrom === recordedAt ? 'delete' : 'close', row });
  }
  for (const [sig, version] of wanted) {
    const closed = closedNow.get(sig);
    changes.push(closed ? { kind: 'reopen', row: closed, version } : { kind: 'insert', version });
  }
  return changes;
}
