import { Worker } from 'node:worker_threads';
import type { ClientRun } from './concurrent-clients.js';
import type { HttpLoadRequest } from './http-load.worker.js';

/** Runs the HTTP load (after an uncounted warm-up) in a worker thread and returns its measurement. */
export function runHttpLoad(request: HttpLoadRequest): Promise<ClientRun> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./http-load.worker.js', import.meta.url), { workerData: request });
    let run: ClientRun | undefined;
    worker.once('message', (message: ClientRun) => {
      run = message;
    });
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (run) resolve(run);
      else reject(new Error(`HTTP load worker exited with code ${code} without a result`));
    });
  });
}
