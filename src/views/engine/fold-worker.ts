import { parentPort, workerData } from 'node:worker_threads';
import { PROJECTIONS } from '../../../projections/index.js';
import { keyHistory, type KeyHistory } from './key-history.js';
import type { FoldJob } from './key-folder.js';

/**
 * Folds keys for a bulk build on another core: the jobs carry each key's membership changes and
 * development versions; the answers carry what to store. Projections are the service's own.
 */
const homes = new Map<string, string>(workerData.homes as [string, string][]);
const context = { homeCountry: (ref: string) => (ref.startsWith('country:') ? ref.slice(8) : homes.get(ref)) };
const projections = new Map(PROJECTIONS.map((p) => [`${p.name}@${p.version}`, p]));

parentPort!.on('message', ({ id, jobs }: { id: number; jobs: FoldJob[] }) => {
  const results: KeyHistory[] = jobs.map((job) =>
    keyHistory(projections.get(job.projection)!, job.key, job.changes, new Map(job.versions), context),
  );
  parentPort!.postMessage({ id, results });
});
