import { workerData } from 'node:worker_threads';

export interface RssSamplerData {
  /** [peak RSS in KiB since the last reset, samples taken]. */
  shared: Int32Array;
  intervalMs: number;
}

// A thread of its own samples on time even while the main thread is busy in a long synchronous transaction.
const { shared, intervalMs } = workerData as RssSamplerData;
setInterval(() => {
  const kib = Math.round(process.memoryUsage.rss() / 1024);
  if (kib > Atomics.load(shared, 0)) Atomics.store(shared, 0, kib);
  Atomics.add(shared, 1, 1);
}, intervalMs);
