import type Database from 'better-sqlite3';
import { selectRows } from '../../src/views/view-rows.js';
import { FIRST_DAY, LAST_DAY } from './temporal-log.js';
import { isoDay } from './edtf-text.js';
import type { SeededRandom } from './seeded-random.js';

export interface AsOfQuery {
  asOf: string;
  country: string;
}

export interface TimedQueries {
  latenciesMs: number[];
  /** Rows answered per query, in the order of the queries. */
  rowCounts: number[];
}

/** Per view: how many keys it has, and how many developments the largest key is made of. */
export function keySizes(db: Database.Database): { view: string; keys: number; meanMembers: number; maxMembers: number }[] {
  return db.prepare<[], { view: string; keys: number; meanMembers: number; maxMembers: number }>(
    `SELECT (SELECT name FROM view_defs d WHERE d.vw = m.vw) AS view, count(*) AS keys, avg(n) AS meanMembers, max(n) AS maxMembers
     FROM (SELECT vw, key, count(*) AS n FROM view_members WHERE recorded_to IS NULL GROUP BY vw, key) m GROUP BY vw ORDER BY view`).all();
}

/** The candidate countries that have at least one row (at any time) in the view. */
export function populatedCountries(db: Database.Database, vw: number, candidates: readonly string[]): string[] {
  const any = db.prepare<[number, string], { found: number }>('SELECT 1 AS found FROM view_refs WHERE vw = ? AND ref = ? LIMIT 1');
  return candidates.filter((c) => any.get(vw, `country:${c}`) !== undefined);
}

/** Queries with a country drawn uniformly from `countries` and a day drawn uniformly from the timeline. */
export function randomQueries(random: SeededRandom, countries: readonly string[], count: number): AsOfQuery[] {
  return Array.from({ length: count }, () => ({ asOf: isoDay(random.int(FIRST_DAY, LAST_DAY)), country: random.pick(countries) }));
}

/** Times `selectRows` (the lookup behind `GET /state/{view}`) for each query, one at a time, until the budget is spent. */
export function timeQueries(db: Database.Database, vw: number, queries: readonly AsOfQuery[], limit: number, budgetMs = Infinity): TimedQueries {
  const result: TimedQueries = { latenciesMs: [], rowCounts: [] };
  const deadline = performance.now() + budgetMs;
  for (const { asOf, country } of queries) {
    if (performance.now() > deadline) break;
    const started = performance.now();
    const rows = selectRows(db, vw, { asOf, country, limit });
    result.latenciesMs.push(performance.now() - started);
    result.rowCounts.push(rows.length);
  }
  return result;
}
