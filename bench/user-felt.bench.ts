import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from '../src/store/sqlite/sqlite-event-store.js';
import type { Benchmark, Result, Target } from './support/benchmark.js';
import { checkpointFile, databaseBytes } from './support/database-size.js';
import { untilEveryViewAnswers, type ViewsAnswering } from './support/every-view.js';
import { percentile, round } from './support/latency.js';
import { type LogRead, readWholeLog } from './support/log-ceiling.js';
import { startOthersCpuMeter } from './support/others-cpu.js';
import { scaled, sizeLabel } from './support/scale.js';
import { withTempDir } from './support/temp-dir.js';
import { describeTypes, USER_AS_OF, UserLog, type UserLogStats } from './support/user-log.js';
import { type CommandRun, runCli, UserService } from './support/user-processes.js';

const DEFAULT_DEVELOPMENTS = 15_000;
/**
 * Each phase's time limit up to 100,000 developments: past it the phase is stopped and reported, and
 * the run goes on. A larger log gives each phase twice as many times longer as it is larger (a
 * million developments: 20 times), the build not being linear in the log at that size.
 */
const BASE_BUDGET_MS = { import: 90_000, firstStart: 60_000, rebuild: 60_000, warmStart: 30_000, queries: 45_000 };
const REQUIRED_RATE = 20_000;
const P99_TARGET_MS = 20;
const SIZE_RATIO_TARGET = 3;
const WARM_UP = 20;
const REQUESTS = 200;
/** The date every view is polled at while the service starts: later than anything in the log. */
const POLL_AS_OF = '2030-01-01';
const CEILING_PASSES = 3;
const READ_MODEL_FILES = ['read-model.db', 'read-model.db-wal', 'read-model.db-shm'];

/**
 * `BENCH_USER_N` developments when set, else 15,000 times `BENCH_SCALE`. `BENCH_USER_ONLY=import`
 * measures the import alone (at a million developments the whole run takes more than an hour).
 */
function logSize(): number {
  const raw = process.env.BENCH_USER_N;
  if (raw === undefined || raw.trim() === '') return scaled(DEFAULT_DEVELOPMENTS, 1_000);
  const size = Number(raw);
  if (!Number.isInteger(size) || size < 1_000) {
    throw new RangeError(`BENCH_USER_N must be an integer of at least 1000, got "${raw}"`);
  }
  return size;
}

function budgetsFor(size: number): typeof BASE_BUDGET_MS {
  const factor = size <= 100_000 ? 1 : (2 * size) / 100_000;
  const scale = (ms: number) => Math.round(ms * factor);
  return {
    import: scale(BASE_BUDGET_MS.import),
    firstStart: scale(BASE_BUDGET_MS.firstStart),
    rebuild: scale(BASE_BUDGET_MS.rebuild),
    warmStart: scale(BASE_BUDGET_MS.warmStart),
    queries: scale(BASE_BUDGET_MS.queries),
  };
}

function say(message: string): void {
  process.stderr.write(`[user-felt] ${message}\n`);
}

const s = (ms: number) => `${round(ms / 1000, 2)} s`;
const pct = (share: number) => `${Math.round(share * 100)} %`;
const loads = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' / ');

/** The latency queries, by figure name: the hot country's plants and footprint, the hot organisation's plants. */
const QUERIES = ['facilitiesHotCountry', 'footprintHotCountry', 'facilitiesHotOrganisation'] as const;
/** Readings that fold rows again when asked, timed beside /health. */
const HEAVY_READINGS = ['footprintPublished', 'footprintKnownAt', 'footprintSeriesPublished'] as const;
const HEALTH_MAX_MS = 250;
const RATE: Target = { value: REQUIRED_RATE, op: '>=' };
const P99: Target = { value: P99_TARGET_MS, op: '<=' };

/**
 * Figures, targets and notes as the phases add them. Every figure with a target is there from the
 * start as NaN, which the report calls missing, until its phase measures it.
 */
