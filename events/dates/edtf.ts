/**
 * The EDTF (ISO 8601-2) subset the timeline accepts: `YYYY`, `YYYY-MM`, `YYYY-MM-DD`,
 * the sub-year groupings seasons (21-24), quarters (33-36) and halves (40-41), and one
 * trailing qualifier: `?` uncertain, `~` approximate, `%` both.
 */
export type Precision = 'day' | 'month' | 'season' | 'quarter' | 'half' | 'year';

export interface EdtfDate {
  /** The text as given, e.g. `2025-36~`. */
  readonly edtf: string;
  /** First day the development may have happened on (ISO date, inclusive). */
  readonly earliest: string;
  /** Last day the development may have happened on (ISO date, inclusive). */
  readonly latest: string;
  readonly precision: Precision;
  readonly uncertain: boolean;
  readonly approximate: boolean;
}

export type EdtfResult = { ok: true; value: EdtfDate } | { ok: false; reason: string };

const SHAPE = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?([?~%])?$/;

/** Month ranges of the sub-year groupings; winter runs from December into the next year. */
const GROUPINGS: Record<number, { precision: Precision; from: number; to: number }> = {
  21: { precision: 'season', from: 3, to: 5 },
  22: { precision: 'season', from: 6, to: 8 },
  23: { precision: 'season', from: 9, to: 11 },
  24: { precision: 'season', from: 12, to: 14 },
  33: { precision: 'quarter', from: 1, to: 3 },
  34: { precision: 'quarter', from: 4, to: 6 },
  35: { precision: 'quarter', from: 7, to: 9 },
  36: { precision: 'quarter', from: 10, to: 12 },
  40: { precision: 'half', from: 1, to: 6 },
  41: { precision: 'half', from: 7, to: 12 },
};

export function parseEdtf(text: string): EdtfResult {
  const match = SHAPE.exec(text);
  if (!match) {
    return fail(`"${text}" is not an EDTF date (expected YYYY, YYYY-MM or YYYY-MM-DD, optionally followed by ?, ~ or %)`);
  }
  const [, y, m, d, qualifier] = match;
  const year = Number(y);
  if (year < 1) return fail(`year ${y} is out of range (0001-9999)`);
  const flags = { uncertain: qualifier === '?' || qualifier === '%', approximate: qualifier === '~' || qualifier === '%' };

  if (m === undefined) {
    return ok(text, iso(year, 1, 1), iso(year, 12, 31), 'year', flags);
  }
  const month = Number(m);
  if (d === undefined) {
    if (month >= 1 && month <= 12) {
      return ok(text, iso(year, month, 1), iso(year, month, daysInMonth(year, month)), 'month', flags);
    }
    const grouping = GROUPINGS[month];
    if (!grouping) {
      return fail(`month ${m} does not exist (01-12, or a grouping: seasons 21-24, quarters 33-36, halves 40-41)`);
    }
    const endYear = year + Math.floor((grouping.to - 1) / 12);
    const endMonth = ((grouping.to - 1) % 12) + 1;
    return ok(text, iso(year, grouping.from, 1), iso(endYear, endMonth, daysInMonth(endYear, endMonth)), grouping.precision, flags);
  }
  if (month < 1 || month > 12) return fail(`month ${m} does not exist (01-12; groupings take no day)`);
  const day = Number(d);
  const last = daysInMonth(year, month);
  if (day < 1 || day > last) return fail(`day ${d} does not exist in ${y}-${m} (01-${last})`);
  return ok(text, iso(year, month, day), iso(year, month, day), 'day', flags);
}

/** True when `text` is a plain ISO calendar date `YYYY-MM-DD` that exists. */
export function isIsoDay(text: string): boolean {
  const parsed = parseEdtf(text);
  return parsed.ok && parsed.value.precision === 'day' && parsed.value.edtf === parsed.value.earliest;
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function iso(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

function ok(
  edtf: string,
  earliest: string,
  latest: string,
  precision: Precision,
  flags: { uncertain: boolean; approximate: boolean },
): EdtfResult {
  return { ok: true, value: { edtf, earliest, latest, precision, ...flags } };
}

function fail(reason: string): EdtfResult {
  return { ok: false, reason };
}
