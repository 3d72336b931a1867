import type { SeededRandom } from './seeded-random.js';

const DAY_MS = 86_400_000;

/** Days since 1970-01-01 of an ISO date. */
export function dayNumber(iso: string): number {
  return Math.floor(Date.parse(`${iso}T00:00:00Z`) / DAY_MS);
}

export function isoDay(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** How precisely developments are dated: mostly to the day or month, some to a quarter, half or year. */
const PRECISIONS = [
  { precision: 'day', share: 0.5 },
  { precision: 'month', share: 0.25 },
  { precision: 'quarter', share: 0.1 },
  { precision: 'half', share: 0.05 },
  { precision: 'year', share: 0.1 },
] as const;

/**
 * An EDTF date at a mixed precision whose interval contains `day`: sometimes uncertain (`2019?`) or
 * approximate, now and then an open start (`../2020-05`, "by May 2020").
 */
export function edtfAround(day: number, random: SeededRandom): string {
  const iso = isoDay(day);
  const [year, month] = [iso.slice(0, 4), Number(iso.slice(5, 7))];
  let roll = random.next();
  let text = iso;
  for (const { precision, share } of PRECISIONS) {
    roll -= share;
    if (roll >= 0) continue;
    if (precision === 'month') text = iso.slice(0, 7);
    if (precision === 'quarter') text = `${year}-${33 + Math.floor((month - 1) / 3)}`;
    if (precision === 'half') text = `${year}-${month <= 6 ? 40 : 41}`;
    if (precision === 'year') text = year;
    break;
  }
  const qualifier = random.next();
  // "By May 2020": held by the end of the month, nothing known of when it began.
  if (qualifier < 0.01) return `../${iso.slice(0, 7)}`;
  return qualifier < 0.05 ? `${text}~` : qualifier < 0.07 ? `${text}?` : text;
}
