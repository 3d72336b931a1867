import { Problem } from '../../errors/problems.js';

/**
 * A long read is written once, as a generator that yields between small steps (a page of
 * candidates, a row folded again). `runNow` runs it to its end in one turn of the event loop, for
 * callers inside the service that need the whole answer at once; `runPaced` runs it across turns,
 * giving way to other requests every `sliceMs` and stopping it when it has run longer than its
 * budget, so that one heavy read never holds `/health`, writes or the other readers.
 */
/** How long one request's reading may take in all, unless configured. */
export const DEFAULT_READ_BUDGET_MS = 30_000;

export type Steps<T> = Generator<void, T, void>;

/** Runs the steps to their end without giving way. */
export function runNow<T>(steps: Steps<T>): T {
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/** Runs the steps, giving way to the event loop between them whenever a slice is used up. */
export async function runPaced<T>(steps: Steps<T>, budget: ReadBudget): Promise<T> {
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
    await budget.pause();
  }
}

/** The time a read may take in all, and how long it may hold the event loop at a time. */
export class ReadBudget {
  private readonly started = performance.now();
  private lastTurn = this.started;

  constructor(
    readonly limitMs: number,
    readonly sliceMs = 20,
  ) {}

  /** Gives way when the slice is used up; a 503 `READ_TOO_LONG` when the whole budget is. */
  async pause(): Promise<void> {
    const now = performance.now();
    if (now - this.lastTurn < this.sliceMs) return;
    if (now - this.started > this.limitMs)
      throw new Problem(
        503,
        'READ_TOO_LONG',
        'Service unavailable',
        `this reading was stopped after ${Math.round(this.limitMs / 1000)} s (TIMELINE_READ_BUDGET_MS); ` +
          'narrow it (country, subject, status, a smaller limit) or ask without publishedBy or knownAt',
      );
    await new Promise<void>((resolve) => setImmediate(resolve));
    this.lastTurn = performance.now();
  }
}
