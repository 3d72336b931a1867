import type Database from 'better-sqlite3';
import { GetState, GetStateHandler, type StatePage } from '../../src/views/state.query.js';
import type { StateQueryDto } from '../../src/views/state-query.dto.js';
import type { ViewEngine } from '../../src/views/build/view-engine.js';
import type { ViewReader } from '../../src/views/read/view-reader.js';
import { servingView } from '../../src/views/read/view-rows.js';
import type { Result } from './benchmark.js';
import { isoDay } from './edtf-text.js';
import { percentile, round } from './latency.js';
import { logPhase } from './progress.js';
import type { SeededRandom } from './seeded-random.js';
import type { SyntheticWorld } from './synthetic-world.js';
import { FIRST_DAY, LAST_DAY } from './temporal-log.js';

export interface AsOfQuery {
  view: string;
  asOf: string;
  country?: string;
  subject?: string;
}

export interface TimedQueries {
  latenciesMs: number[];
  /** CPU time the process spent on each query: the latency without waiting for a core other processes hold. */
  cpuMs: number[];
  /** Rows answered per query, in the order of the queries. */
  rowCounts: number[];
}

interface KeySize {
  view: string;
  keys: number;
  meanMembers: number;
  maxMembers: number;
}

/** Per view: how many keys it has, and how many developments the largest key is made of. */
export function keySizes(db: Database.Database): KeySize[] {
  return db
    .prepare<[], KeySize>(
      `SELECT (SELECT name FROM view_defs d WHERE d.vw = m.vw) AS view, count(*) AS keys, avg(n) AS meanMembers,
       max(n) AS maxMembers
     FROM (SELECT vw, key, count(*) AS n FROM view_members WHERE recorded_to IS NULL GROUP BY vw, key) m
     GROUP BY vw ORDER BY view`,
    )
    .all();
}

/** The candidate countries that have at least one current row (at any valid time) in the view. */
export function populatedCountries(db: Database.Database, vw: number, candidates: readonly string[]): string[] {
  const any = db.prepare<[number, string], { found: number }>(
    'SELECT 1 AS found FROM view_refs WHERE vw = ? AND ref = ? LIMIT 1',
  );
  return candidates.filter((c) => any.get(vw, `country:${c}`) !== undefined);
}

/** The country with the most current placements: the largest answer the footprint gives by country. */
export function largestFootprintCountry(db: Database.Database): { country: string; placements: number } {
  return db
    .prepare<[], { country: string; placements: number }>(
      'SELECT country, count(*) AS placements FROM view_placements GROUP BY country ORDER BY placements DESC LIMIT 1',
    )
    .get()!;
}

/** Queries of one view, each with a day drawn uniformly from the timeline and the filter `pick` gives. */
export function randomQueries(
  random: SeededRandom,
  view: string,
  count: number,
  pick: () => Omit<AsOfQuery, 'view' | 'asOf'>,
): AsOfQuery[] {
  return Array.from({ length: count }, () => ({ view, asOf: isoDay(random.int(FIRST_DAY, LAST_DAY)), ...pick() }));
}

/**
 * Asks the view as `GET /state/{view}?asOf&country|subject&limit` does (the query handler behind
 * the route, which reads through `ViewReader.page`), one query at a time, until the budget is spent.
 */
export async function timeQueries(
  reader: ViewReader,
  queries: readonly AsOfQuery[],
  limit: number,
  budgetMs = Infinity,
): Promise<TimedQueries> {
  const handler = new GetStateHandler(reader);
  const result: TimedQueries = { latenciesMs: [], cpuMs: [], rowCounts: [] };
  const deadline = performance.now() + budgetMs;
  for (const query of queries) {
    if (performance.now() > deadline) break;
    const cpu = process.cpuUsage();
    const started = performance.now();
    const page = await ask(handler, query, limit);
    result.latenciesMs.push(performance.now() - started);
    result.cpuMs.push(cpuMsSince(cpu));
    result.rowCounts.push(page.rows.length);
  }
  return result;
}

export function cpuMsSince(before: NodeJS.CpuUsage): number {
  const { user, system } = process.cpuUsage(before);
  return (user + system) / 1000;
}

export function ask(handler: GetStateHandler, query: AsOfQuery, limit: number): Promise<StatePage> {
  const { view, asOf, country, subject } = query;
  const filters: StateQueryDto = { asOf, limit, ...(country ? { country } : {}), ...(subject ? { subject } : {}) };
  return handler.execute(new GetState(view, filters));
}

const QUERIES_PER_VIEW = 500;
const HOT_QUERIES = 100;
const WARM_UP_QUERIES = 20;
export const QUERY_LIMIT = 100;
const QUERY_BUDGET_MS = 60_000;

