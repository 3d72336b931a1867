import { parse } from 'csv-parse/sync';
import { MAX_JSON_DEPTH, nestedDeeperThan } from '../http/json-body.js';
import { cellValue } from './csv-columns.js';

/** One record of an uploaded file: its row (a CSV's header is row 1) or line, and what it holds. */
export interface ImportRow {
  row: number;
  value: unknown;
  /** Set when the row cannot be read at all (malformed JSON, a CSV row of the wrong width). */
  unreadable?: string;
}

export interface ImportFile {
  rows: ImportRow[];
  /** A CSV's header: errors are reported at these columns. */
  columns?: string[];
}

export const MAX_IMPORT_ROWS = 10_000;

/** JSON Lines: one development or entity a line; blank lines are skipped, a line is its row number. */
export function readJsonLines(text: string): ImportFile {
  const rows = text.split('\n').flatMap((line, i) => {
    if (line.trim() === '') return [];
    if (nestedDeeperThan(line, MAX_JSON_DEPTH))
      return [{ row: i + 1, value: undefined, unreadable: `JSON nests deeper than ${MAX_JSON_DEPTH} levels` }];
    try {
      return [{ row: i + 1, value: JSON.parse(line) as unknown }];
    } catch (error) {
      return [{ row: i + 1, value: undefined, unreadable: `malformed JSON: ${(error as Error).message}` }];
    }
  });
  return { rows };
}

/**
 * A CSV with a header row of field paths (see `csv-columns.ts`): each further row is one development,
 * or one entity when the header has `entityId`. Empty cells are fields left out.
 */
export function readCsv(text: string): ImportFile | { error: string } {
  let records: string[][];
  try {
    records = parse(text, { bom: true, relax_column_count: true, skip_empty_lines: true }) as string[][];
  } catch (error) {
    return { error: `the CSV cannot be read: ${(error as Error).message}` };
  }
  const [header, ...body] = records;
  if (!header) return { error: 'the CSV is empty: it needs a header row and one row per record' };
  const columns = header.map((c) => c.trim());
  const unsafe = columns.find((c) => c.split('.').some((s) => ['__proto__', 'constructor', 'prototype'].includes(s)));
  if (unsafe !== undefined) return { error: `the column "${unsafe}" is not a field` };
  const entity = columns.includes('entityId');
  const typeAt = columns.indexOf('type');
  const rows = body.map((cells, i): ImportRow => {
    const row = i + 2;
    if (cells.length !== columns.length)
      return { row, value: undefined, unreadable: `${cells.length} cells where the header has ${columns.length}` };
    const value: Record<string, unknown> = {};
    const type = typeAt >= 0 ? cells[typeAt]!.trim() : undefined;
    cells.forEach((cell, c) => {
      if (cell.trim() === '') return;
      const path = columns[c]!.split('.');
      setPath(value, path, cellValue(cell, path, type, entity));
    });
    // A row with no data columns filled still has data: validation then names the missing fields.
    if (!entity && value.data === undefined) value.data = {};
    return { row, value: compact(value) };
  });
  return { rows, columns };
}

function setPath(target: Record<string, unknown>, path: string[], value: unknown): void {
  let node: Record<string, unknown> = target;
  path.forEach((segment, i) => {
    if (i === path.length - 1) {
      node[segment] = value;
      return;
    }
    const next = /^\d+$/.test(path[i + 1]!) ? [] : {};
    node[segment] ??= next;
    node = node[segment] as Record<string, unknown>;
  });
}

/** Lists filled from `sources.0.*` and `sources.2.*` have no hole where no column was filled. */
function compact(value: unknown): unknown {
  if (Array.isArray(value)) return value.filter((v) => v !== undefined).map(compact);
  if (value !== null && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, compact(v)]));
  return value;
}
