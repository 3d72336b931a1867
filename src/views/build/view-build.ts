import type { Logger } from 'pino';
import type { DevelopmentState } from '../../../events/index.js';
import type { AnyProjection } from '../../../projections/index.js';
import type { DevelopmentVersion } from '../../read-model/developments-table.js';
import { keyFolder, type FoldJob } from '../engine/key-folder.js';
import type { KeyHistory } from '../engine/key-history.js';
import { keysOfVersion } from '../engine/keying.js';
import { inSlice, SliceBudget } from './slice-budget.js';
import { turn } from './turn.js';
import type { LiveView, ViewEngine } from './view-engine.js';
import type { BuildChange as Change, BuildScratch, HistoryVersion, ViewDef } from '../store/temporal-store.js';

const PAGE = 500;
/**
 * Sums of counts over time a build keeps in memory at most (then writes COUNT_SPILL of them out);
 * TIMELINE_BUILD_COUNT_MEMORY sets it (a test sets it low to check the result does not depend on it).
 */
const COUNT_MEMORY = Number(process.env.TIMELINE_BUILD_COUNT_MEMORY) || 100_000;
const COUNT_SPILL = 5_000;
/** Sums written between two looks at the time. */
const COUNT_STEP = 100;
/**
 * Rows of the views' index by reference a build keeps in memory before writing them in order (a
 * million developments have 5.3 million, under 23,000 references): the more, the fewer times each
 * page of the index is written. At a million, 100,000 took the rows' pass from 274 to 171 s and its
 * peak RSS up by about 63 MiB. TIMELINE_BUILD_REF_MEMORY sets it (a test sets it low).
 */
const REF_MEMORY = Number(process.env.TIMELINE_BUILD_REF_MEMORY) || 100_000;
/** Membership changes read and folded per batch. */
const BATCH = 100;

export interface BuildProgress {
  phase: 'keys' | 'rows' | 'catch-up';
  done: number;
  total: number;
}

/**
 * Builds views from the development history in bulk: one pass keys every development version
 * (in log order), then each key is folded once, in memory, replaying its membership changes in
 * log order so that the rows - including their transaction-time history - are exactly those that
 * applying the versions one by one would give. Versions recorded after the pass started are then
 * applied one by one, and the views go live in the same transaction as the last of them.
 */
export interface BuildOptions {
  onProgress?: (progress: BuildProgress) => void;
  log?: Logger;
  /** Stops the build between slices (on shutdown); it starts again from nothing next time. */
  signal?: AbortSignal;
  /** Rows of the index by reference kept before they are written (REF_MEMORY; a test sets it low). */
  refMemory?: number;
}

export async function buildViews(
  engine: ViewEngine,
  pending: readonly { projection: AnyProjection; def: ViewDef }[],
  options: BuildOptions = {},
): Promise<void> {
  const { onProgress, log, signal } = options;
  if (pending.length === 0) return;
  const store = engine.store;
  const views: LiveView[] = pending.map(({ projection, def }) => ({ projection, vw: def.vw }));
  // A build that was interrupted left rows behind: start it again from nothing. When every view is
  // built anew (a first start, `timeline rebuild`), nothing answers from the tables: empty them at once.
  if (store.defs().every((d) => pending.some((p) => p.def.vw === d.vw))) store.transaction(() => store.clear(), true);
  for (const view of views) {
    do await turn();
    while (!store.transaction(() => store.dropSome(view.vw, { keepDefinition: true })));
  }
  const upTo = store.lastVersion();
  // The membership changes go to a scratch file kept in key order as they are written: no sort,
  // no index build and no drop that would hold the event loop; the file is deleted at the end.
  const scratch = store.openScratch();
  try {
    const slices = sliced(engine, signal);
    const changes = await keyEveryVersion(engine, slices, views, scratch, upTo, onProgress);
    await foldEveryKey(engine, views, scratch, changes, signal, onProgress, options.refMemory ?? REF_MEMORY);
    await catchUp(
      engine,
      slices,
      views,
      pending.map((p) => p.def),
      upTo,
      onProgress,
    );
  } finally {
    scratch.close();
  }
  log?.info({ views: pending.map((p) => `${p.def.name}@${p.def.version}`), upTo }, 'views built');
}

type Slices = (step: () => boolean) => Promise<void>;

/**
 * Runs `step` in slices (each a transaction of about SLICE_MS, its commit included: `SliceBudget`)
 * until it says it is done, yielding between slices.
 */
function sliced(engine: ViewEngine, signal: AbortSignal | undefined): Slices {
  return (step) => runSliced(engine, step, signal, new SliceBudget());
}

