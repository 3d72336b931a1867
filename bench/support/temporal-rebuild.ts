import { openReadModel, type ReadModelParts } from '../../src/views/build/open-read-model.js';
import type { BuildProgress } from '../../src/views/build/view-build.js';
import type { EventStore } from '../../src/store/event-store.js';
import type { Result } from './benchmark.js';
import { trackEventLoopStalls, type Stall } from './event-loop-stalls.js';
import { round } from './latency.js';
import type { LogRead } from './log-ceiling.js';
import { startOtherCpuMeter } from './machine-info.js';
import { logPhase, progressReporter } from './progress.js';
import type { RssSampler } from './rss-sampler.js';

const REQUIRED_RATE = 20_000;
const AIMED_RATE = 50_000;

/** Where a rebuild spends its time: the developments' catch-up, then each pass of the bulk build. */
export interface RebuildPhases {
  /** Reading the log into entities and the development history (`readModel.start()` + `catchUp()`). */
  catchUpMs: number;
  /**
   * `buildViews`: keying every development version (with indexing the changes), folding every key,
   * applying what came in meanwhile. The engine reports progress every 5,000 steps, so a phase's
   * start is seen that late at most.
   */
  keysMs: number;
  rowsMs: number;
  buildCatchUpMs: number;
  /** From the end of the developments' catch-up to every view live. */
  buildMs: number;
}

export interface Rebuild {
  parts: ReadModelParts;
  /** False when the budget ran out first: the views are not live. */
  complete: boolean;
  totalMs: number;
  phases: RebuildPhases;
  catchUpStall: Stall;
  buildStall: Stall;
  cpuMs: number;
  /** `process.memoryUsage()` once every view is live, in MB: where the resident set is. */
  memory: Record<'rss' | 'heapTotal' | 'heapUsed' | 'external', number>;
  /** Share of the machine's CPU that other processes used meanwhile (0..1). */
  otherCpuShare: number;
  peakRssMiB: number;
}

/**
 * A fresh read model on the log until every view is live, as the service does at start-up:
 * `readModel.start()` and `catchUp()` (the development history), then `parts.ready()` (the bulk
 * build of every view). A timer every 10 ms measures how long the event loop went without a turn
 * in each of the two parts. Stops (views not live) when `budgetMs` is spent.
 */
export async function rebuildReadModel(
  store: EventStore,
  file: string,
  rss: RssSampler,
  budgetMs: number,
): Promise<Rebuild> {
  const head = Number(await store.head());
  const cpuBefore = process.cpuUsage();
  const otherCpu = startOtherCpuMeter();
  rss.reset();
  const started = performance.now();
  const budget = new AbortController();
  const timer = setTimeout(() => budget.abort(), budgetMs);
  const parts = openReadModel(file, store);
  const report = progressReporter('developments caught up (events)', head);
  const stopReporting = parts.readModel.onApplied((position) => report(Number(position)));

  let stalls = trackEventLoopStalls();
  parts.readModel.start();
  const caughtUp = await Promise.race([
    parts.readModel.catchUp().then(() => true),
    new Promise<false>((resolve) => budget.signal.addEventListener('abort', () => resolve(false))),
  ]);
  const catchUpMs = performance.now() - started;
  const catchUpStall = await stalls.stop();
  stopReporting();

  const phaseStarts = new Map<BuildProgress['phase'], number>();
  let buildEnd = performance.now();
  let complete = false;
  stalls = trackEventLoopStalls();
  if (caughtUp) {
    logPhase(`developments caught up in ${(catchUpMs / 1000).toFixed(1)} s; building the views`);
    const reporters = new Map<BuildProgress['phase'], (done: number) => void>();
    const onProgress = ({ phase, done, total }: BuildProgress) => {
      if (!phaseStarts.has(phase)) phaseStarts.set(phase, performance.now());
      if (!reporters.has(phase)) reporters.set(phase, progressReporter(`views: ${phase}`, total));
      reporters.get(phase)!(done);
    };
    complete = await parts.ready(onProgress, budget.signal).then(
      () => true,
      (error: Error) => {
        if (!budget.signal.aborted) throw error;
        return false;
      },
    );
    buildEnd = performance.now();
  } else {
    await parts.readModel.stop();
  }
  clearTimeout(timer);
  const buildStall = await stalls.stop();
  const cpu = process.cpuUsage(cpuBefore);
  const { rss: rssBytes, heapTotal, heapUsed, external } = process.memoryUsage();
  const mb = (bytes: number) => round(bytes / 1e6, 0);
  const at = (phase: BuildProgress['phase']) => phaseStarts.get(phase);
  const buildStart = started + catchUpMs;
  const rowsStart = at('rows') ?? buildEnd;
  const catchUpStart = at('catch-up') ?? buildEnd;
  return {
    parts,
    complete,
    totalMs: buildEnd - started,
    phases: {
      catchUpMs,
      keysMs: rowsStart - buildStart,
      rowsMs: catchUpStart - rowsStart,
      buildCatchUpMs: buildEnd - catchUpStart,
      buildMs: buildEnd - buildStart,
    },
    catchUpStall,
    buildStall,
    cpuMs: (cpu.user + cpu.system) / 1000,
    memory: { rss: mb(rssBytes), heapTotal: mb(heapTotal), heapUsed: mb(heapUsed), external: mb(external) },
    otherCpuShare: otherCpu(),
    peakRssMiB: rss.peak().mib,
  };
}

