/** How long a build's transaction may take in all, its commit included. */
export const SLICE_MS = 25;
/** Weight of the last transaction in the ratio followed: a few transactions' worth of memory. */
const WEIGHT = 0.3;

/**
 * How long a slice of a build may work before its transaction commits, so that work and commit
 * together take about SLICE_MS. A commit writes out the pages the slice dirtied (and copies the
 * write-ahead log into the file when it is long): next to nothing on a small read model, as long
 * as the work itself on a large one, where the rows a slice adds are spread over a large index (at
 * a million developments, slices of the index by reference that worked for 25 ms took 43-58 ms with
 * their commit, holding the event loop as long). The ratio of a transaction's whole time to its
 * work is followed, the last ones weighing most, and the work given SLICE_MS over it. One budget
 * per kind of slice: they dirty pages at different rates.
 */
export class SliceBudget {
  private ratio: number;
  private readonly totalMs: number;
  private readonly minMs: number;

  /**
   * `minMs`: the least a slice works for, however dear its commits (a build always moves on);
   * `firstMs`: what the first slice is given (the whole slice unless said).
   */
  constructor({ totalMs = SLICE_MS, minMs = 3, firstMs = totalMs }: SliceBudgetOptions = {}) {
    this.totalMs = totalMs;
    this.minMs = minMs;
    this.ratio = totalMs / firstMs;
  }

  /** How long the next slice may work. */
  get workMs(): number {
    return Math.max(this.minMs, this.totalMs / this.ratio);
  }

  /** After a transaction: its work took (or was given) `workMs`, the transaction `totalMs` in all. */
  observe(workMs: number, totalMs: number): void {
    // A slice that found next to nothing to do says nothing of what a commit costs.
    if (workMs < Math.min(1, this.minMs / 2)) return;
    this.ratio = (1 - WEIGHT) * this.ratio + WEIGHT * Math.max(1, totalMs / workMs);
  }
}

export interface SliceBudgetOptions {
  totalMs?: number;
  minMs?: number;
  firstMs?: number;
}

/**
 * Runs `work` in a transaction (`run`, the store's), giving it the budget's time to work, and
 * tells the budget how long the work and the whole transaction took.
 */
export function inSlice<T>(
  budget: SliceBudget,
  run: (work: () => T) => T,
  work: (ms: number, started: number) => T,
): T {
  const started = performance.now();
  let worked = 0;
  const result = run(() => {
    const from = performance.now();
    try {
      return work(budget.workMs, from);
    } finally {
      worked = performance.now() - from;
    }
  });
  budget.observe(worked, performance.now() - started);
  return result;
}
