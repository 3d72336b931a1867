/** A figure's goal: the figure must be `>=` or `<=` the value. */
export interface Target {
  value: number;
  op: '>=' | '<=';
}

export interface Result {
  /** Measured figures; the unit is the suffix of the name (`PerSec`, `Ms`, `Bytes`, `Ratio`, ...). */
  figures: Record<string, number>;
  /** Keyed by figure name; figures without a target are reported only. */
  targets: Record<string, Target>;
  notes?: string[];
  /** What sets this run apart from others of the same benchmark (its size): kept in a record of its own. */
  variant?: string;
}

export interface Benchmark {
  /** Unique; names the result file and is what `--only` selects. */
  name: string;
  run(): Promise<Result>;
}

export type Verdict = 'pass' | 'fail' | 'missing';

/** Whether a figure meets its target; `missing` when the benchmark did not produce the figure. */
export function verdict(figure: number | undefined, target: Target): Verdict {
  if (figure === undefined || !Number.isFinite(figure)) return 'missing';
  const met = target.op === '>=' ? figure >= target.value : figure <= target.value;
  return met ? 'pass' : 'fail';
}