async function runSliced(
  engine: ViewEngine,
  step: () => boolean,
  signal: AbortSignal | undefined,
  budget: SliceBudget,
): Promise<void> {
  for (;;) {
    await turn();
    if (signal?.aborted) throw new Error('view build stopped');
    const done = inSlice(budget, bulk(engine), (ms, started) => {
      while (performance.now() - started < ms) if (step()) return true;
      return false;
    });
    if (done) return;
  }
}

/** A build's transaction: it takes the write lock at once. */
function bulk(engine: ViewEngine) {
  return <T>(work: () => T): T => engine.store.transaction(work, true);
}

/** First pass: which keys each development version belongs to, as membership changes in log order; returns their number. */
async function keyEveryVersion(
  engine: ViewEngine,
  sliced: Slices,
  views: LiveView[],
  scratch: BuildScratch,
  upTo: number,
  onProgress?: (p: BuildProgress) => void,
): Promise<number> {
  // Only a version that a later one replaced can leave its keys: remember those keys until then.
  const keysOfSeq = new Map<string, string[]>();
  let changes = 0;
  let after = 0;
  let rows: HistoryVersion[] = [];
  await sliced(() => {
    if (rows.length === 0) rows = engine.store.versionsAfter(after, upTo, PAGE);
    const row = rows.shift();
    if (!row) return true;
    after = row.vid;
    const state = JSON.parse(row.state) as DevelopmentState;
    for (const view of views) {
      if (!view.projection.handles.includes(state.type)) continue;
      const { keys, error } = keysOfVersion(view.projection, state, engine.context);
      engine.store.setFailures(
        view.vw,
        [row.seq],
        error === undefined ? [] : [{ seq: row.seq, error }],
        row.recorded_from,
      );
      const id = `${view.vw}:${row.seq}`;
      const change = { vw: view.vw, vid: row.vid, seq: row.seq, recorded_at: row.recorded_from };
      for (const key of keysOfSeq.get(id) ?? []) scratch.add({ ...change, key, op: 0 });
      for (const key of keys) scratch.add({ ...change, key, op: 1 });
      changes += (keysOfSeq.get(id)?.length ?? 0) + keys.length;
      if (row.recorded_to !== null) keysOfSeq.set(id, keys);
      else keysOfSeq.delete(id);
    }
    if (row.vid % 5000 === 0) onProgress?.({ phase: 'keys', done: row.vid, total: upTo });
    return false;
  });
  return changes;
}

