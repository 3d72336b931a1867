/**
 * Milliseconds since the epoch, to a fraction of a millisecond. Unlike `performance.now()`, whose
 * origin is per thread, it compares across worker threads and processes.
 */
export function epochMs(): number {
  return performance.timeOrigin + performance.now();
}