class Report {
  readonly figures: Record<string, number> = {};
  readonly targets: Record<string, Target> = {
    importDevelopmentsPerSec: RATE,
    firstStartDevelopmentsPerSec: RATE,
    rebuildDevelopmentsPerSec: RATE,
    ...Object.fromEntries(QUERIES.map((q) => [`${q}P99Ms`, P99])),
    readModelToLogRatio: { value: SIZE_RATIO_TARGET, op: '<=' },
    ...Object.fromEntries(HEAVY_READINGS.map((q) => [`${q}HealthMaxMs`, { value: HEALTH_MAX_MS, op: '<=' } as Target])),
    firstStartReadyAheadOfViewsMs: { value: 0, op: '<=' },
    firstStartFootprintAheadOfViewsMs: { value: 0, op: '<=' },
    importRejected: { value: 0, op: '<=' },
  };
  readonly notes: string[] = [];

  constructor() {
    for (const name of Object.keys(this.targets)) this.figures[name] = Number.NaN;
  }

  figure(name: string, value: number | undefined, digits = 0): void {
    this.figures[name] = value === undefined || !Number.isFinite(value) ? Number.NaN : round(value, digits);
  }

  /** A rate of the log's developments over a phase's wall time, and its ratio to the ceiling's rate. */
  rate(name: string, developments: number, ms: number | undefined, ceiling: LogRead | undefined): void {
    const perSec = ms === undefined ? undefined : (developments / ms) * 1000;
    this.figure(`${name}DevelopmentsPerSec`, perSec);
    this.figure(`${name}ToCeilingRatio`, ms === undefined || !ceiling ? undefined : ceiling.ms / ms, 3);
  }
}

/** The CLI's summary line: `accepted N, duplicate N, rejected N`. */
function importSummary(run: CommandRun): { accepted: number; duplicate: number; rejected: number } | undefined {
  const match = /accepted (\d+), duplicate (\d+), rejected (\d+)/.exec(run.stdout);
  return match ? { accepted: Number(match[1]), duplicate: Number(match[2]), rejected: Number(match[3]) } : undefined;
}

function describeFailure(run: CommandRun, budgetMs: number): string {
  if (run.timedOut) return `ran out of its ${budgetMs / 1000} s budget and was killed`;
  return `exited with code ${run.code}${run.signal ? ` (${run.signal})` : ''}: ${run.stderr.trim().slice(-600)}`;
}

/** The read model's and the log's bytes after moving each WAL into its file (nothing else has them open). */
function sizes(dataDir: string): { readModel: number; log: number } {
  const readModel = join(dataDir, 'read-model.db');
  const log = join(dataDir, 'events.db');
  checkpointFile(log);
  if (existsSync(readModel)) checkpointFile(readModel);
  return { readModel: existsSync(readModel) ? databaseBytes(readModel) : Number.NaN, log: databaseBytes(log) };
}

/** The read-and-parse ceiling of the log: the best of a few passes of readWholeLog, the service stopped. */
async function ceilingOf(dataDir: string): Promise<{ best: LogRead; passes: LogRead[] }> {
  const store = new SqliteEventStore(join(dataDir, 'events.db'));
  try {
    const passes: LogRead[] = [];
    for (let i = 0; i < CEILING_PASSES; i += 1) passes.push(await readWholeLog(store));
    return { best: passes.reduce((a, b) => (b.ms < a.ms ? b : a)), passes };
  } finally {
    await store.close();
  }
}

/** Runs a service phase, stopping the service whatever happens. */
async function withService<T>(dataDir: string, work: (service: UserService) => Promise<T>): Promise<T> {
  const service = await UserService.start(dataDir);
  try {
    return await work(service);
  } finally {
    await service.stop();
  }
}

function describeStart(label: string, answering: ViewsAnswering): string {
  const byView = Object.entries(answering.viewMs)
    .sort(([, a], [, b]) => a - b)
    .map(([view, ms]) => `${view} ${s(ms)}`)
    .join(', ');
  const missing = answering.views.filter((v) => answering.viewMs[v] === undefined);
  return (
    `${label}: listening after ${answering.listeningMs === undefined ? '-' : s(answering.listeningMs)}, ` +
    `/health/ready 200 after ${answering.readyMs === undefined ? 'never' : s(answering.readyMs)}, every view 200 ` +
    `after ${answering.allViewsMs === undefined ? 'never' : s(answering.allViewsMs)} (${answering.rounds} round(s) of ` +
    `polling every 25 ms; each view's first 200: ${byView || 'none'}${missing.length > 0 ? `; never: ${missing.join(', ')}` : ''}); ` +
    `views named by ${answering.viewsFrom}: ${answering.views.join(', ')}`
  );
}

