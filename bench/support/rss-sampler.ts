import { Worker } from 'node:worker_threads';
import type { RssSamplerData } from './rss-sampler.worker.js';

/** Samples the process's resident set size (`process.memoryUsage().rss`) in a worker thread and keeps the peak. */
export class RssSampler {
  private readonly shared = new Int32Array(new SharedArrayBuffer(8));
  private readonly worker: Worker;

  constructor(intervalMs = 100) {
    const workerData: RssSamplerData = { shared: this.shared, intervalMs };
    this.worker = new Worker(new URL('./rss-sampler.worker.js', import.meta.url), { workerData });
    this.worker.unref();
  }

  /** Starts a new peak from the current sample on. */
  reset(): void {
    Atomics.store(this.shared, 0, Math.round(process.memoryUsage.rss() / 1024));
  }

  /** Peak RSS in MiB since the last reset, with the number of samples taken so far. */
  peak(): { mib: number; samples: number } {
    return { mib: Atomics.load(this.shared, 0) / 1024, samples: Atomics.load(this.shared, 1) };
  }

  stop(): Promise<number> {
    return this.worker.terminate();
  }
}
