import { csvRecord, joined } from './csv.js';
import { refsIn } from './display-names.js';
import { escapeHtml, type TimelineJsEvent, timelineJsDate } from './timelinejs.js';
import { type ViewColumn, viewColumns } from './view-columns.js';

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

/**
 * The header of a view's CSV: key, certainty, the valid interval of the series that answered, since
 * (as the source gives it), when it became certain and when it was last reported, the view's fixed columns (each
 * column of organisations or governments followed by `<column>_names`), then the developments.
 */
export function viewCsvHeader(view: string): string {
  const columns = viewColumns(view).flatMap((c) => (c.named ? [c.name, `${c.name}_names`] : [c.name]));
  return csvRecord([
    'key',
    'certainty',
    'valid_from',
    'valid_to',
    'since',
    'certain_since',
    'last_reported',
    ...columns,
    'developments',
  ]);
}

/** One row under `viewCsvHeader(view)`: a field the row lacks is an empty cell. */
export function viewCsvRecord(row: AnsweredRow, view: string, name: Namer): string {
  const cells = viewColumns(view).flatMap((column) => {
    const value = lookup(row.value, column.path);
    const cell = cellOf(value, column);
    return column.named ? [cell, joined(refsOf(value).map((r) => name(r) ?? r))] : [cell];
  });
  return csvRecord([
    row.key,
    row.certainty,
    row.validFrom,
    row.validTo,
    row.since.text,
    row.certainSince?.day ?? '',
    row.lastReported.text,
    ...cells,
    joined(row.developments),
  ]);
}

function cellOf(value: unknown, column: ViewColumn): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (column.kind === 'expectations') {
    return joined((value as Expectation[]).map((e) => `${e.type} ${e.dateText} (${e.statusText ?? e.status})`));
  }
  if (column.kind === 'list' && Array.isArray(value)) return joined(value.map(String));
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

export const rowsTimelineJsTitle = (view: string, asOf: string) => ({
  text: { headline: `${view} as of ${asOf}`, text: `<p>The rows of the ${escapeHtml(view)} view.</p>` },
});

/** A row as a TimelineJS event: it spans the interval its current version holds. */
export function rowTimelineJs(row: AnsweredRow, view: string, name: Namer): TimelineJsEvent {
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
}

function lookup(value: unknown, path: readonly string[]): unknown {
  return path.reduce<unknown>(
    (v, key) => (v !== null && typeof v === 'object' ? (v as Record<string, unknown>)[key] : undefined),
    value,
  );
}

function refsOf(value: unknown): string[] {
  return [...refsIn(value)].filter((r) => r.startsWith('org:') || r.startsWith('gov:'));
}
