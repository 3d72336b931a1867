import edtf, { parse, type ParsedDate } from 'edtf';
import { describeDate, type DatePart } from './date-words.js';
import type { UnspecifiedDigits } from './unspecified-words.js';

/**
 * EDTF (ISO 8601-2) levels 0 and 1, part qualifiers (`2004?-06`) and the sub-year groupings
 * (seasons 21-24, quarters 33-36, halves 40-41), parsed by the `edtf` package and mapped to an
 * inclusive interval of days [earliest, latest].
 */
export type Precision = 'day' | 'month' | 'season' | 'quarter' | 'half' | 'year' | 'decade' | 'century' | 'interval';

export interface EdtfDate {
  /** The text as given, e.g. `2025-36~`. */
  readonly edtf: string;
  /** First day (ISO, inclusive) the views show it; for an open start, the first day of its end. */
  readonly earliest: string;
  /** Last possible day (ISO, inclusive); END_OF_TIME for an open end. */
  readonly latest: string;
  readonly precision: Precision;
  /** `?` or `%` anywhere in the date. */
  readonly uncertain: boolean;
  /** `~` or `%` anywhere in the date. */
  readonly approximate: boolean;
  /** Unspecified digits (`202X`, `2025-XX`). */
  readonly unspecified: boolean;
  /** `../D` or `/D`: it held by D; nothing is known of when it began. */
  readonly openStart: boolean;
  /** `D/..` or `D/`: from D, with no known end. */
  readonly openEnd: boolean;
  /** The date in words: "second half of 2025, approximately". */
  readonly text: string;
}

export type EdtfResult = { ok: true; value: EdtfDate } | { ok: false; reason: string };

export interface EdtfOptions {
  /** Accept an interval without an end (`2026/..`): periods may, a development's date may not. */
  openEnd?: boolean;
}

export const END_OF_TIME = '9999-12-31';

