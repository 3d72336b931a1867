import { daysInMonth, parseEdtf } from '../../events/index.js';

/**
 * How the edge reads the dates of a query: the days of valid time and publication (`asOf`,
 * `publishedBy`, the ends of a range) and the instants of transaction time (`knownAt`). A date that
 * does not exist is explained as the write path explains it (`day 30 does not exist in 2025-02
 * (01-28)`), from the same calendar rules (`events/dates`).
 */
export type DateReading = { ok: true; value: string } | { ok: false; reason?: string };

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const MONTH = /^(\d{4})-(\d{2})$/;
const YEAR = /^(\d{4})$/;
const TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/i;

/** A calendar day `YYYY-MM-DD` that exists. */
export function readDay(text: unknown): DateReading {
  if (typeof text !== 'string' || !DAY.test(text)) return { ok: false };
  const parsed = parseEdtf(text);
  return parsed.ok ? { ok: true, value: text } : { ok: false, reason: parsed.reason };
}

/**
 * One end of a range as a person types it: a day, a month (`2024-02`) or a year (`2005`). A month or a
 * year starts on its first day and ends on its last: `from=2005&to=2025` is 2005-01-01 to 2025-12-31.
 */
export function readRangeEnd(text: unknown, end: 'first' | 'last'): DateReading {
  if (typeof text !== 'string') return { ok: false };
  if (DAY.test(text)) return readDay(text);
  const month = MONTH.exec(text);
  const year = month?.[1] ?? YEAR.exec(text)?.[1];
  if (year === undefined) return { ok: false };
  const yearProblem = readDay(`${year}-01-01`);
  if (!yearProblem.ok) return yearProblem;
  if (!month) return { ok: true, value: end === 'first' ? `${year}-01-01` : `${year}-12-31` };
  const m = Number(month[2]);
  if (m < 1 || m > 12) return { ok: false, reason: `month ${month[2]} does not exist (01-12)` };
  const day = end === 'first' ? 1 : daysInMonth(Number(year), m);
  return { ok: true, value: `${year}-${month[2]}-${String(day).padStart(2, '0')}` };
}

/**
 * A transaction time as RFC 3339 spells it: a day (`2025-03-01`, its start in UTC) or a date-time
 * with a zone (`2025-03-01T12:00:00Z`, `...+01:00`), read as the instant in ISO form
 * (`2025-03-01T00:00:00.000Z`). Other ISO 8601 forms (weeks, ordinal days, the basic format, a time
 * without a zone) are refused rather than guessed at. The one reading of `knownAt` everywhere.
 */
export function readKnownAt(raw: unknown): DateReading {
  if (typeof raw !== 'string') return { ok: false };
  const day = readDay(raw);
  if (day.ok) return { ok: true, value: `${day.value}T00:00:00.000Z` };
  if (day.reason) return day;
  const time = TIME.exec(raw);
  if (!time) return { ok: false };
  const date = readDay(`${time[1]}-${time[2]}-${time[3]}`);
  if (!date.ok) return date;
  const [hours, minutes, seconds] = [Number(time[4]), Number(time[5]), Number(time[6] ?? 0)];
  if (hours > 23 || minutes > 59 || seconds > 59)
    return { ok: false, reason: `${time[4]}:${time[5]}:${time[6] ?? '00'} is not a time of day` };
  const parsed = Date.parse(raw);
  return Number.isNaN(parsed) ? { ok: false } : { ok: true, value: new Date(parsed).toISOString() };
}

/** The instant of a transaction time `readKnownAt` accepts, or undefined. */
export function parseKnownAt(raw: string): string | undefined {
  const reading = readKnownAt(raw);
  return reading.ok ? reading.value : undefined;
}
