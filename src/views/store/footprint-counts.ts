import type Database from 'better-sqlite3';
import { isPlanned } from '../../../projections/index.js';
import type { HomeCountry } from '../../filters/development-filter.js';
import { addEdges, transitions, type Edges, type PairPlacement } from '../engine/footprint-edges.js';
import type { KeyRow, RowChange } from '../engine/key-rows.js';
import { CHANGES_OF_GROUP, type GroupedChanges } from './count-changes.js';

/** A placement as the footprint's counts read it from `view_placements`. */
export interface PlacementRecord {
  valid_from: string | null;
  valid_to: string | null;
  certain_from: string | null;
  certain_to: string | null;
  planned: number;
}

export function pairPlacementOf(p: PlacementRecord): PairPlacement {
  return {
    validFrom: p.valid_from,
    validTo: p.valid_to,
    certainFrom: p.certain_from,
    certainTo: p.certain_to,
    planned: p.planned === 1,
  };
}

/** The placements a key's changes take away (-1) and add (+1), by pair. */
export type PairChanges = Map<string, { country: string; organisation: string; placements: [PairPlacement, 1 | -1][] }>;

const SERIES = ['possible', 'certain'] as const;
const COUNTED = ['present', 'planned'] as const;
/** Rows of the counts a recount takes away between two looks at the time. */
const CLEAR_STEP = 500;
/** How many placements of a pair a recount reads between two looks at the time. */
const SPLIT_CHECK = 256;
/**
 * What writing a row of the counts (an edge, a pair, a month's sum) is first taken to cost, in ms:
 * about 10 us at a million developments; each slice's writes then say what it costs.
 */
const FIRST_WRITE_MS = 0.01;
/** Weight of the last slice's writes in what a row is taken to cost, when it wrote WEIGHED_ROWS or more. */
const WRITE_WEIGHT = 0.3;
const WEIGHED_ROWS = 50;

/** A placement as a recount reads it, in the order of the placements' key. */
type RecountRow = PlacementRecord & {
  country: string;
  organisation: string;
  vw: number;
  key: string;
  rid: number;
  via: string;
};

/**
 * A pair a recount is reading: its edges summed up so far, in each series, and the last placement
 * read (vw, key, rid, via); the recount it belongs to (the views' key, the pair counted before it)
 * and what the file was at when its slice ended (`token`).
 */
interface PartialPair {
  key: string;
  country: string;
  organisation: string;
  after: [string, string] | undefined;
  edges: Record<(typeof SERIES)[number], Edges>;
  last: [number, string, number, string];
  token: string;
}

/**
 * The footprint's counts over time, kept as the placements change. For each pair (an organisation
 * in a country), `footprint_edges` holds by month how many of its placements begin and stop holding
 * in each series, presence and plans apart; from them the months the pair starts and stops being a
 * row (present, or only planned) follow, and `footprint_counts` sums those over every pair, in all,
 * by country and by origin (the organisation's home country when the pair was last counted, kept in
 * `footprint_pairs`). A change to a pair reads its edges, at most a few per month it has changed in,
 * however many placements it has. The counts are of the placements of the views named in
 * `footprint_counts_basis` (those that answered when they were made): only a write to one of those
 * changes them, and another set of views answering makes them again (`recountSome`). Whether they
 * are made, or being made again and how far, is kept in the file, so that every process writing to
 * it keeps what another is making.
 */
export class FootprintCounts {
  private readonly s;
  private parsed: { text: string; vws: Set<number> } | undefined;
  /** The placements a recount reads, for the views it is of: prepared once, not at each slice. */
  private recountRead:
    | {
        key: string;
        afterPair: Database.Statement<[string, string], RecountRow>;
        within: Database.Statement<[string, string, number, string, number, string], RecountRow>;
      }
    | undefined;
  /** The pair a recount's last slice stopped in, read up to a placement. */
  private partial: PartialPair | undefined;
  /** What writing a row of the counts costs, in ms, as the recount's last slices wrote them (a test sets it). */
  rowWriteMs = FIRST_WRITE_MS;

