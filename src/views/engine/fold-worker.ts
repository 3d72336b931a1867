import { parentPort, workerData } from 'node:worker_threads';
import { PROJECTIONS } from '../../../projections/index.js';
import { versionInputsOf } from '../store/version-inputs.js';
import { keyHistory, type KeyHistory } from './key-history.js';
import { foldJob, type FoldJob } from './key-folder.js';

/**
 * Folds keys for a bulk build on another core: the jobs carry each key's membership changes and the
 * numbers of the development versions they join with, read here from the read model's file on a
 * connection of this thread's own (at a million developments, the longest pauses of the event loop
 * in the pass that folds every key, 50-80 ms, were spent reading them there, the process mostly off
 * the CPU: waiting on reads); the answers carry what to store. Projections are the service's own.
 */
const homes = new Map<string, string>(workerData.homes as [string, string][]);
const context = { homeCountry: (ref: string) => (ref.startsWith('country:') ? ref.slice(8) : homes.get(ref)) };
const projections = new Map(PROJECTIONS.map((p) => [`${p.name}@${p.version}`, p]));
const inputs = versionInputsOf(workerData.file as string);

parentPort!.on('message', ({ id, jobs }: { id: number; jobs: FoldJob[] }) => {
  const results: KeyHistory[] = jobs.map((job) =>
    foldJob(job, inputs, (versions) =>
      keyHistory(projections.get(job.projection)!, job.key, job.changes, versions, context),
    ),
  );
  parentPort!.postMessage({ id, results });
});