/** Second pass: each key's membership changes replayed in memory (on another core when it pays), its rows written once. */
async function foldEveryKey(
  engine: ViewEngine,
  views: LiveView[],
  scratch: BuildScratch,
  total: number,
  signal: AbortSignal | undefined,
  onProgress: ((p: BuildProgress) => void) | undefined,
  refMemory: number,
): Promise<void> {
  const store = engine.store;
  const homes = store.homes();
  const folder = keyFolder(
    views.map((v) => v.projection),
    engine.context,
    homes,
    total,
    store.versionSource(),
  );
  const byVw = new Map(views.map((v) => [v.vw, v]));
  let cursor: [number, string, number, number, number] = [-1, '', -1, -1, -1];
  let buffered: Change[] = [];
  let exhausted = false;
  let done = 0;

  /** The next whole keys, up to about BATCH changes, with the versions they join with. */
  const readJobs = (): Job[] => {
    const jobs: Job[] = [];
    let size = 0;
    while (size < BATCH) {
      // Read more pages while the first buffered key may continue past the buffer.
      while (!exhausted && (buffered.length === 0 || sameKey(buffered[0]!, buffered[buffered.length - 1]!))) {
        const more = scratch.after(cursor, PAGE);
        if (more.length < PAGE) exhausted = true;
        if (more.length > 0) {
          const last = more[more.length - 1]!;
          cursor = [last.vw, last.key, last.vid, last.op, last.seq];
        }
        buffered.push(...more);
      }
      if (buffered.length === 0) break;
      const first = buffered[0]!;
      let end = 1;
      while (end < buffered.length && sameKey(first, buffered[end]!)) end += 1;
      const changes = buffered.slice(0, end);
      buffered = buffered.slice(end);
      const { projection } = byVw.get(first.vw)!;
      jobs.push({
        vw: first.vw,
        job: {
          projection: `${projection.name}@${projection.version}`,
          key: first.key,
          vids: changes.filter((c) => c.op === 1).map((c) => c.vid),
          changes: changes.map((c) => ({ vid: c.vid, seq: c.seq, op: c.op as 0 | 1, recordedAt: c.recorded_at })),
        },
      });
      size += changes.length;
    }
    return jobs;
  };

  /**
   * Writes folded keys in transactions of about SLICE_MS each, commits included, each in a turn of
   * its own: not in the turn that read the next jobs, nor in the one that wrote the last slice (two
   * of them in one turn held the event loop 50-80 ms at 100,000 developments).
   */
  const writing = new SliceBudget();
  const write = async (jobs: Job[], results: KeyHistory[]) => {
    let next = 0;
    while (next < jobs.length) {
      await turn();
      inSlice(writing, bulk(engine), (ms, started) => {
        for (; next < jobs.length && performance.now() - started < ms; next++) {
          const { vw, job } = jobs[next]!;
          const history = results[next]!;
          for (const m of history.members) engine.store.addMember(vw, job.key, m);
          engine.store.restoreFailures(vw, history.failures);
          const states = new Map<string, number>();
          for (const row of history.rows) {
            let sid = states.get(row.version.json);
            if (sid === undefined) {
              sid = engine.store.addState(row.version.json);
              states.set(row.version.json, sid);
            }
            engine.store.insertVersion(vw, job.key, row.version, sid, row.recordedFrom, row.recordedTo);
          }
          done += job.changes.length;
        }
      });
    }
    // Sums of the counts over time are kept in memory to write each once; past a bound some go out now.
    if (store.bufferedCounts() > COUNT_MEMORY) await spillCounts(Math.max(0, COUNT_MEMORY - COUNT_SPILL));
    if (store.bufferedRefRows() >= refMemory) await writeRefRows();
  };

  /**
   * Writes sums of the counts over time kept in memory until `downTo` are left, a slice at a time,
   * each in a turn of its own (5,000 at once took 70-80 ms at a million developments).
   */
  const countSlices = new SliceBudget();
  const spillCounts = async (downTo: number) => {
    while (store.bufferedCounts() > downTo) {
      if (signal?.aborted) throw new Error('view build stopped');
      await turn();
      inSlice(countSlices, bulk(engine), (ms, started) => {
        while (store.bufferedCounts() > downTo && performance.now() - started < ms)
          store.spillCounts(Math.min(COUNT_STEP, store.bufferedCounts() - downTo));
      });
    }
  };

  /**
   * The index rows by reference kept so far, in order, a slice at a time, each in a turn of its own:
   * each row lands on a page of its own in a large index, so these slices' commits cost the most.
   */
  const refSlices = new SliceBudget();
  const writeRefRows = async () => {
    do {
      if (signal?.aborted) throw new Error('view build stopped');
      await turn();
    } while (!inSlice(refSlices, bulk(engine), (ms) => store.writeRefRows(ms)));
  };

  engine.store.bufferCounts();
  engine.store.bufferRefRows();
  try {
    // Read the next batch while the previous one is folded; write each as it comes back.
    let inflight: { jobs: Job[]; results: Promise<KeyHistory[]> } | undefined;
    for (;;) {
      if (signal?.aborted) throw new Error('view build stopped');
      const jobs = readJobs();
      const next = jobs.length > 0 ? { jobs, results: folder.fold(jobs.map((j) => j.job)) } : undefined;
      if (inflight) {
        await write(inflight.jobs, await inflight.results);
        onProgress?.({ phase: 'rows', done, total });
      }
      if (!next) break;
      inflight = next;
      await turn();
    }
    await writeRefRows();
    // The counts over time, summed in memory while folding, written once, a slice at a time.
    await spillCounts(0);
    await turn();
    store.transaction(() => store.flushCounts());
  } finally {
    // Stopped or failed: what is kept is not written (the build starts again from nothing), and what
    // is written from now on, one development at a time, is written at once.
    store.endBuffering();
    await folder.close();
  }
}

/** A key to fold, in its view. */
interface Job {
  vw: number;
  job: FoldJob;
}

function sameKey(a: Change, b: Change): boolean {
  return a.vw === b.vw && a.key === b.key;
}

/** Versions recorded while the build ran, applied one by one; the views go live with the last of them. */
async function catchUp(
  engine: ViewEngine,
  sliced: Slices,
  views: LiveView[],
  defs: ViewDef[],
  from: number,
  onProgress?: (p: BuildProgress) => void,
): Promise<void> {
  let after = from;
  let rows: HistoryVersion[] = [];
  await sliced(() => {
    if (rows.length === 0) rows = engine.store.versionsAfter(after, Number.MAX_SAFE_INTEGER, PAGE);
    const row = rows.shift();
    if (!row) {
      // Nothing left in this same transaction: no version can slip in between.
      for (const def of defs) engine.goLive(def, after);
      return true;
    }
    after = row.vid;
    const state = JSON.parse(row.state) as DevelopmentState;
    const version: DevelopmentVersion = {
      vid: row.vid,
      seq: row.seq,
      state,
      recordedAt: row.recorded_from,
      timing: {
        earliest: row.earliest,
        latest: row.latest,
        certainFrom: row.certain_from,
        publishedFrom: row.published_from,
      },
    };
    for (const view of views) if (view.projection.handles.includes(state.type)) engine.applyTo(view, version);
    onProgress?.({ phase: 'catch-up', done: row.vid, total: row.vid });
    return false;
  });
}