/** Month ranges of the sub-year groupings; winter runs from December into the next year. */
export const GROUPINGS: Record<number, { precision: 'season' | 'quarter' | 'half'; from: number; to: number }> = {
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

const ACCEPTED =
  'YYYY, YYYY-MM or YYYY-MM-DD; ? ~ % qualifiers; X for unspecified digits; ' +
  'groupings 21-24, 33-36, 40-41; intervals A/B with .. for an open end';
/** A plain calendar shape, checked here so that a missing month or day gets a precise reason. */
const CALENDAR = /^[?~%]?(\d{4})[?~%]?(?:-[?~%]?(\d{2})[?~%]?(?:-[?~%]?(\d{2})[?~%]?)?)?$/;
const CACHE_LIMIT = 50_000;
const cache = new Map<string, EdtfResult>();

/** Parses an EDTF date; results are cached, as the same dates recur across a log. */
export function parseEdtf(text: string, options: EdtfOptions = {}): EdtfResult {
  const key = options.openEnd ? `${text}\u0000open` : text;
  let result = cache.get(key);
  if (!result) {
    result = parseUncached(text, options);
    if (cache.size >= CACHE_LIMIT) cache.clear();
    cache.set(key, result);
  }
  return result;
}

function parseUncached(text: string, options: EdtfOptions): EdtfResult {
  if (text.length === 0 || text.length > 64) return fail(`"${text}" is not an EDTF date (${ACCEPTED})`);
  if (text.includes('T') || text.includes(':'))
    return fail(`"${text}" has a time of day; give the date only (${ACCEPTED})`);
  const calendar = CALENDAR.exec(text);
  if (calendar) {
    const problem =
      calendarProblem(calendar[1]!, calendar[2], calendar[3]) ?? beyondEndOfTime(text, calendar[1]!, calendar[2]);
    if (problem) return fail(problem);
    // A plain calendar date or grouping, unqualified: read directly; the package reads all the rest.
    if (/^\d{4}(?:-\d{2}(?:-\d{2})?)?$/.test(text))
      return plainDate(text, Number(calendar[1]), calendar[2], calendar[3]);
  }
  let parsed: ParsedDate;
  try {
    parsed = parse(text, { level: 3, types: ['Date', 'Season', 'Interval'] });
  } catch (error) {
    const column = /col (\d+)/.exec((error as Error).message)?.[1];
    const at = column ? ` (unexpected "${text[Number(column) - 1] ?? ''}" at character ${column})` : '';
    return fail(`"${text}" is not an EDTF date${at}; expected ${ACCEPTED}`);
  }
  if (parsed.type !== 'Interval') {
    const part = partOf(parsed, text);
    if (!part.ok) return part;
    return ok(
      text,
      part.value,
      part.value,
      part.value.precision,
      { openStart: false, openEnd: false },
      { part: part.value },
    );
  }
  const [startText, endText] = text.split('/') as [string, string];
  // The package gives an open end (`..`) as Infinity and an unknown one as null: both mean "not known".
  const start = typeof parsed.values[0] === 'object' ? parsed.values[0] : null;
  const end = typeof parsed.values[1] === 'object' ? parsed.values[1] : null;
  if (!start && !end) return fail(`"${text}" has neither a start nor an end`);
  // The package leaves the type off an interval's end with unspecified digits (`2020-XX/2021`).
  const from = start ? partOf({ ...start, type: start.type ?? 'Date' }, startText) : undefined;
  const to = end ? partOf({ ...end, type: end.type ?? 'Date' }, endText) : undefined;
  if (from && !from.ok) return from;
  if (to && !to.ok) return to;
  const first = from?.value;
  const last = to?.value;
  if (!last && !options.openEnd) {
    return fail(
      `"${text}" has no end: a development's date must say by when it happened (use ../${startText} or a closed interval)`,
    );
  }
  if (first && last && first.earliest > last.latest) return fail(`"${text}" ends before it starts`);
  return ok(
    text,
    first ?? last!,
    last ?? { ...first!, latest: END_OF_TIME },
    'interval',
    { openStart: !first, openEnd: !last },
    { start: first, end: last },
  );
}

type PartResult = { ok: true; value: DatePart } | { ok: false; reason: string };

/** `YYYY`, `YYYY-MM`, `YYYY-MM-DD` or `YYYY-GG` (a grouping), checked by calendarProblem already. */
function plainDate(text: string, year: number, m: string | undefined, d: string | undefined): EdtfResult {
  const unqualified = { uncertain: 0, approximate: 0, unspecified: false };
  let part: DatePart;
  if (m === undefined) {
    part = { earliest: iso(year, 1, 1), latest: iso(year, 12, 31), precision: 'year', year, ...unqualified };
  } else if (Number(m) > 12) {
    const grouping = GROUPINGS[Number(m)]!;
    const endYear = year + Math.floor((grouping.to - 1) / 12);
    const endMonth = ((grouping.to - 1) % 12) + 1;
    part = {
      earliest: iso(year, grouping.from, 1),
      latest: iso(endYear, endMonth, daysInMonth(endYear, endMonth)),
      precision: grouping.precision,
      grouping: Number(m),
      year,
      ...unqualified,
    };
  } else if (d === undefined) {
    const month = Number(m);
    part = {
      earliest: iso(year, month, 1),
      latest: iso(year, month, daysInMonth(year, month)),
      precision: 'month',
      year,
      month,
      ...unqualified,
    };
  } else {
    const day = iso(year, Number(m), Number(d));
    part = { earliest: day, latest: day, precision: 'day', year, month: Number(m), day: Number(d), ...unqualified };
  }
  return ok(text, part, part, part.precision, { openStart: false, openEnd: false }, { part });
}

/** One date or grouping: its interval of days, precision and qualifiers. */
function partOf(parsed: ParsedDate, text: string): PartResult {
  const year = parsed.values[0] as number;
  const qualifiers = { uncertain: mask(parsed.uncertain), approximate: mask(parsed.approximate) };
  if (parsed.type === 'Season') {
    const code = parsed.values[1] as number;
    const grouping = GROUPINGS[code];
    if (!grouping)
      return { ok: false, reason: `"${text}": ${code} is not a grouping this service knows (21-24, 33-36, 40-41)` };
    if (year < 1 || year > 9999) return { ok: false, reason: `year ${year} is out of range (0001-9999)` };
    const beyond = beyondEndOfTime(text, String(year), String(code));
    if (beyond) return { ok: false, reason: beyond };
    const endYear = year + Math.floor((grouping.to - 1) / 12);
    const endMonth = ((grouping.to - 1) % 12) + 1;
    return {
      ok: true,
      value: {
        earliest: iso(year, grouping.from, 1),
        latest: iso(endYear, endMonth, daysInMonth(endYear, endMonth)),
        precision: grouping.precision,
        grouping: code,
        year,
        ...qualifiers,
        unspecified: false,
      },
    };
  }
  if (parsed.type !== 'Date')
    return { ok: false, reason: `"${text}" is a ${parsed.type}, not a date this service records` };
  const unspecified = Boolean(parsed.unspecified);
  if (unspecified && /^[?~%]?X/.test(text))
    return { ok: false, reason: `"${text}": the year's first digit must be given` };
  if (!unspecified && (year < 1 || year > 9999))
    return { ok: false, reason: `year ${year} is out of range (0001-9999)` };
  const { min, max } = edtf(parsed);
  const earliest = new Date(min).toISOString().slice(0, 10);
  const latest = new Date(max).toISOString().slice(0, 10);
  const month =
    parsed.values.length > 1 && !/^[^-]*-[?~%]?XX/.test(text) ? (parsed.values[1] as number) + 1 : undefined;
  const day = parsed.values.length > 2 && !/-[?~%]?XX[?~%]?$/.test(text) ? (parsed.values[2] as number) : undefined;
  const digits = /^[?~%]?(\d{2,3})X+/.exec(text);
  const precision = day ? 'day' : month ? 'month' : digits?.[1]?.length === 3 ? 'decade' : digits ? 'century' : 'year';
  const value = { earliest, latest, precision, year, month, day, ...qualifiers, unspecified } as const;
  return { ok: true, value: unspecified ? { ...value, digits: digitsOf(text) } : value };
}

/** The digits of each part as written (qualifiers dropped), for the words of unspecified ones. */
function digitsOf(text: string): UnspecifiedDigits {
  const [year, month, day] = text.replace(/[?~%]/g, '').split('-') as [string, string?, string?];
  return { year, month, day };
}

/** Winter 9999 would end in February 10000, past the last day any date may reach. */
function beyondEndOfTime(text: string, year: string, code: string | undefined): string | undefined {
  const grouping = code === undefined ? undefined : GROUPINGS[Number(code)];
  if (!grouping || Number(year) + Math.floor((grouping.to - 1) / 12) <= 9999) return undefined;
  return `"${text}" ends after ${END_OF_TIME}, the last day a date may reach`;
}

function calendarProblem(y: string, m: string | undefined, d: string | undefined): string | undefined {
  const year = Number(y);
  if (year < 1) return `year ${y} is out of range (0001-9999)`;
  if (m === undefined) return undefined;
  const month = Number(m);
  if (d === undefined) {
    return (month >= 1 && month <= 12) || GROUPINGS[month]
      ? undefined
      : `month ${m} does not exist (01-12, or a grouping: seasons 21-24, quarters 33-36, halves 40-41)`;
  }
  if (month < 1 || month > 12) return `month ${m} does not exist (01-12; groupings take no day)`;
  const last = daysInMonth(year, month);
  const day = Number(d);
  return day < 1 || day > last ? `day ${d} does not exist in ${y}-${m} (01-${last})` : undefined;
}

/** True when `text` is a plain ISO calendar date `YYYY-MM-DD` that exists. */
export function isIsoDay(text: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(text) && parseEdtf(text).ok;
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function iso(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

function ok(
  text: string,
  first: DatePart,
  last: DatePart,
  precision: Precision,
  ends: { openStart: boolean; openEnd: boolean },
  words: Parameters<typeof describeDate>[0],
): EdtfResult {
  const value: EdtfDate = {
    edtf: text,
    earliest: first.earliest,
    latest: last.latest,
    precision,
    uncertain: first.uncertain > 0 || last.uncertain > 0,
    approximate: first.approximate > 0 || last.approximate > 0,
    unspecified: first.unspecified || last.unspecified,
    ...ends,
    text: describeDate(words),
  };
  return { ok: true, value };
}

/** The package gives a bitmask of qualified digits (year 15, month 48, day 192), or true for a grouping. */
function mask(value: number | boolean | undefined): number {
  return value === true ? 255 : typeof value === 'number' ? value : 0;
}

function fail(reason: string): EdtfResult {
  return { ok: false, reason };
}
