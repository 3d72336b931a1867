import type { Benchmark } from './support/benchmark.js';
import { hostileClientsBenchmarks } from './hostile-clients.bench.js';
import { liveFeedBenchmarks } from './live-feed.bench.js';
import { longKeyBenchmarks } from './long-key.bench.js';
import { pageBenchmarks } from './page.bench.js';
import { postgresBenchmarks } from './postgres.bench.js';
import { temporalBenchmarks } from './temporal.bench.js';
import { userFeltBenchmarks } from './user-felt.bench.js';
import { writePathBenchmarks } from './write-path.bench.js';

/** Every benchmark, in the order `npm run bench` runs them; add new ones here. */
export const benchmarks: Benchmark[] = [
  ...writePathBenchmarks,
  ...temporalBenchmarks,
  ...userFeltBenchmarks,
  ...longKeyBenchmarks,
  ...liveFeedBenchmarks,
  ...hostileClientsBenchmarks,
  ...postgresBenchmarks,
  ...pageBenchmarks,
];
