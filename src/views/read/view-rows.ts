import type { AnyProjection } from '../../../projections/index.js';
import { Problem } from '../../errors/problems.js';
import type { RowExpectation } from '../engine/fold.js';
import type { TemporalStore, VersionRecord } from '../store/temporal-store.js';
import type { ViewEngine } from '../build/view-engine.js';
import { dateWords, type Evidence, edtfWords, evidenceOf } from '../engine/evidence.js';

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

/** Reads selected versions as rows: their value as of the date, certainty and the developments behind them. */
export class RowReader {
  constructor(private readonly store: TemporalStore) {}

  /**
   * The rows of selected versions (read with their stored values, `TemporalStore.rowsAsOf`), in
   * their order: one more lookup, for the developments, whatever the page's size.
   */
  rows(
    projection: AnyProjection,
    vw: number,
    records: readonly (VersionRecord & { state: string })[],
    asOf: string,
    knownAt: string | undefined,
    certainOnly: boolean,
  ): ViewRow[] {
    if (records.length === 0) return [];
    const developments = this.store.developmentsOfKeys(
      vw,
      records.map((r) => r.key),
      asOf,
      knownAt,
      certainOnly,
    );
    return records.map((record) => {
      const value = presentValue(projection, JSON.parse(record.state) as Record<string, unknown>, asOf);
      return {
        key: record.key,
        ...evidenceOf(record, asOf, certainOnly, value.status),
        developments: developments.get(record.key) ?? [],
        value,
      };
    });
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
  // Copied field by field, not with rest and spread: this runs for every row of every page.
  const expectations = stored.expectations as RowExpectation[] | undefined;
  let state = stored;
  if (Object.hasOwn(stored, 'expectations')) {
    state = {};
    for (const key in stored) if (key !== 'expectations') state[key] = stored[key];
  }
  const value = (projection.present ? projection.present(state, asOf) : state) as Record<string, unknown>;
  const words = datesInWords(value);
  // A copy already made (the value without its expectations, or the projection's own) is not copied again.
  const presented: Record<string, unknown> = value === stored ? { ...value } : value;
  if (expectations)
    presented.expectations = expectations.map((e) => {
      const status = expectationStatus(e, asOf);
      return { ...e, status, statusText: expectationText(e, status) };
    });
  if (Object.keys(words).length > 0) presented.datesInWords = words;
  return presented;
}

/** Fields of row values that hold EDTF dates: a step's date, a signature, a period, a target's date. */
const DATE_FIELDS =
  /^(date|signed|issued|period|reported|effective|terminated|ended|announced|under-construction|operating|closed|cancelled|completed|blocked)$/;

function datesInWords(value: unknown, into: Record<string, string> = {}): Record<string, string> {
  if (Array.isArray(value)) {
    for (const item of value) if (item !== null && typeof item === 'object') datesInWords(item, into);
  } else if (value !== null && typeof value === 'object') {
    const fields = value as Record<string, unknown>;
    for (const key in fields) {
      const item = fields[key];
      if (typeof item === 'string') {
        if (!Object.hasOwn(into, item) && DATE_FIELDS.test(key)) {
          const text = edtfWords(item);
          if (text !== undefined) into[item] = text;
        }
      } else if (item !== null && typeof item === 'object') {
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
