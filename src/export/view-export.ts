import { csvRecord, joined } from './csv.js';
import { refsIn } from './display-names.js';
import { escapeHtml, timelineJsDate, type TimelineJsDocument } from './timelinejs.js';

/** A view row as the views answer it; a row's value may list its expectations. */
export interface AnsweredRow {
  key: string;
  certainty: string;
  validFrom: string;
  validTo: string | null;
  since: { date: string; text: string };
  certainSince: { day: string; text: string } | null;
  lastReported: { day: string; text: string };
  certaintyText: string;
  developments: string[];
  value: Record<string, unknown> & { expectations?: Expectation[] };
}

interface Expectation {
  type: string;
  dateText: string;
  status: string;
  statusText?: string;
}

type Namer = (ref: string) => string | undefined;

const FIELD_NAME = /^[A-Za-z][A-Za-z0-9]*$/;

/**
 * A row's value as columns: nested records become `parent.child`; lists of plain values are joined;
 * objects keyed by ids (a footprint's facilities) and lists of records stay JSON in one cell.
 */
export function flatten(value: unknown, prefix = '', out: Map<string, string> = new Map()): Map<string, string> {
  if (value === null || value === undefined) return out;
  if (Array.isArray(value)) {
    out.set(
      prefix,
      value.every((v) => v === null || typeof v !== 'object') ? joined(value.map(String)) : JSON.stringify(value),
    );
  } else if (typeof value === 'object') {
    const entries = Object.entries(value);
    if (prefix !== '' && !entries.every(([key]) => FIELD_NAME.test(key))) out.set(prefix, JSON.stringify(value));
    else for (const [key, item] of entries) flatten(item, prefix ? `${prefix}.${key}` : key, out);
  } else {
    out.set(prefix, String(value));
  }
  return out;
}

/**
 * The rows as CSV: key, certainty, the valid interval of the series that answered, since (as the
 * source gives it), when the row became certain and when it was last reported, then the value's fields in the order they first
 * appear; a field that names organisations or governments is followed by a `<field>_names` column.
 */
export function rowsCsv(rows: AnsweredRow[], name: Namer): string {
  // Expectations read as sentences in one column rather than as JSON.
  const flat = rows.map(({ value: { expectations, ...value } }) => flatten(value));
  const fields: string[] = [];
  const named = new Set<string>();
  flat.forEach((cells, i) => {
    for (const field of cells.keys()) if (!fields.includes(field)) fields.push(field);
    for (const field of fields) {
      if (refsOf(lookup(rows[i]!.value, field)).length > 0) named.add(field);
    }
  });
  const columns = fields.flatMap((f) => (named.has(f) ? [f, `${f}_names`] : [f]));
  const hasExpectations = rows.some((r) => r.value.expectations !== undefined);
  const header = csvRecord([
    'key',
    'certainty',
    'valid_from',
    'valid_to',
    'since',
    'certain_since',
    'last_reported',
    ...columns,
    ...(hasExpectations ? ['expectations'] : []),
    'developments',
  ]);
  return (
    header +
    rows
      .map((row, i) =>
        csvRecord([
          row.key,
          row.certainty,
          row.validFrom,
          row.validTo,
          row.since.text,
          row.certainSince?.day ?? '',
          row.lastReported.text,
          ...fields.flatMap((f) => {
            const cell = flat[i]!.get(f);
            return named.has(f) ? [cell, joined(refsOf(lookup(row.value, f)).map((r) => name(r) ?? r))] : [cell];
          }),
          ...(hasExpectations
            ? [
                joined(
                  (row.value.expectations ?? []).map((e) => `${e.type} ${e.dateText} (${e.statusText ?? e.status})`),
                ),
              ]
            : []),
          joined(row.developments),
        ]),
      )
      .join('')
  );
}

/** The rows as a TimelineJS document: each row spans the interval its current version holds. */
export function rowsTimelineJs(rows: AnsweredRow[], view: string, asOf: string, name: Namer): TimelineJsDocument {
  return {
    title: {
      text: {
        headline: `${view} as of ${asOf}`,
        text: `<p>${rows.length} rows of the ${escapeHtml(view)} view.</p>`,
      },
    },
    events: rows.map((row) => {
      const headline =
        ['name', 'title', 'technology', 'label'].map((f) => row.value[f]).find((v) => typeof v === 'string') ?? row.key;
      const who = refsOf(row.value)
        .map((r) => escapeHtml(name(r) ?? r))
        .join(', ');
      return {
        unique_id: row.key,
        start_date: timelineJsDate(row.validFrom),
        ...(row.validTo ? { end_date: timelineJsDate(row.validTo) } : {}),
        // In words and as precisely as the sources give it: never a day where a source gave a year.
        display_date: `since ${row.since.text}`,
        group: view,
        text: {
          headline: escapeHtml(String(headline)),
          text: `<p>${who}</p><p>${escapeHtml(row.certainty)}: ${escapeHtml(row.certaintyText)}</p>`,
        },
      };
    }),
  };
}

function lookup(value: unknown, path: string): unknown {
  return path
    .split('.')
    .reduce<unknown>(
      (v, key) => (v !== null && typeof v === 'object' ? (v as Record<string, unknown>)[key] : undefined),
      value,
    );
}

function refsOf(value: unknown): string[] {
  return [...refsIn(value)].filter((r) => r.startsWith('org:') || r.startsWith('gov:'));
}
