import type Database from 'better-sqlite3';
import { parseEdtf } from '../../events/index.js';
import { badRequest, Problem } from '../errors/problems.js';
import { END_OF_TIME } from './schema.js';
import type { ViewEngine } from './view-engine.js';

export interface ViewRow {
  key: string;
  /** `certain` when every development behind the row had surely happened by asOf, else `possible`. */
  certainty: 'certain' | 'possible';
  /** The valid interval of this version of the row: [validFrom, validTo), validTo null when open. */
  validFrom: string;
  validTo: string | null;
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
  status?: string;
  afterKey?: string;
  limit: number;
}

interface VersionRecord {
  key: string; vid: number; valid_from: string; valid_to: string; certain_from: string; state: string; provenance: string;
}

/** The storage id of a view, or a 404 / 503 problem. */
export function servingView(engine: ViewEngine, name: string): string {
  if (!engine.projections.some((p) => p.name === name)) {
    throw new Problem(404, 'UNKNOWN_VIEW', 'Not found', `no view ${name}; views: ${engine.projections.map((p) => p.name).join(', ')}`);
  }
  const id = engine.servingId(name);
  if (!id) throw new Problem(503, 'VIEW_REBUILDING', 'Service unavailable', `view ${name} is being built from the log; try again shortly`);
  return id;
}

/**
 * Rows of a view as of a valid date and a transaction time: an index lookup over the versions'
 * intervals, ordered by key. With a country or subject, the lookup starts from that index.
 */
export function selectRows(db: Database.Database, view: string, f: RowFilter): VersionRecord[] {
  const refs = [f.country ? `country:${f.country}` : undefined, f.subject].filter((r): r is string => r !== undefined);
  const where = ['v.view = ?', 'v.series = ?', 'v.valid_from <= ?', 'v.valid_to > ?'];
  const params: unknown[] = [view, f.certainOnly ? 'certain' : 'possible', f.asOf, f.asOf];
  if (f.knownAt) {
    where.push('v.recorded_from <= ? AND (v.recorded_to IS NULL OR v.recorded_to > ?)');
    params.push(f.knownAt, f.knownAt);
  } else {
    where.push('v.recorded_to IS NULL');
  }
  if (f.status) { where.push('v.status = ?'); params.push(f.status); }
  let from = 'view_versions v';
  let order = 'v.key';
  if (refs.length > 0) {
    from = 'view_refs r JOIN view_versions v ON v.vid = r.vid';
    where.unshift('r.view = ?', 'r.ref = ?');
    params.unshift(view, refs[0]);
    order = 'r.key';
    for (const ref of refs.slice(1)) {
      where.push('EXISTS (SELECT 1 FROM view_refs r2 WHERE r2.vid = v.vid AND r2.view = v.view AND r2.ref = ?)');
      params.push(ref);
    }
  }
  if (f.afterKey !== undefined) { where.push(`${order} > ?`); params.push(f.afterKey); }
  params.push(f.limit);
  return db.prepare<unknown[], VersionRecord>(
    `SELECT v.key, v.vid, v.valid_from, v.valid_to, v.certain_from, v.state, v.provenance FROM ${from}
     WHERE ${where.join(' AND ')} ORDER BY ${order} LIMIT ?`).all(...params);
}

export function toViewRow(record: VersionRecord, asOf: string, view: string): ViewRow {
  const value = JSON.parse(record.state) as Record<string, unknown>;
  if (view.startsWith('policies@')) {
    // In force from its issue until the end of the period it covers, if it names one.
    const until = typeof value.validUntil === 'string' ? parseEdtf(value.validUntil) : undefined;
    value.inForce = !until?.ok || asOf <= until.value.latest;
  }
  return {
    key: record.key,
    certainty: record.certain_from <= asOf ? 'certain' : 'possible',
    validFrom: record.valid_from,
    validTo: record.valid_to === END_OF_TIME ? null : record.valid_to,
    developments: JSON.parse(record.provenance) as string[],
    value,
  };
}

export function today(): string {
  return new Date().toISOString().slice(0, 10);
}

export function normaliseKnownAt(knownAt: string | undefined): string | undefined {
  return knownAt === undefined ? undefined : new Date(knownAt).toISOString();
}

export function encodeKeyCursor(key: string): string {
  return Buffer.from(JSON.stringify({ k: key })).toString('base64url');
}

export function decodeKeyCursor(cursor: string): string {
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString()) as { k?: unknown };
    if (typeof parsed.k === 'string') return parsed.k;
  } catch { /* reported below */ }
  throw badRequest('BAD_CURSOR', 'cursor is not one this service issued', [{ path: 'cursor', code: 'invalid', message: 'not a cursor from a previous page' }]);
}