interface QueryPlan {
  figure: string;
  queries: AsOfQuery[];
  describe: string;
}

/**
 * As-of queries per view by country, then the hardest footprint answers: the largest country and
 * the hot organisation (everywhere, and in its home country), and its facilities.
 */
export async function asOfQueries(
  db: Database.Database,
  engine: ViewEngine,
  reader: ViewReader,
  world: SyntheticWorld,
  random: SeededRandom,
): Promise<{ result: Result; byCountry: AsOfQuery[] }> {
  const sizes = keySizes(db).map(
    (k) =>
      `${k.view} ${k.keys} keys, ${round(k.meanMembers, 1)} developments per key on average, ${k.maxMembers} at most`,
  );
  const result: Result = {
    figures: {},
    targets: {},
    notes: [
      `view keys: ${sizes.join('; ')}`,
      'as-of and series figures: P99Ms is the wall time, P99CpuMs the CPU time this process spent on the query (the ' +
        'same query without waiting for a core that other processes hold; all its threads count, GC helpers included, ' +
        'so it can exceed the wall time)',
    ],
  };
  const largest = largestFootprintCountry(db);
  const hot = world.hotOrganisation;
  const byDay = (view: string, count: number, pick: () => Omit<AsOfQuery, 'view' | 'asOf'>) =>
    randomQueries(random, view, count, pick);
  const hotQueries = (view: string, filter: Omit<AsOfQuery, 'view' | 'asOf'>) => byDay(view, HOT_QUERIES, () => filter);
  const plans: QueryPlan[] = [...engine.projections.map((p) => p.name), 'footprint'].map((view) => {
    // Footprint rows are found through the placements: a country is populated there when facilities has a row in it.
    const { vw } = servingView(engine, view === 'footprint' ? 'facilities' : view);
    const populated = populatedCountries(db, vw, world.countries);
    const queries = byDay(view, QUERIES_PER_VIEW, () => ({ country: random.pick(populated) }));
    return { figure: view, queries, describe: `over ${populated.length} populated countries` };
  });
  plans.push(
    {
      figure: 'footprintLargestCountry',
      queries: hotQueries('footprint', { country: largest.country }),
      describe: `country ${largest.country} (${largest.placements} current placements)`,
    },
    {
      figure: 'footprintHotOrganisation',
      queries: hotQueries('footprint', { subject: hot.ref }),
      describe: `subject ${hot.ref}`,
    },
    {
      figure: 'footprintHotKey',
      queries: hotQueries('footprint', { subject: hot.ref, country: hot.homeCountry }),
      describe: `subject ${hot.ref} in ${hot.homeCountry}`,
    },
    {
      figure: 'facilitiesHotOrganisation',
      queries: hotQueries('facilities', { subject: hot.ref }),
      describe: `subject ${hot.ref}`,
    },
  );
  for (const plan of plans) {
    await timeQueries(reader, plan.queries.slice(0, WARM_UP_QUERIES), QUERY_LIMIT);
    const { latenciesMs, cpuMs, rowCounts } = await timeQueries(reader, plan.queries, QUERY_LIMIT, QUERY_BUDGET_MS);
    const [p50, p99] = [percentile(latenciesMs, 50), percentile(latenciesMs, 99)];
    result.figures[`${plan.figure}AsOfP50Ms`] = round(p50, 3);
    result.figures[`${plan.figure}AsOfP99Ms`] = round(p99, 3);
    result.figures[`${plan.figure}AsOfP99CpuMs`] = round(percentile(cpuMs, 99), 3);
    result.targets[`${plan.figure}AsOfP99Ms`] = { value: 20, op: '<=' };
    const slowest = latenciesMs.indexOf(Math.max(...latenciesMs));
    const q = plan.queries[slowest]!;
    const meanRows = rowCounts.reduce((a, b) => a + b, 0) / rowCounts.length;
    const stopped =
      latenciesMs.length < plan.queries.length ? ` (stopped at the ${QUERY_BUDGET_MS / 1000} s budget)` : '';
    result.notes!.push(
      `${plan.figure}: ${latenciesMs.length} queries${stopped} ${plan.describe}, ${round(meanRows, 1)} ` +
        `rows each on average (limit ${QUERY_LIMIT}); slowest ${round(latenciesMs[slowest]!, 1)} ms ` +
        `(${q.country ?? q.subject}, asOf ${q.asOf}, ${rowCounts[slowest]} rows)`,
    );
    logPhase(`as-of ${plan.figure}: p50 ${round(p50, 2)} ms, p99 ${round(p99, 2)} ms`);
  }
  return { result, byCountry: plans[0]!.queries };
}
