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

/**
 * Which rows of the footprint a count asks for: `present` the pairs where a placement that is
 * presence holds; `planned` those where only plans hold (the row's presence is `planned`); `any`
 * those where any placement given holds (a `status` naming a mode: the caller gives only the
 * placements of that mode).
 */
export type Counted = 'present' | 'planned' | 'any';

/**
 * How many of a pair's placements hold changes, by month, in one series: [presence, plans]. Counts
 * over time are read on the last day of a month, and a placement holding over [from, to) holds on
 * the last days of the months from `from`'s up to, not including, `to`'s: one more in the first, one
 * fewer in the last (a placement that lasts has no last).
 */
export type Edges = Map<string, [presence: number, plans: number]>;

/**
 * Adds a placement's changes (or takes them away, `sign` -1) in one series: in the certain series a
 * placement holds inside its certain interval and a plan never holds (a plan is never certain
 * presence), in the possible one inside its valid interval. `asPresence` counts a plan as any other
 * placement (for a count of one mode).
 */
export function addEdges(edges: Edges, p: PairPlacement, certainOnly: boolean, sign: 1 | -1, asPresence = false): void {
  const from = certainOnly ? p.certainFrom : p.validFrom;
  const to = certainOnly ? p.certainTo : p.validTo;
  if (from === null || to === null || from >= to || (p.planned && certainOnly)) return;
  const i = p.planned && !asPresence ? 1 : 0;
  bump(edges, from.slice(0, 7), i, sign);
  if (to !== END_OF_TIME) bump(edges, to.slice(0, 7), i, -sign);
}

function bump(edges: Edges, month: string, i: 0 | 1, by: number): void {
  let e = edges.get(month);
  if (!e) {
    e = [0, 0];
    edges.set(month, e);
  }
  e[i] += by;
}

/**
 * The months a pair starts (+1) and stops (-1) being a row of the footprint as asked, in month order:
 * present while a placement that is presence holds, only planned while a plan holds and none of
 * those does (the rule the footprint as of a date applies on each day).
 */
export function transitions(edges: Edges, counted: Counted): [month: string, delta: 1 | -1][] {
  const out: [string, 1 | -1][] = [];
  let presence = 0;
  let plans = 0;
  let was = false;
  for (const month of [...edges.keys()].sort()) {
    const [p, q] = edges.get(month)!;
    presence += p;
    plans += q;
    const is = counted === 'planned' ? plans > 0 && presence === 0 : presence > 0;
    if (is !== was) out.push([month, is ? 1 : -1]);
    was = is;
  }
  return out;
}