interface Timed {
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  rows: number;
  bytes: number;
  requests: number;
  timedOut: boolean;
}

/** `REQUESTS` sequential GETs after `WARM_UP` uncounted ones, each timed from the request to its whole body. */
async function timeRequests(baseUrl: string, path: string, deadline: number): Promise<Timed> {
  const samples: number[] = [];
  let rows = 0;
  let bytes = 0;
  for (let i = 0; i < WARM_UP + REQUESTS; i += 1) {
    if (performance.now() > deadline) break;
    const started = performance.now();
    const response = await fetch(`${baseUrl}${path}`);
    const body = await response.text();
    const ms = performance.now() - started;
    if (response.status !== 200) throw new Error(`GET ${path} answered ${response.status}: ${body.slice(0, 300)}`);
    if (i < WARM_UP) continue;
    samples.push(ms);
    rows = (JSON.parse(body) as { rows: unknown[] }).rows.length;
    bytes = Buffer.byteLength(body);
  }
  return {
    p50Ms: percentile(samples, 50),
    p99Ms: percentile(samples, 99),
    maxMs: Math.max(...samples),
    rows,
    bytes,
    requests: samples.length,
    timedOut: samples.length < REQUESTS,
  };
}

/** Pages through a view query (500 rows a page) and keeps the rows `keep` accepts. */
async function allRows(
  baseUrl: string,
  path: string,
  keep: (value: Record<string, unknown>) => boolean,
): Promise<Record<string, unknown>[]> {
  const kept: Record<string, unknown>[] = [];
  let cursor: string | undefined;
  do {
    const url = `${baseUrl}${path}&limit=500${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const response = await fetch(url);
    if (response.status !== 200) throw new Error(`GET ${path} answered ${response.status}`);
    const page = (await response.json()) as { rows: { value: Record<string, unknown> }[]; nextCursor?: string };
    kept.push(...page.rows.map((r) => r.value).filter(keep));
    cursor = page.nextCursor;
  } while (cursor);
  return kept;
}

function describeLog(stats: UserLogStats, file: string): string[] {
  return [
    `N = ${stats.developments} developments (${describeTypes(stats.byType)}) after ${stats.entities} entity records ` +
      `(the synthetic world's organisations and governments), one JSON Lines file of ${round(stats.bytes / 1e6, 1)} MB ` +
      `(${file.split('/').at(-1)}), developments in valid-time order, no corrections (the import takes none)`,
    `hot key: ${stats.hotOrganisation} has ${stats.hotPlants} plants in ${stats.hotCountry} (${stats.hotDevelopments} ` +
      `developments: announcements, construction starts, openings, a few closures); by ${USER_AS_OF} ` +
      `${stats.hotPlantsByAsOf} were announced and ${stats.hotPlantsPresentByAsOf} being built or operating`,
  ];
}

/**
 * What a user feels, end to end, on real processes of the built service: `timeline import` of a
 * JSON Lines file into a fresh data directory; a first start of the service without a read model
 * until every view answers; `timeline rebuild`; the read model's size; the latency of the hot
 * country's and the hot organisation's queries; each rate beside the ceiling of reading the log.
 */
async function userFelt(): Promise<Result> {
  const size = logSize();
  const BUDGET_MS = budgetsFor(size);
  const loadAtStart = loads();
  const othersCpu = startOthersCpuMeter();
  const report = new Report();
  const phaseCpu: string[] = [];
  /** Runs a phase with the share of the CPU other processes used meanwhile. */
  const phase = async <T>(name: string, work: () => Promise<T>): Promise<T> => {
    say(name);
    const meter = startOthersCpuMeter();
    try {
      return await work();
    } finally {
      const cpu = meter();
      phaseCpu.push(`${name} ${pct(cpu.othersShare)} (the bench and its processes ${pct(cpu.ownShare)})`);
    }
  };
  const result = await withTempDir('user-felt', async (dir) => {
    const file = join(dir, 'developments.jsonl');
    const dataDir = join(dir, 'data');
    mkdirSync(dataDir);
    const log = new UserLog(size);
    say(`writing ${size} developments to ${file}`);
    const stats = await log.write(file);
    report.notes.push(...describeLog(stats, file));
    const n = stats.developments;

    // 1. timeline import into the fresh data directory.
    const imported = await phase('import', () => runCli(dataDir, ['import', file], BUDGET_MS.import));
    const summary = importSummary(imported);
    const importOk = !imported.timedOut && summary !== undefined;
    report.figure('importMs', importOk ? imported.ms : undefined);
    report.figure('importRejected', summary ? summary.rejected : undefined);
    report.notes.push(
      importOk
        ? `import: \`timeline import ${file.split('/').at(-1)}\` took ${s(imported.ms)} from spawn to exit (exit code ` +
            `${imported.code}): accepted ${summary.accepted}, duplicate ${summary.duplicate}, rejected ${summary.rejected}` +
            `${summary.rejected > 0 ? `: ${imported.stdout.split('\n').slice(1, 4).join(' ').trim()}` : ''}`
        : `import ${describeFailure(imported, BUDGET_MS.import)}`,
    );
    if (!importOk) {
      report.rate('import', n, undefined, undefined);
      return report;
    }
    const afterImport = sizes(dataDir);
    report.figure('importReadModelToLogRatio', afterImport.readModel / afterImport.log, 2);

    // 6. The ceiling: reading and parsing the whole log through the store port, nothing else running.
    const ceiling = await phase('ceiling', () => ceilingOf(dataDir));
    report.figure('ceilingDevelopmentsPerSec', (n / ceiling.best.ms) * 1000);
    report.notes.push(
      `ceiling: readWholeLog (readAll pages of 500, each event's JSON parsed) over the ${ceiling.best.events} events ` +
        `of events.db, service stopped: best of ${CEILING_PASSES} passes ${s(ceiling.best.ms)} ` +
        `(${ceiling.passes.map((p) => s(p.ms)).join(', ')}), i.e. ${Math.round((n / ceiling.best.ms) * 1000)} of the ` +
        `log's developments a second; each *ToCeilingRatio is that time over the phase's`,
    );
    report.rate('import', n, imported.ms, ceiling.best);
    if (process.env.BENCH_USER_ONLY === 'import') {
      report.notes.push('BENCH_USER_ONLY=import: the import alone was measured; every other figure is missing');
      return report;
    }

    // 2. First start without a read model, until every view answers.
    for (const name of READ_MODEL_FILES) rmSync(join(dataDir, name), { force: true });
    const first = await phase('first start without read-model.db', () =>
      withService(dataDir, (service) => untilEveryViewAnswers(service, POLL_AS_OF, BUDGET_MS.firstStart)),
    );
    report.figure('firstStartAllViewsMs', first.allViewsMs);
    report.rate('firstStart', n, first.allViewsMs, ceiling.best);
    report.figure('firstStartReadyMs', first.readyMs);
    const readyAhead = first.readyAhead ? (first.allViewsMs ?? BUDGET_MS.firstStart) - first.readyAhead.atMs : 0;
    report.figure('firstStartReadyAheadOfViewsMs', readyAhead);
    report.notes.push(
      `${describeStart('first start (read-model.db, -wal, -shm deleted; from spawn of node dist/src/main.js)', first)}` +
        `${first.timedOut ? `; ran out of its ${BUDGET_MS.firstStart / 1000} s budget` : ''}`,
    );
    const footprintAhead = first.derivedAhead
      ? (first.allViewsMs ?? BUDGET_MS.firstStart) - first.derivedAhead.atMs
      : 0;
    report.figure('firstStartFootprintAheadOfViewsMs', footprintAhead);
    if (first.derivedAhead)
      report.notes.push(
        `FINDING: the footprint answered 200 at ${s(first.derivedAhead.atMs)} with ${first.derivedAhead.rows} row(s) ` +
          `as of ${POLL_AS_OF} (limit=1) while ${first.derivedAhead.views.join(', ')}, for ${s(footprintAhead)} until ` +
          `every view answered (${first.derivedAheadRounds} polling rounds): derived from views not yet built, it ` +
          'says that no one is present anywhere instead of answering 503 as they do',
      );
    if (first.readyAhead)
      report.notes.push(
        `FINDING: /health/ready answered 200 at ${s(first.readyAhead.atMs)} while ${first.readyAhead.views.join(', ')} ` +
          `(${first.readyAheadRounds} polling rounds said ready while some view did not answer 200): readiness must ` +
          'say ready only once every view answers',
      );

    // 3. timeline rebuild, the service stopped.
    const rebuilt = await phase('rebuild', () => runCli(dataDir, ['rebuild'], BUDGET_MS.rebuild));
    const rebuildOk = !rebuilt.timedOut && rebuilt.code === 0;
    report.figure('rebuildMs', rebuildOk ? rebuilt.ms : undefined);
    report.rate('rebuild', n, rebuildOk ? rebuilt.ms : undefined, ceiling.best);
    report.notes.push(
      rebuildOk
        ? `rebuild: \`timeline rebuild\` (every view) took ${s(rebuilt.ms)} from spawn to exit`
        : `rebuild ${describeFailure(rebuilt, BUDGET_MS.rebuild)}`,
    );

    // 5. Sizes, everything stopped.
    const built = sizes(dataDir);
    report.figure('readModelMB', built.readModel / 1e6, 1);
    report.figure('logMB', built.log / 1e6, 1);
    report.figure('readModelToLogRatio', built.readModel / built.log, 2);
    report.notes.push(
      `sizes after the rebuild, each file with its WAL after wal_checkpoint(TRUNCATE): read-model.db ` +
        `${round(built.readModel / 1e6, 1)} MB, events.db ${round(built.log / 1e6, 1)} MB; as the import left it the ` +
        `read model was ${round(afterImport.readModel / 1e6, 1)} MB`,
    );

    // 4. Latency of the hot queries on the built read model.
    await phase('queries on the built read model', () =>
      withService(dataDir, async (service) => {
        const warm = await untilEveryViewAnswers(service, POLL_AS_OF, BUDGET_MS.warmStart);
        report.figure('warmStartAllViewsMs', warm.allViewsMs);
        report.notes.push(describeStart('start on the built read model', warm));
        const queries: Record<(typeof QUERIES)[number], string> = {
          facilitiesHotCountry: `/state/facilities?asOf=${USER_AS_OF}&country=${stats.hotCountry}`,
          footprintHotCountry: `/state/footprint?asOf=${USER_AS_OF}&country=${stats.hotCountry}`,
          facilitiesHotOrganisation: `/state/facilities?asOf=${USER_AS_OF}&subject=${stats.hotOrganisation}`,
        };
        const deadline = performance.now() + BUDGET_MS.queries;
        const described: string[] = [];
        for (const [name, path] of Object.entries(queries)) {
          if (warm.allViewsMs === undefined) break;
          const timed = await timeRequests(service.baseUrl, path, deadline);
          report.figure(`${name}P50Ms`, timed.p50Ms, 2);
          report.figure(`${name}P99Ms`, timed.timedOut ? undefined : timed.p99Ms, 2);
          described.push(
            `${name} GET ${path}: ${timed.requests} timed, p50 ${round(timed.p50Ms, 2)} ms, p99 ${round(timed.p99Ms, 2)} ms, ` +
              `max ${round(timed.maxMs, 1)} ms, ${timed.rows} rows (default page) in ${round(timed.bytes / 1024, 1)} KiB` +
              `${timed.timedOut ? `; stopped at the ${BUDGET_MS.queries / 1000} s budget` : ''}`,
          );
        }
        report.notes.push(
          `latency: ${REQUESTS} sequential requests per query after ${WARM_UP} uncounted, one keep-alive client ` +
            `(fetch), each from the request to the whole body; as of ${USER_AS_OF}; ${described.join('; ')}`,
        );
        if (warm.allViewsMs === undefined) return;
        // Long readings (another transaction time, the publication axis) beside /health: each must give way.
        const knownAt = new Date().toISOString();
        const heavy: Record<(typeof HEAVY_READINGS)[number], string> = {
          footprintPublished: `/state/footprint?asOf=${USER_AS_OF}&publishedBy=${USER_AS_OF}`,
          footprintKnownAt: `/state/footprint?asOf=${USER_AS_OF}&knownAt=${knownAt}`,
          footprintSeriesPublished: `/state/footprint/series?from=2020&to=${USER_AS_OF}&step=year&publishedBy=${USER_AS_OF}`,
        };
        const beside: string[] = [];
        for (const [name, path] of Object.entries(heavy)) {
          const read = await besideHealth(service.baseUrl, path);
          report.figure(`${name}HealthMaxMs`, read.healthMaxMs, 1);
          report.figure(`${name}Ms`, read.ms, 0);
          beside.push(
            `${name} GET ${path}: ${read.status} in ${s(read.ms)} (${round(read.bytes / 1024, 1)} KiB); /health asked ` +
              `${read.healthAsked} times meanwhile, max ${round(read.healthMaxMs, 1)} ms`,
          );
        }
        report.notes.push(`long readings beside /health (target: /health max <= 250 ms): ${beside.join('; ')}`);
        const hot = (v: Record<string, unknown>) => v.owner === stats.hotOrganisation && v.country === stats.hotCountry;
        const plants = await allRows(
          service.baseUrl,
          `/state/facilities?asOf=${USER_AS_OF}&subject=${stats.hotOrganisation}&country=${stats.hotCountry}`,
          hot,
        );
        report.figure('hotPlantsAsOf', plants.length);
        const present = plants.filter((p) => p.status === 'under-construction' || p.status === 'operating').length;
        report.notes.push(
          `the facilities view shows ${plants.length} facilities of the hot organisation in ${stats.hotCountry} as of ` +
            `${USER_AS_OF}, ${present} being built or operating (the log has ${stats.hotPlantsByAsOf} hot plants ` +
            `announced by then, ${stats.hotPlantsPresentByAsOf} being built or operating; any more are facilities of ` +
            'the rest of the log that the organisation happens to own there)',
        );
      }),
    );
    return report;
  });

  const cpu = othersCpu();
  result.figure('otherProcessesCpuShare', cpu.othersShare, 2);
  result.notes.push(
    `load average (1/5/15 min) at start ${loadAtStart}, at end ${loads()}; other processes used ` +
      `${pct(cpu.othersShare)} of the machine's CPU over the run (the bench, the CLI and the service ${pct(cpu.ownShare)}` +
      `${cpu.childrenCounted ? '' : '; the child processes could not be told apart and count as other'}); by phase: ` +
      `${phaseCpu.join(', ')}. The record's otherCpuShare counts the bench's own child processes as other work`,
  );
  return { figures: result.figures, targets: result.targets, notes: result.notes, variant: sizeLabel(size) };
}

export const userFeltBenchmarks: Benchmark[] = [{ name: 'engine.user-felt', run: userFelt }];

/** One request, with /health asked one at a time beside it until it has been answered; the slowest /health. */
async function besideHealth(
  baseUrl: string,
  path: string,
): Promise<{ status: number; ms: number; bytes: number; healthMaxMs: number; healthAsked: number }> {
  let done = false;
  const started = performance.now();
  const reading = fetch(`${baseUrl}${path}`).then(async (response) => {
    const bytes = (await response.arrayBuffer()).byteLength;
    done = true;
    return { status: response.status, ms: performance.now() - started, bytes };
  });
  let healthMaxMs = 0;
  let healthAsked = 0;
  while (!done) {
    const asked = performance.now();
    await (await fetch(`${baseUrl}/health`)).arrayBuffer();
    healthMaxMs = Math.max(healthMaxMs, performance.now() - asked);
    healthAsked++;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return { ...(await reading), healthMaxMs, healthAsked };
}
