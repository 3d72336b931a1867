import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { PROJECTIONS, type AnyProjection, type ProjectionContext } from '../../../projections/index.js';
import type { VersionInputs, VersionSource } from '../store/version-inputs.js';
import { keyHistory, type KeyHistory, type MembershipChange, type VersionInput } from './key-history.js';

/**
 * One key to fold: its view definition (`name@version`), its changes and the versions they join with,
 * by number: the folder reads them (a worker on a connection of its own, off the event loop).
 */
export interface FoldJob {
  projection: string;
  key: string;
  changes: MembershipChange[];
  vids: number[];
}

/** The versions a job joins with, read from `inputs`. */
export function foldJob(
  job: FoldJob,
  inputs: VersionInputs,
  fold: (versions: Map<number, VersionInput>) => KeyHistory,
): KeyHistory {
  return fold(new Map(job.vids.map((vid) => [vid, inputs.get(vid)])));
}

/** Folds batches of keys, on this thread or on a worker thread. */
export interface KeyFolder {
  fold(jobs: FoldJob[]): Promise<KeyHistory[]>;
  close(): Promise<void>;
}

const WORKER = new URL('./fold-worker.js', import.meta.url);

/**
 * A worker when the build is large enough to pay for one and every view is one of the service's
 * own definitions (a worker can only load those); else the same fold on this thread.
 */
export function keyFolder(
  projections: readonly AnyProjection[],
  context: ProjectionContext,
  homes: [string, string][],
  work: number,
  source: VersionSource,
): KeyFolder {
  const own = projections.every((p) => PROJECTIONS.includes(p));
  const configured = Number(process.env.TIMELINE_BUILD_WORKER_MIN);
  const minimum = Number.isInteger(configured) && configured >= 0 ? configured : 20_000;
  if (own && work >= minimum && source.file !== undefined && existsSync(fileURLToPath(WORKER)))
    return workerFolder(homes, source.file);
  const byId = new Map(projections.map((p) => [`${p.name}@${p.version}`, p]));
  const inputs = source.inputs();
  return {
    fold: async (jobs) =>
      jobs.map((job) =>
        foldJob(job, inputs, (versions) =>
          keyHistory(byId.get(job.projection)!, job.key, job.changes, versions, context),
        ),
      ),
    close: async () => inputs.close(),
  };
}

function workerFolder(homes: [string, string][], file: string): KeyFolder {
  const worker = new Worker(WORKER, { workerData: { homes, file } });
  const pending = new Map<number, { resolve: (r: KeyHistory[]) => void; reject: (e: Error) => void }>();
  let next = 0;
  worker.on('message', ({ id, results }: { id: number; results: KeyHistory[] }) => {
    pending.get(id)?.resolve(results);
    pending.delete(id);
  });
  const fail = (error: Error) => {
    for (const p of pending.values()) p.reject(error);
    pending.clear();
  };
  worker.on('error', fail);
  worker.on('exit', (code) => {
    if (code !== 0) fail(new Error(`fold worker exited with ${code}`));
  });
  return {
    fold: (jobs) =>
      new Promise((resolve, reject) => {
        const id = next++;
        pending.set(id, { resolve, reject });
        worker.postMessage({ id, jobs });
      }),
    close: async () => {
      await worker.terminate();
    },
  };
}