  constructor(
    private readonly db: Database.Database,
    private readonly homeCountry: HomeCountry,
  ) {
    this.s = {
      basis: db.prepare<[], BasisRow>(
        'SELECT vws, state, after_country, after_organisation FROM footprint_counts_basis WHERE id = 1',
      ),
      setBasis: db.prepare<[string, string, string | null, string | null]>(
        `INSERT INTO footprint_counts_basis (id, vws, state, after_country, after_organisation) VALUES (1, ?, ?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET vws = excluded.vws, state = excluded.state, after_country = excluded.after_country,
           after_organisation = excluded.after_organisation`,
      ),
      totalChanges: db.prepare<[], number>('SELECT total_changes()').pluck(),
      // Each table of the counts, by its key: whether it holds a row, and the next rows taken away.
      clear: (
        [
          ['footprint_edges', 'organisation, country, series, planned, month'],
          ['footprint_pairs', 'organisation, country'],
          ['footprint_counts', 'series, counted, dimension, grp, month'],
        ] as const
      ).map(([table, key]) => ({
        any: db.prepare(`SELECT 1 FROM ${table} LIMIT 1`),
        some: db.prepare(`DELETE FROM ${table} WHERE (${key}) IN (SELECT ${key} FROM ${table} LIMIT ${CLEAR_STEP})`),
      })),
      placementsOfRid: db.prepare<[number], PlacementRecord & { country: string; organisation: string }>(
        `SELECT country, organisation, valid_from, valid_to, certain_from, certain_to, planned
         FROM view_placements WHERE rid = ?`,
      ),
      edgesOfPair: db.prepare<[string, string], { series: string; planned: number; month: string; delta: number }>(
        'SELECT series, planned, month, delta FROM footprint_edges WHERE country = ? AND organisation = ?',
      ),
      setEdge: db.prepare(
        `INSERT INTO footprint_edges (country, organisation, series, planned, month, delta) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (country, organisation, series, planned, month) DO UPDATE SET delta = excluded.delta`,
      ),
      deleteEdge: db.prepare(
        'DELETE FROM footprint_edges WHERE country = ? AND organisation = ? AND series = ? AND planned = ? AND month = ?',
      ),
      originOfPair: db.prepare<[string, string], { origin: string | null }>(
        'SELECT origin FROM footprint_pairs WHERE country = ? AND organisation = ?',
      ),
      setPair: db.prepare(
        `INSERT INTO footprint_pairs (country, organisation, origin) VALUES (?, ?, ?)
         ON CONFLICT (country, organisation) DO UPDATE SET origin = excluded.origin`,
      ),
      deletePair: db.prepare('DELETE FROM footprint_pairs WHERE country = ? AND organisation = ?'),
      addCount: db.prepare(
        `INSERT INTO footprint_counts (series, counted, dimension, grp, month, delta) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (series, counted, dimension, grp, month) DO UPDATE SET delta = delta + excluded.delta`,
      ),
      edgesOfOrganisation: db.prepare<
        [string, string, string | null, string | null],
        { country: string; planned: number; month: string; delta: number; origin: string | null }
      >(
        `SELECT e.country, e.planned, e.month, e.delta, p.origin FROM footprint_edges e
         JOIN footprint_pairs p ON p.organisation = e.organisation AND p.country = e.country
         WHERE e.organisation = ? AND e.series = ? AND (? IS NULL OR e.country = ?)`,
      ),
      // All groups, or one.
      counts: db
        .prepare<[string, string, string, string], [string, string]>(
          `SELECT grp, ${CHANGES_OF_GROUP} FROM footprint_counts WHERE series = ? AND counted = ? AND dimension = ?
             AND month <= ? GROUP BY grp ORDER BY grp`,
        )
        .raw(),
      countsOfGroup: db
        .prepare<[string, string, string, string, string], [string, string]>(
          `SELECT grp, ${CHANGES_OF_GROUP} FROM footprint_counts WHERE series = ? AND counted = ? AND dimension = ?
             AND grp = ? AND month <= ? GROUP BY grp`,
        )
        .raw(),
    };
  }

