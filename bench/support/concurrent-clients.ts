import { percentile } from './latency.js';

export interface ClientRunOptions {
  clients: number;
  /** Operations to run across all clients. */
  total: number;
  /** Clients stop starting operations after this long; operations in flight still complete and count. */
  budgetMs: number;
  operation: () => Promise<unknown>;
}

export interface ClientRun {
  completed: number;
  elapsedMs: number;
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
  /** True when the budget ran out before `total` operations were done. */
  timedOut: boolean;
  latenciesMs: number[];
}

/**
 * Runs `clients` loops concurrently, each awaiting one operation at a time, until `total`
 * operations are done or the budget is spent. Any failed operation fails the run.
 */
export async function runConcurrentClients({
  clients,
  total,
  budgetMs,
  operation,
}: ClientRunOptions): Promise<ClientRun> {
  const latencies: number[] = [];
  let issued = 0;
  const started = performance.now();
  const deadline = started + budgetMs;
  const client = async () => {
    while (issued < total && performance.now() < deadline) {
      issued += 1;
      const before = performance.now();
      await operation();
      latencies.push(performance.now() - before);
    }
  };
  await Promise.all(Array.from({ length: clients }, client));
  const elapsedMs = performance.now() - started;
  return {
    completed: latencies.length,
    elapsedMs,
    perSecond: (latencies.length / elapsedMs) * 1000,
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
    timedOut: latencies.length < total,
    latenciesMs: latencies,
  };
}

/** Operations per client run uncounted first, so that the measured run sees compiled code and warm caches. */
const WARM_UP_PER_CLIENT = 10;

/** `runConcurrentClients` after an uncounted warm-up of the same load. */
export async function runWarmedUp(options: ClientRunOptions): Promise<ClientRun> {
  await runConcurrentClients({ ...options, total: options.clients * WARM_UP_PER_CLIENT });
  return runConcurrentClients(options);
}

/** Several runs of the same load as one: the median rate, and percentiles over every latency. */
export function combineRuns(runs: readonly ClientRun[]): ClientRun {
  const latencies = runs.flatMap((r) => r.latenciesMs);
  const rates = runs.map((r) => r.perSecond).sort((a, b) => a - b);
  return {
    completed: latencies.length,
    elapsedMs: runs.reduce((sum, r) => sum + r.elapsedMs, 0),
    perSecond: percentile(rates, 50),
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
    timedOut: runs.some((r) => r.timedOut),
    latenciesMs: latencies,
  };
}
