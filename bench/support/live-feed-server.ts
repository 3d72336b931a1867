/**
 * The service exactly as `node dist/src/main.js` runs it, plus three IPC requests from the benchmark:
 * `memory` answers with the process's memory after a full collection (when run with --expose-gc),
 * so RSS deltas count what connections keep and not garbage awaiting collection; `cpu` with the
 * CPU time the process has used; `exit` ends the process normally, which is what lets
 * `--cpu-prof` write its profile (a signal would not).
 */
export interface ServiceMemory {
  /** RSS before the collection. */
  rssBeforeGc: number;
  rss: number;
  heapUsed: number;
  external: number;
  arrayBuffers: number;
}

export interface ServiceCpu {
  userUs: number;
  systemUs: number;
}

process.on('message', (request) => {
  if (request === 'exit') process.exit(0);
  if (request === 'cpu') {
    const { user, system } = process.cpuUsage();
    process.send?.({ userUs: user, systemUs: system } satisfies ServiceCpu);
  }
  if (request !== 'memory') return;
  const rssBeforeGc = process.memoryUsage.rss();
  gc?.();
  const { rss, heapUsed, external, arrayBuffers } = process.memoryUsage();
  const memory: ServiceMemory = { rssBeforeGc, rss, heapUsed, external, arrayBuffers };
  process.send?.(memory);
});

await import('../../src/main.js');