  /**
   * What the stored counts are of, as the file says (another process may be making them): the
   * views, and while they are being made again, the last pair done (none yet: undefined).
   */
  private basis(): { vws: Set<number>; key: string; recounting: boolean; after?: [string, string] } | undefined {
    const row = this.s.basis.get();
    if (!row) return undefined;
    if (this.parsed?.text !== row.vws)
      this.parsed = { text: row.vws, vws: new Set(row.vws === '' ? [] : row.vws.split(',').map(Number)) };
    const after: [string, string] | undefined =
      row.after_country === null || row.after_organisation === null
        ? undefined
        : [row.after_country, row.after_organisation];
    return { vws: this.parsed.vws, key: row.vws, recounting: row.state === 'recounting', ...(after ? { after } : {}) };
  }

  /** Whether the stored counts are made, of exactly the views `vws`. */
  countedOver(vws: readonly number[]): boolean {
    const basis = this.basis();
    return basis !== undefined && !basis.recounting && basis.key === keyOf(vws);
  }

  /**
   * Before a key's changes are written: the placements they take away (those of the rows they
   * close, read now) and add, by pair; undefined when the counts are not of the key's view.
   */
  changesOf(vw: number, changes: readonly RowChange<KeyRow & { rid: number }>[]): PairChanges | undefined {
    const basis = this.basis();
    if (!basis?.vws.has(vw)) return undefined;
    const pairs: PairChanges = new Map();
    const add = (country: string, organisation: string, p: PairPlacement, sign: 1 | -1) => {
      const id = `${country}\t${organisation}`;
      let pair = pairs.get(id);
      if (!pair) {
        pair = { country, organisation, placements: [] };
        pairs.set(id, pair);
      }
      pair.placements.push([p, sign]);
    };
    // While the counts are made again, only the pairs already counted are kept.
    const counted = (country: string, organisation: string) =>
      !basis.recounting || (basis.after !== undefined && comparePairs(country, organisation, basis.after) <= 0);
    for (const change of changes) {
      if (change.kind === 'close' || change.kind === 'delete') {
        for (const p of this.s.placementsOfRid.all(change.row.rid))
          if (counted(p.country, p.organisation)) add(p.country, p.organisation, pairPlacementOf(p), -1);
      } else {
        const v = change.version;
        for (const p of v.placements) {
          if (!counted(p.country, p.organisation)) continue;
          const interval = {
            validFrom: v.validFrom,
            validTo: v.validTo,
            certainFrom: v.certainFrom,
            certainTo: v.certainTo,
          };
          add(p.country, p.organisation, { ...interval, planned: isPlanned(p) }, 1);
        }
      }
    }
    return pairs.size > 0 ? pairs : undefined;
  }

