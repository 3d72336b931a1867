/** One grouping of the counts over time: a view's series by one dimension's group. */
export interface CountGroup {
  vw: number;
  series: string;
  dimension: string;
  grp: string;
}

/** A count over time to write: a grouping's change in one month (`YYYY-MM`). */
export type CountSum = [vw: number, series: string, dimension: string, grp: string, month: string, delta: number];

/**
 * Sums of the counts over time a bulk build keeps in memory, to write each sum once: by grouping,
 * then by month. A month of an ISO day (`YYYY-MM-DD`) is kept as a number, the year times 12 plus
 * the month, read from its characters; any other form as its first seven characters, as before.
 * Adding is the hot path of a build (two dozen sums for each version of a row): it builds one id
 * per grouping, not one per sum.
 */
export class CountBuffer {
  private readonly groups = new Map<string, { group: CountGroup; months: Map<number | string, number> }>();
  private sums = 0;

  /** How many sums are kept. */
  get size(): number {
    return this.sums;
  }

  /** The months of one grouping, to add to with `add`. */
  monthsOf(group: CountGroup): Map<number | string, number> {
    const id = `${group.vw}\u0001${group.series}\u0001${group.dimension}\u0001${group.grp}`;
    let found = this.groups.get(id);
    if (!found) {
      found = { group, months: new Map() };
      this.groups.set(id, found);
    }
    return found.months;
  }

  /** Adds `delta` to the month of `day` in a grouping's months. */
  add(months: Map<number | string, number>, day: string, delta: number): void {
    const month = monthOf(day);
    const sum = months.get(month);
    if (sum === undefined) this.sums += 1;
    months.set(month, (sum ?? 0) + delta);
  }

  /** Takes up to `limit` sums out, in the order their groupings were first added to. */
  *take(limit: number): Generator<CountSum> {
    let taken = 0;
    for (const [id, { group, months }] of this.groups) {
      for (const [month, delta] of months) {
        if (taken++ >= limit) return;
        months.delete(month);
        this.sums -= 1;
        yield [group.vw, group.series, group.dimension, group.grp, monthText(month), delta];
      }
      this.groups.delete(id);
    }
  }
}

const ZERO = 48;

/** The month of an ISO day as a number (year * 12 + month), or its first seven characters if it has another form. */
export function monthOf(day: string): number | string {
  const first = day.charCodeAt(0);
  if (day.length !== 10 || day.charCodeAt(4) !== 45 || first < ZERO || first > ZERO + 9) return day.slice(0, 7);
  const year =
    (first - ZERO) * 1000 +
    (day.charCodeAt(1) - ZERO) * 100 +
    (day.charCodeAt(2) - ZERO) * 10 +
    (day.charCodeAt(3) - ZERO);
  return year * 12 + (day.charCodeAt(5) - ZERO) * 10 + (day.charCodeAt(6) - ZERO);
}

/** A month as `monthOf` keeps it, as the `YYYY-MM` the counts are stored by. */
export function monthText(month: number | string): string {
  if (typeof month === 'string') return month;
  const year = Math.floor((month - 1) / 12);
  return `${String(year).padStart(4, '0')}-${String(month - year * 12).padStart(2, '0')}`;
}
