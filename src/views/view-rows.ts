import type Database from 'better-sqlite3';
import { parseEdtf } from '../../events/index.js';
import type { AnyProjection } from '../../projections/index.js';
import { Problem } from '../errors/problems.js';
import type { RowExpectation } from './fold.js';
import type { ViewEngine } from './view-engine.js';
import { dateWords, type Evidence, evidenceOf } from './evidence.js';

/**
 * A row as of a day: its evidence (`certainty` certain, possible or unconfirmed; `since` as given;
 * `certainSince`; `lastReported`; the valid interval [validFrom, validTo) of the series that
 * answered, validTo null when open) and its value.
 */
export interface ViewRow extends Evidence {
  key: string;
  /** Ids of the developments the row derives from, in valid-time order. */
  developments: string[];
  value: Record<string, unknown>;
}

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

/** A version chosen by an as-of lookup, before it is read. */
export interface VersionRecord {
  key: string;
  rid: number;
  sid: number;
  valid_from: string | null;
  valid_to: string | null;
  certain_from: string | null;
  certain_to: string | null;
  since: string;
  reported: string;
}

/** Transaction time later than any recording: "as the log stands now". */
export const NOW = '9999-12-31T23:59:59.999Z';

/** The stored view (its definition id) that answers for a view name, or a 404 / 503 problem. */
export function servingView(engine: ViewEngine, name: string): { vw: number; projection: AnyProjection } {
  const projection = engine.projection(name);
  if (!projection) {
    const names = [...engine.projections.map((p) => p.name), 'footprint'].join(', ');
    throw new Problem(404, 'UNKNOWN_VIEW', 'Not found', `no view ${name}; views: ${names}`);
  }
  const vw = engine.servingVw(name);
  if (vw === undefined)
    throw new Problem(
      503,
      'VIEW_REBUILDING',
      'Service unavailable',
      `view ${name} is being built from the log; try again shortly`,
    );
  return { vw, projection };
}

/** The refs a filter requires of a row. */
export function filterRefs(f: Pick<RowFilter, 'country' | 'subject' | 'origin'>): string[] {
  return [
    f.country ? `country:${f.country}` : undefined,
    f.subject,
    f.origin ? `origin:${f.origin}` : undefined,
  ].filter((r): r is string => r !== undefined);
}

/**
 * Rows of a view as of a valid date and a transaction time, ordered by key: an index lookup over
 * the versions' intervals. The current rows are found through narrow indexes that carry the
 * intervals; an earlier transaction time reads the versions' history.
 */
export function selectRows(db: Database.Database, vw: number, f: RowFilter): VersionRecord[] {
  const [from, to] = f.certainOnly ? ['certain_from', 'certain_to'] : ['valid_from', 'valid_to'];
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
    sql = `SELECT v.key, v.rid, v.sid, v.valid_from, v.valid_to, v.certain_from, v.certain_to, v.since, v.reported
      FROM view_versions v INDEXED BY view_versions_history WHERE ${where.join(' AND ')} ORDER BY v.key LIMIT ?`;
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
    sql = `SELECT r.key, r.rid, v.sid, r.valid_from, r.valid_to, r.certain_from, r.certain_to, v.since, v.reported
      FROM view_refs r JOIN view_versions v ON v.rid = r.rid WHERE ${where.join(' AND ')} ORDER BY r.key LIMIT ?`;
  } else {
    const index = f.certainOnly ? 'view_versions_certain' : 'view_versions_possible';
    where.push('v.vw = ?', 'v.recorded_to IS NULL', `v.${from} IS NOT NULL`, `v.${from} <= ?`, `v.${to} > ?`);
    params.push(vw, f.asOf, f.asOf);
    narrow('v', f, where, params);
    sql = `SELECT v.key, v.rid, v.sid, v.valid_from, v.valid_to, v.certain_from, v.certain_to, v.since, v.reported
      FROM view_versions v INDEXED BY ${index} WHERE ${where.join(' AND ')} ORDER BY v.key LIMIT ?`;
  }
  return db.prepare<unknown[], VersionRecord>(sql).all(...params, f.limit);
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

/** Reads selected versions as rows: their value as of the date, certainty and the developments behind them. */
export class RowReader {
  private readonly state;
  private readonly members;

  constructor(private readonly db: Database.Database) {
    this.state = db.prepare<[number], { state: string }>('SELECT state FROM view_states WHERE sid = ?');
    this.members = db.prepare<[number, string, string, string, string, string, string], { id: string }>(
      `SELECT d.id FROM view_members m JOIN developments d ON d.seq = m.seq
       WHERE m.vw = ? AND m.key = ? AND m.recorded_from <= ? AND (m.recorded_to IS NULL OR m.recorded_to > ?)
         AND CASE WHEN ? = 'certain' THEN m.certain_from IS NOT NULL AND m.certain_from <= ? ELSE m.earliest <= ? END
         AND NOT EXISTS (SELECT 1 FROM view_failures f WHERE f.vw = m.vw AND f.seq = m.seq)
       ORDER BY m.earliest, m.latest, m.seq`,
    );
  }