  /** Applies what `changesOf` found to each pair's edges and to the counts. */
  apply(pairs: PairChanges): void {
    const sums = new Map<string, number>();
    for (const { country, organisation, placements } of pairs.values()) {
      const stored = this.s.edgesOfPair.all(country, organisation);
      const origin = this.s.originOfPair.get(country, organisation);
      const newOrigin = this.homeCountry(organisation) ?? null;
      let left = false;
      for (const series of SERIES) {
        const before: Edges = new Map();
        for (const e of stored) {
          if (e.series !== series) continue;
          const at = before.get(e.month) ?? [0, 0];
          at[e.planned === 1 ? 1 : 0] = e.delta;
          before.set(e.month, at);
        }
        const after: Edges = new Map([...before].map(([month, [p, q]]) => [month, [p, q]]));
        for (const [p, sign] of placements) addEdges(after, p, series === 'certain', sign);
        for (const [month, [p, q]] of after) {
          const [p0, q0] = before.get(month) ?? [0, 0];
          if (p !== p0) this.setEdge(country, organisation, series, 0, month, p);
          if (q !== q0) this.setEdge(country, organisation, series, 1, month, q);
          if (p !== 0 || q !== 0) left = true;
        }
        for (const counted of COUNTED) {
          const add = countsOf(sums, series, counted, country);
          for (const [month, delta] of transitions(before, counted)) add(month, -delta, origin?.origin ?? null);
          for (const [month, delta] of transitions(after, counted)) add(month, delta, newOrigin);
        }
      }
      if (left) this.s.setPair.run(country, organisation, newOrigin);
      else this.s.deletePair.run(country, organisation);
    }
    this.addCounts(sums);
  }

  private setEdge(country: string, organisation: string, series: string, planned: 0 | 1, month: string, n: number) {
    if (n === 0) this.s.deleteEdge.run(country, organisation, series, planned, month);
    else this.s.setEdge.run(country, organisation, series, planned, month, n);
  }

  private addCounts(sums: Map<string, number>): void {
    for (const [id, delta] of sums) {
      if (delta !== 0) this.s.addCount.run(...(id.split('\u0001') as [string, string, string, string, string]), delta);
    }
  }

