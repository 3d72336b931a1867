import { END_OF_TIME } from './fold.js';

/** One current placement of a pair, as the counts over time read it. */
export interface PairPlacement {
  validFrom: string | null;
  validTo: string | null;
  certainFrom: string | null;
  certainTo: string | null;
  /** Only a plan (`isPlanned`): never presence, never certain. */
  planned: boolean;
}

/** A span of days [from, to). */
export interface DaySpan {
  from: string;
  to: string;
}

/**
 * Which rows of the footprint a count asks for: `present` the pairs where a placement that is
 * presence holds; `planned` those where only plans hold (the row's presence is `planned`); `any`
 * those where any placement given holds (a `status` naming a mode: the caller keeps only the
 * placements of that mode).
 */
export type Counted = 'present' | 'planned' | 'any';

/**
 * The days on which a pair (an organisation in a country) is a row of the footprint as asked, from
 * its placements: in the certain series a placement holds inside its certain interval and a plan
 * never holds (a plan is never certain presence), in the possible one inside its valid interval.
 * The pair is present while any placement that is presence holds, and only planned while a plan
 * holds and none of those does: the same rule the footprint as of a date applies on each day.
 */
export function pairSpans(placements: readonly PairPlacement[], certainOnly: boolean, counted: Counted): DaySpan[] {
  const presence: DaySpan[] = [];
  const plans: DaySpan[] = [];
  for (const p of placements) {
    const from = certainOnly ? p.certainFrom : p.validFrom;
    const to = certainOnly ? p.certainTo : p.validTo;
    if (from === null || to === null || from >= to) continue;
    if (p.planned && certainOnly) continue;
    if (p.planned && counted !== 'any') plans.push({ from, to });
    else presence.push({ from, to });
  }
  if (counted !== 'planned') return union(presence);
  return minus(union(plans), union(presence));
}

/** The union of spans: disjoint, in order; spans that touch are one. */
export function union(spans: DaySpan[]): DaySpan[] {
  if (spans.length <= 1) return spans.map((s) => ({ ...s }));
  const sorted = [...spans].sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : 0));
  const merged: DaySpan[] = [];
  for (const s of sorted) {
    const last = merged[merged.length - 1];
    if (last && s.from <= last.to) {
      if (s.to > last.to) last.to = s.to;
    } else merged.push({ from: s.from, to: s.to });
  }
  return merged;
}

/** The days of `a` outside `b` (both disjoint and in order). */
function minus(a: readonly DaySpan[], b: readonly DaySpan[]): DaySpan[] {
  const out: DaySpan[] = [];
  let j = 0;
  for (const span of a) {
    let from = span.from;
    while (j < b.length && b[j]!.to <= from) j++;
    for (let k = j; k < b.length && b[k]!.from < span.to; k++) {
      if (b[k]!.from > from) out.push({ from, to: b[k]!.from });
      if (b[k]!.to > from) from = b[k]!.to;
    }
    if (from < span.to) out.push({ from, to: span.to });
  }
  return out;
}

/**
 * A span's changes to a monthly count: one more in the month it begins, one fewer in the month it
 * ends (a span that lasts has no end). The counts on a month's last day are the running sum of the
 * changes up to that month.
 */
export function monthlyChanges(spans: readonly DaySpan[], add: (month: string, delta: number) => void): void {
  for (const s of spans) {
    add(s.from.slice(0, 7), 1);
    if (s.to !== END_OF_TIME) add(s.to.slice(0, 7), -1);
  }
}
