import { MONTHS, type UnspecifiedDigits, unspecifiedWords } from './unspecified-words.js';

/** One date of an EDTF text (a whole date, or one end of an interval), as the parser resolved it. */
export interface DatePart {
  earliest: string;
  latest: string;
  precision: 'day' | 'month' | 'season' | 'quarter' | 'half' | 'year' | 'decade' | 'century';
  year: number;
  month?: number;
  day?: number;
  grouping?: number;
  /** Bitmasks of the qualified digits: year 15, month 48, day 192 (255: the whole date). */
  uncertain: number;
  approximate: number;
  unspecified: boolean;
  /** The digits as written, X for each unspecified one; only when some are unspecified. */
  digits?: UnspecifiedDigits;
}

const GROUPING_WORDS: Record<number, string> = {
  21: 'spring',
  22: 'summer',
  23: 'autumn',
  24: 'winter',
  33: 'first quarter of',
  34: 'second quarter of',
  35: 'third quarter of',
  36: 'fourth quarter of',
  40: 'first half of',
  41: 'second half of',
};
const COMPONENT_BITS = { year: 15, month: 48, day: 192 } as const;

/** A date in plain words: "second half of 2025, approximately", "on or before 6 March 2025". */
export function describeDate(date: { part: DatePart } | { start?: DatePart; end?: DatePart }): string {
  if ('part' in date) return qualified(date.part);
  const { start, end } = date;
  if (start && end) return `from ${qualified(start)} to ${qualified(end)}`;
  if (end) return `on or before ${qualified(end)}`;
  return `from ${qualified(start!)} on`;
}

function qualified(part: DatePart): string {
  const words = plain(part);
  const present = (['year', 'month', 'day'] as const).filter((c) => c === 'year' || part[c] !== undefined);
  const whole = present.reduce((bits, c) => bits | COMPONENT_BITS[c], 0);
  const covers = (mask: number) => mask !== 0 && (part.grouping !== undefined || (mask & whole) === whole);
  const uncertainWhole = covers(part.uncertain);
  const approximateWhole = covers(part.approximate);
  const suffix =
    uncertainWhole && approximateWhole
      ? ', approximately and uncertain'
      : uncertainWhole
        ? ', uncertain'
        : approximateWhole
          ? ', approximately'
          : '';
  const partial = present.flatMap((c) => {
    const bits = COMPONENT_BITS[c];
    const notes = [
      !uncertainWhole && part.uncertain & bits ? 'uncertain' : undefined,
      !approximateWhole && part.approximate & bits ? 'approximate' : undefined,
    ].filter(Boolean);
    return notes.length ? [`${c} ${notes.join(' and ')}`] : [];
  });
  return `${words}${suffix}${partial.length ? ` (${partial.join(', ')})` : ''}`;
}

function plain(part: DatePart): string {
  const { year } = part;
  if (part.digits) return unspecifiedWords(part.digits);
  switch (part.precision) {
    case 'day':
      return `${part.day} ${MONTHS[part.month! - 1]} ${year}`;
    case 'month':
      return `${MONTHS[part.month! - 1]} ${year}`;
    case 'season':
      return part.grouping === 24
        ? `winter ${year}-${String((year + 1) % 100).padStart(2, '0')}`
        : `${GROUPING_WORDS[part.grouping!]} ${year}`;
    case 'quarter':
    case 'half':
      return `${GROUPING_WORDS[part.grouping!]} ${year}`;
    case 'decade':
      return `the ${part.earliest.slice(0, 4)}s`;
    case 'century':
      return `the ${part.earliest.slice(0, 4)}s`;
    case 'year':
      return String(year);
  }
}