  /**
   * Makes the counts again from the current placements of the views `vws` (those that answer), a
   * slice at a time in pair order, each slice in the caller's transaction: true once done.
   * Until then the counts are not answered from (answers are swept from the placements instead),
   * and a write to one of `vws`, by this process or another, keeps the pairs already counted again;
   * the others are counted as they are when their turn comes. From then on each write to those views
   * keeps them. `workMs` bounds the slice's work: the reading (or the taking away of the counts
   * held before) and the writing of what it read, reckoned as it reads from what the last slices'
   * rows cost to write. Writing takes two to five times as long as reading, and how many rows a
   * placement makes varies (the months its pair changes in): bounded by the reading alone, slices
   * given the same time took 20-45 ms at a million developments. The caller sets it from how long
   * its transactions take, commit included (`ViewEngine.countFootprint`). A pair with thousands of
   * placements is read over several slices, its edges summed up as it is read (`PartialPair`): one
   * with twenty thousand took a slice of about 180 ms read whole. Its count is written once it is
   * read to its end, in the slice that reads its last placement.
   */
  recountSome(vws: readonly number[], workMs = 3): boolean {
    const key = keyOf(vws);
    let basis = this.basis();
    const started = performance.now();
    if (!basis?.recounting || basis.key !== key) {
      this.s.setBasis.run(key, 'recounting', null, null);
      this.partial = undefined;
      basis = this.basis()!;
    }
    // What the counts held before goes first, a slice at a time (at once, 230 ms at a million
    // developments). Until a pair is counted, nothing but that is in the tables: no write keeps a
    // pair not yet counted.
    if (basis.after === undefined && !this.cleared(started, workMs)) return false;
    const recounting: { after: [string, string] | undefined } = { after: basis.after };
    const sums = new Map<string, number>();
    // Written once the slice's reading is over: a statement cannot write while another reads.
    const edges: unknown[][] = [];
    const pairs: unknown[][] = [];
    const after = recounting.after ?? ['', ''];
    if (this.recountRead?.key !== key) {
      const columns = `country, organisation, vw, key, rid, via, valid_from, valid_to, certain_from, certain_to, planned
         FROM view_placements`;
      const order = `AND vw IN (${vws.map(Number).join(', ')}) ORDER BY country, organisation, vw, key, rid, via`;
      this.recountRead = {
        key,
        afterPair: this.db.prepare(`SELECT ${columns} WHERE (country, organisation) > (?, ?) ${order}`),
        within: this.db.prepare(
          `SELECT ${columns} WHERE (country, organisation, vw, key, rid, via) > (?, ?, ?, ?, ?, ?) ${order}`,
        ),
      };
    }
    // A pair read in part by an earlier slice goes on where it stopped, if nothing was written since
    // (by any process); else it is read again from its start, whole this time.
    const partial = this.partial;
    this.partial = undefined;
    const goesOn =
      partial !== undefined &&
      partial.key === key &&
      partial.token === this.writeToken() &&
      partial.after?.join('\t') === recounting.after?.join('\t');
    const whole = partial !== undefined && !goesOn ? pairId(partial.country, partial.organisation) : undefined;
    const rows = goesOn
      ? this.recountRead.within.iterate(partial.country, partial.organisation, ...partial.last)
      : this.recountRead.afterPair.iterate(...after);
    let pair: PartialPair | undefined = goesOn ? partial : undefined;
    let read = 0;
    let done = true;
    for (const row of rows) {
      if (pair?.country !== row.country || pair.organisation !== row.organisation) {
        if (pair) {
          this.countPair(pair, sums, edges, pairs);
          recounting.after = [pair.country, pair.organisation];
          if (this.spent(started, workMs, edges.length + pairs.length + sums.size)) {
            done = false;
            pair = undefined;
            break;
          }
        }
        pair = {
          key,
          country: row.country,
          organisation: row.organisation,
          after: recounting.after,
          edges: { possible: new Map(), certain: new Map() },
          last: [0, '', 0, ''],
          token: '',
        };
      }
      const placement = pairPlacementOf(row);
      addEdges(pair.edges.possible, placement, false, 1);
      addEdges(pair.edges.certain, placement, true, 1);
      pair.last = [row.vw, row.key, row.rid, row.via];
      read += 1;
      if (
        read % SPLIT_CHECK === 0 &&
        // Its edges make a row or two each, and a sum or more each month they change in.
        this.spent(started, workMs, edges.length + pairs.length + sums.size + 2 * edgeCount(pair)) &&
        pairId(pair.country, pair.organisation) !== whole
      ) {
        this.partial = pair;
        done = false;
        pair = undefined;
        break;
      }
    }
    if (pair) {
      this.countPair(pair, sums, edges, pairs);
      recounting.after = [pair.country, pair.organisation];
    }
    const writing = performance.now();
    for (const edge of edges) this.s.setEdge.run(...edge);
    for (const p of pairs) this.s.setPair.run(...p);
    this.addCounts(sums);
    const written = edges.length + pairs.length + sums.size;
    // A few rows say less of what a row costs (a page or two touched for them): they weigh less.
    if (written > 0) {
      const weight = WRITE_WEIGHT * Math.min(1, written / WEIGHED_ROWS);
      this.rowWriteMs = (1 - weight) * this.rowWriteMs + (weight * (performance.now() - writing)) / written;
    }
    const [country, organisation] = recounting.after ?? [null, null];
    this.s.setBasis.run(key, done ? 'counted' : 'recounting', done ? null : country, done ? null : organisation);
    // Taken after this slice's own writes: any write from now on tells the next slice to read the
    // pair again.
    if (this.partial) this.partial.token = this.writeToken();
    return done;
  }

  /** Whether a slice begun at `started` has spent `workMs`, with `rows` still to write. */
  private spent(started: number, workMs: number, rows: number): boolean {
    return performance.now() - started + rows * this.rowWriteMs > workMs;
  }

  /** Takes away what the counts held, for up to `ms` after `started`: true once nothing is left. */
  private cleared(started: number, ms: number): boolean {
    for (const { any, some } of this.s.clear) {
      while (any.get() !== undefined) {
        some.run();
        if (performance.now() - started > ms) return false;
      }
    }
    return true;
  }

