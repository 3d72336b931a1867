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
}

/**
 * Runs `clients` loops concurrently, each awaiting one operation at a time, until `total`
 * operations are done or the budget is spent. Any failed operation fails the run.
 */
export async function runConcurrentClients({ clients, total, budgetMs, operation }: ClientRunOptions): Promise<ClientRun> {
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
  };
}