  row(
    projection: AnyProjection,
    vw: number,
    record: VersionRecord,
    asOf: string,
    knownAt: string | undefined,
    certainOnly: boolean,
  ): ViewRow {
    const stored = JSON.parse(this.state.get(record.sid)!.state) as Record<string, unknown>;
    const value = presentValue(projection, stored, asOf);
    return {
      key: record.key,
      ...evidenceOf(record, asOf, certainOnly, value.status),
      developments: this.developments(vw, record.key, asOf, knownAt, certainOnly),
      value,
    };
  }

  developments(vw: number, key: string, asOf: string, knownAt: string | undefined, certainOnly: boolean): string[] {
    const at = knownAt ?? NOW;
    return this.members.all(vw, key, at, at, certainOnly ? 'certain' : 'possible', asOf, asOf).map((m) => m.id);
  }

  /** `developments` for many keys of one view at once (a footprint page reads hundreds). */
  developmentsOfKeys(
    vw: number,
    keys: readonly string[],
    asOf: string,
    knownAt: string | undefined,
    certainOnly: boolean,
  ): Map<string, string[]> {
    const at = knownAt ?? NOW;
    const found = new Map<string, string[]>(keys.map((k) => [k, []]));
    for (let i = 0; i < keys.length; i += 500) {
      const chunk = keys.slice(i, i + 500);
      const rows = this.db
        .prepare<unknown[], { key: string; id: string }>(
          `SELECT m.key, d.id FROM view_members m JOIN developments d ON d.seq = m.seq
         WHERE m.vw = ? AND m.key IN (${chunk.map(() => '?').join(', ')})
           AND m.recorded_from <= ? AND (m.recorded_to IS NULL OR m.recorded_to > ?)
           AND ${certainOnly ? 'm.certain_from IS NOT NULL AND m.certain_from <= ?' : 'm.earliest <= ?'}
           AND NOT EXISTS (SELECT 1 FROM view_failures f WHERE f.vw = m.vw AND f.seq = m.seq)
         ORDER BY m.key, m.earliest, m.latest, m.seq`,
        )
        .all(vw, ...chunk, at, at, asOf);
      for (const row of rows) found.get(row.key)!.push(row.id);
    }
    return found;
  }
}

/**
 * A stored row value as of a day: the projection's own reading, each expectation's status on that
 * day, and every date the row holds in words (`datesInWords`: EDTF text -> words).
 */
export function presentValue(
  projection: AnyProjection,
  stored: Record<string, unknown>,
  asOf: string,
): Record<string, unknown> {
  const { expectations, ...state } = stored as { expectations?: RowExpectation[] };
  const value = (projection.present ? projection.present(state, asOf) : state) as Record<string, unknown>;
  const words = datesInWords(value);
  return {
    ...value,
    ...(expectations
      ? {
          expectations: expectations.map((e) => {
            const status = expectationStatus(e, asOf);
            return { ...e, status, statusText: expectationText(e, status) };
          }),
        }
      : {}),
    ...(Object.keys(words).length > 0 ? { datesInWords: words } : {}),
  };
}

/** Fields of row values that hold EDTF dates: a step's date, a signature, a period, a target's date. */
const DATE_FIELDS =
  /^(date|signed|issued|period|reported|effective|terminated|ended|announced|under-construction|operating|closed|cancelled|completed|blocked)$/;

function datesInWords(value: unknown, into: Record<string, string> = {}): Record<string, string> {
  if (Array.isArray(value)) for (const item of value) datesInWords(item, into);
  else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      if (typeof item === 'string' && DATE_FIELDS.test(key)) {
        const parsed = parseEdtf(item, { openEnd: true });
        if (parsed.ok) into[item] = parsed.value.text;
      } else {
        datesInWords(item, into);
      }
    }
  }
  return into;
}

export type ExpectationStatus = 'pending' | 'met' | 'met-late' | 'overdue';

export function expectationStatus(e: RowExpectation, asOf: string): ExpectationStatus {
  if (e.met) return e.met.onTime ? 'met' : 'met-late';
  return asOf > e.due ? 'overdue' : 'pending';
}

/**
 * An expectation's status in words. A passed date with nothing recorded meeting it says only
 * that: the service knows what was recorded, not that the world failed to do it.
 */
export function expectationText(e: RowExpectation, status: ExpectationStatus): string {
  switch (status) {
    case 'pending':
      return 'pending';
    case 'met':
      return `met, recorded ${dateWords(e.met!.date).text}`;
    case 'met-late':
      return `met late, recorded ${dateWords(e.met!.date).text}`;
    case 'overdue':
      return `not recorded as met by ${e.dateText}`;
  }
}

export function today(): string {
  return new Date().toISOString().slice(0, 10);
}