  /**
   * Changes when anything is written to the file, by this connection (its rows changed so far) or
   * by another (SQLite's data version).
   */
  private writeToken(): string {
    return `${this.db.pragma('data_version', { simple: true })}:${this.s.totalChanges.get()}`;
  }

  /** A pair counted from nothing: its edges and origin to store, its months added to `sums`. */
  private countPair(pair: PartialPair, sums: Map<string, number>, edgeRows: unknown[][], pairRows: unknown[][]): void {
    const { country, organisation } = pair;
    const origin = this.homeCountry(organisation) ?? null;
    let left = false;
    for (const series of SERIES) {
      const edges = pair.edges[series];
      for (const [month, [p, q]] of edges) {
        if (p !== 0) edgeRows.push([country, organisation, series, 0, month, p]);
        if (q !== 0) edgeRows.push([country, organisation, series, 1, month, q]);
        if (p !== 0 || q !== 0) left = true;
      }
      for (const counted of COUNTED) {
        const add = countsOf(sums, series, counted, country);
        for (const [month, delta] of transitions(edges, counted)) add(month, delta, origin);
      }
    }
    if (left) pairRows.push([country, organisation, origin]);
  }

  /**
   * An organisation's pairs (in one country, when given) with their edges in one series and the
   * origin each was counted under.
   */
  pairsOf(
    organisation: string,
    series: 'possible' | 'certain',
    country?: string,
  ): { country: string; origin: string | null; edges: Edges }[] {
    const rows = this.s.edgesOfOrganisation.all(organisation, series, country ?? null, country ?? null);
    const pairs = new Map<string, { country: string; origin: string | null; edges: Edges }>();
    for (const r of rows) {
      let pair = pairs.get(r.country);
      if (!pair) {
        pair = { country: r.country, origin: r.origin, edges: new Map() };
        pairs.set(r.country, pair);
      }
      const at = pair.edges.get(r.month) ?? [0, 0];
      at[r.planned === 1 ? 1 : 0] = r.delta;
      pair.edges.set(r.month, at);
    }
    return [...pairs.values()];
  }

  /** The monthly count changes up to `lastMonth` (of one group, when given), a row per group. */
  changes(
    series: 'possible' | 'certain',
    counted: 'present' | 'planned',
    dimension: '' | 'country' | 'origin',
    lastMonth: string,
    grp?: string,
  ): GroupedChanges {
    return grp === undefined
      ? this.s.counts.all(series, counted, dimension, lastMonth)
      : this.s.countsOfGroup.all(series, counted, dimension, grp, lastMonth);
  }
}

/** Adds a pair's change in a month to the sums: in all, in its country, in its origin (if known). */
function countsOf(sums: Map<string, number>, series: string, counted: string, country: string) {
  return (month: string, delta: number, origin: string | null) => {
    const add = (dimension: string, grp: string) => {
      const id = `${series}\u0001${counted}\u0001${dimension}\u0001${grp}\u0001${month}`;
      sums.set(id, (sums.get(id) ?? 0) + delta);
    };
    add('', '');
    add('country', country);
    if (origin !== null) add('origin', origin);
  };
}

interface BasisRow {
  vws: string;
  state: string;
  after_country: string | null;
  after_organisation: string | null;
}

function pairId(country: string, organisation: string): string {
  return `${country}\t${organisation}`;
}

/** The months a pair read so far changes in, in both series. */
function edgeCount(pair: PartialPair): number {
  return pair.edges.possible.size + pair.edges.certain.size;
}

/** A set of views as the basis names it. */
function keyOf(vws: readonly number[]): string {
  return [...new Set(vws)].sort((a, b) => a - b).join(',');
}

/** Pairs in the order of the placements' index: by country, then organisation. */
function comparePairs(country: string, organisation: string, [c, o]: [string, string]): number {
  return country < c ? -1 : country > c ? 1 : organisation < o ? -1 : organisation > o ? 1 : 0;
}