/** The rebuild's figures beside the ceiling of reading the log, with the targets: 20,000 events/s required, 50,000 aimed at. */
export function rebuildResult(rebuild: Rebuild, events: number, ceiling: LogRead): Result {
  const { phases } = rebuild;
  const rate = (events / rebuild.totalMs) * 1000;
  const s = (ms: number) => `${round(ms / 1000, 1)} s`;
  const notes = [
    `rebuild = a fresh read-model file until every view is live: readModel.start() + catchUp() (entities and the ` +
      `development history, ${s(phases.catchUpMs)}), then parts.ready() (buildViews: keying every version ` +
      `${s(phases.keysMs)}, folding every key ${s(phases.rowsMs)}, applying what arrived meanwhile ` +
      `${s(phases.buildCatchUpMs)}; ${s(phases.buildMs)} in all)`,
    `ceiling: reading the ${ceiling.events} events through the store port (readAll pages of 500, as the subscription ` +
      `reads; the port parses each event's JSON) took ${s(ceiling.ms)}, ${Math.round(ceiling.eventsPerSec)} events/s; ` +
      `the rebuild runs at ${round((rate / ceiling.eventsPerSec) * 100, 1)} % of it`,
    `rebuild rate: ${Math.round(rate)} events/s against ${REQUIRED_RATE} required and ${AIMED_RATE} aimed at; this ` +
      `process used ${s(rebuild.cpuMs)} of CPU in the ${s(rebuild.totalMs)} rebuild; other processes used ` +
      `${Math.round(rebuild.otherCpuShare * 100)} % of the machine's CPU meanwhile`,
    `event loop: a 10 ms timer was late by up to ${round(rebuild.catchUpStall.ms, 0)} ms during the developments' ` +
      `catch-up (the process used ${round(rebuild.catchUpStall.cpuMs, 0)} ms of CPU in that gap) and ` +
      `${round(rebuild.buildStall.ms, 0)} ms during the view build (${round(rebuild.buildStall.cpuMs, 0)} ms of CPU)`,
    `memory once the views were live (MB): rss ${rebuild.memory.rss}, V8 heap ${rebuild.memory.heapTotal} ` +
      `(${rebuild.memory.heapUsed} used), external ${rebuild.memory.external}; the rest of the resident set is native: ` +
      'mostly the two SQLite page caches (event store and read model)',
  ];
  if (!rebuild.complete) notes.push('rebuild stopped at its budget: the views are not live, so nothing was queried');
  return {
    figures: {
      rebuildMs: round(rebuild.totalMs, 0),
      rebuildEventsPerSec: round(rebuild.complete ? rate : 0, 0),
      logCeilingEventsPerSec: round(ceiling.eventsPerSec, 0),
      rebuildToCeilingRatio: round(rate / ceiling.eventsPerSec, 3),
      catchUpMs: round(phases.catchUpMs, 0),
      buildKeysMs: round(phases.keysMs, 0),
      buildRowsMs: round(phases.rowsMs, 0),
      buildCatchUpMs: round(phases.buildCatchUpMs, 0),
      rebuildCpuMs: round(rebuild.cpuMs, 0),
      rebuildOtherCpuShare: round(rebuild.otherCpuShare, 2),
      rebuildPeakRssMB: round(rebuild.peakRssMiB * 1.048576, 0),
      catchUpEventLoopMaxStallMs: round(rebuild.catchUpStall.ms, 0),
      buildEventLoopMaxStallMs: round(rebuild.buildStall.ms, 0),
    },
    targets: {
      rebuildEventsPerSec: { value: REQUIRED_RATE, op: '>=' },
      rebuildPeakRssMB: { value: 500, op: '<=' },
      catchUpEventLoopMaxStallMs: { value: 50, op: '<=' },
      buildEventLoopMaxStallMs: { value: 50, op: '<=' },
    },
    notes,
  };
}
