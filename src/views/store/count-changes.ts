/**
 * A group's changes to a count as one text, `month delta month delta ...`, read in the index's
 * order (by group, then month): one row per group, where a row per change cost more to hand over
 * than to find (a view counted by country has tens of thousands). A whole change is written as an
 * integer (`1`, not `1.0`: SQLite writes a REAL as text more slowly; the whole query 10-13 % faster
 * on a million developments). SQLite does not promise the order the aggregate joins them in; the
 * running sums below do not need one.
 */
export const CHANGES_OF_GROUP =
  "group_concat(month || ' ' || iif(delta = CAST(delta AS INTEGER), CAST(delta AS INTEGER), delta), ' ')";

/** Groups with their changes as `CHANGES_OF_GROUP` gives them: `[group, 'month delta month delta ...']`. */
export type GroupedChanges = readonly (readonly [grp: string, changes: string])[];

/**
 * The running sum of a count's monthly changes at each of a series' months (its steps' months, in
 * order), per group: a step counts the changes of its month and of every month before it. Each
 * change is added to the first step whose month it does not pass, and the steps are summed once at
 * the end: no change is kept, and the changes may come in any order.
 */
export class RunningSums {
  private readonly steps = new Map<string, number[]>();

  constructor(private readonly months: readonly string[]) {}

  /** The groups and their sums at each step, by group. Once: the steps are summed in place. */
  sums(): Map<string, number[]> {
    for (const steps of this.steps.values()) for (let k = 1; k < steps.length; k++) steps[k]! += steps[k - 1]!;
    return new Map([...this.steps].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  }

  /** Adds one change of a group (one later than the last step counts nowhere). */
  add(grp: string, month: string, delta: number): void {
    this.addTo(this.of(grp), month, delta);
  }

  /** Adds the changes of every group, as `CHANGES_OF_GROUP` joins them. */
  addGrouped(groups: GroupedChanges): this {
    for (const [grp, text] of groups) {
      const steps = this.of(grp);
      let at = 0;
      while (at < text.length) {
        const space = text.indexOf(' ', at);
        let end = text.indexOf(' ', space + 1);
        if (end < 0) end = text.length;
        this.addTo(steps, text.slice(at, space), Number(text.slice(space + 1, end)));
        at = end + 1;
      }
    }
    return this;
  }

  private of(grp: string): number[] {
    let steps = this.steps.get(grp);
    if (!steps) {
      steps = new Array<number>(this.months.length).fill(0);
      this.steps.set(grp, steps);
    }
    return steps;
  }

  /** The first step whose month is not before `month`: a binary search over the steps' months. */
  private addTo(steps: number[], month: string, delta: number): void {
    let low = 0;
    let high = this.months.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (this.months[mid]! < month) low = mid + 1;
      else high = mid;
    }
    if (low < steps.length) steps[low]! += delta;
  }
}
