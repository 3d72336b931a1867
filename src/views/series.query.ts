import { type IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { invalidParameter, notAllowed, refused } from '../errors/rejection.js';
import { checkStatus } from './view-statuses.js';
import type { SeriesQueryDto } from './series-query.dto.js';
import { assertFootprintServed } from './read/footprint-rows.js';
import { readingOf, ViewReader } from './read/view-reader.js';
import { servingView, type ViewRow } from './read/view-rows.js';
import type { AnyProjection } from '../../projections/index.js';
import type { HomeCountry } from '../filters/development-filter.js';
import { rowRefs } from './engine/refs.js';
import { addEdges, transitions, type Counted, type Edges } from './engine/footprint-edges.js';
import { pairPlacementOf } from './store/footprint-counts.js';
import { type GroupedChanges, RunningSums } from './store/count-changes.js';

export interface SeriesPoint {
  /** Last day of the step: the counts are the rows as of that day. */
  date: string;
  total: number;
  groups?: Record<string, number>;
}

export interface Series {
  view: string;
  from: string;
  to: string;
  step: 'year' | 'quarter' | 'month';
  groupBy?: string;
  points: SeriesPoint[];
}

export class GetSeries extends Query<Series> {
  constructor(
    readonly view: string,
    readonly filters: SeriesQueryDto,
  ) {
    super();
  }
}

const MAX_STEPS = 600;

interface Span {
  from: string;
  to: string;
  group: string | null;
}

/**
 * Counts of a view's rows over time: per step, the rows as of the step's last day, by group. The
 * current answer sweeps the rows' valid intervals from the indexes once (no replay, no query per
 * step); an earlier transaction time or the publication axis asks the view at each step.
 */
@QueryHandler(GetSeries)
export class GetSeriesHandler implements IQueryHandler<GetSeries> {
  constructor(private readonly reader: ViewReader) {}

  async execute({ view, filters: f }: GetSeries): Promise<Series> {
    if (f.from > f.to)
      throw refused('BAD_RANGE', 'from must not be after to', [{ path: 'from', code: 'invalid', message: 'after to' }]);
    checkStatus(view, f.status);
    const step = f.step ?? 'year';
    const dates = stepDates(f.from, f.to, step);
    if (dates.length > MAX_STEPS) {
      throw refused('TOO_MANY_STEPS', `at most ${MAX_STEPS} steps; use a longer step or a shorter range`, [
        { path: 'step', code: 'too_big', message: `${dates.length} steps` },
      ]);
    }
    if (view === 'investments') {
      // Figures are values per series (GetFigureSeries), never a count or a sum of rows.
      throw invalidParameter('view', 'investments are figures: ask for them per series');
    }
    if (view === 'footprint') assertFootprintServed(this.reader.engine);
    if (view === 'footprint' && f.groupBy && f.groupBy !== 'country' && f.groupBy !== 'origin') {
      throw notAllowed('groupBy', 'footprint counts group by country or origin', ['country', 'origin']);
    }
    // The stored monthly counts hold the whole view, by each grouping and by status (not one status by
    // country or origin: that total is stored, its groups are swept from the grouping's references).
    const stored = !f.knownAt && !f.publishedBy && !f.country && !f.subject && !f.origin;
    if (view !== 'footprint' && stored) {
      const points =
        f.status && (f.groupBy === 'country' || f.groupBy === 'origin')
          ? this.statusByRef(view, f, f.status, f.groupBy, dates)
          : !f.status || !f.groupBy || f.groupBy === 'status'
            ? this.fromCounts(view, f, dates)
            : undefined;
      if (points) return { view, from: f.from, to: f.to, step, ...(f.groupBy ? { groupBy: f.groupBy } : {}), points };
    }
    const points =
      view === 'footprint' && !f.knownAt && !f.publishedBy
        ? (this.footprintFromCounts(f, dates) ?? this.footprintSwept(f, dates))
        : await this.swept(view, f, dates);
    return { view, from: f.from, to: f.to, step, ...(f.groupBy ? { groupBy: f.groupBy } : {}), points };
  }

  private async swept(view: string, f: SeriesQueryDto, dates: string[]): Promise<SeriesPoint[]> {
    const spans = f.knownAt || f.publishedBy ? await this.spansByAsking(view, f, dates) : this.spansFromIndex(view, f);
    return sweep(spans.rows, spans.grouped, dates, f.groupBy !== undefined);
  }

  /** A view's stored monthly counts in one dimension, summed up to each step, by group. */
  private storedCounts(vw: number, f: SeriesQueryDto, dates: string[], dimension: string): Map<string, number[]> {
    const series = f.certainty === 'certain' ? 'certain' : 'possible';
    const last = dates[dates.length - 1]!.slice(0, 7);
    return runningSums(this.reader.engine.store.countChanges(vw, series, dimension, last), dates);
  }

  /** The whole view's counts, or one status's: running sums of the monthly changes kept with the current rows. */
  private fromCounts(view: string, f: SeriesQueryDto, dates: string[]): SeriesPoint[] {
    const { vw } = servingView(this.reader.engine, view);
    if (f.status) {
      // One status: its own counts, its only group when grouped by status.
      const counts = this.storedCounts(vw, f, dates, 'status').get(f.status);
      return pointsOf(dates, counts, f.groupBy ? new Map(counts ? [[f.status, counts]] : []) : undefined);
    }
    const total = this.storedCounts(vw, f, dates, '').get('');
    return pointsOf(dates, total, f.groupBy ? this.storedCounts(vw, f, dates, f.groupBy) : undefined);
  }

  /**
   * One status by country or origin: its total from the stored monthly counts, its groups swept from
   * the grouping's references (which carry each current row's intervals and status).
   */
  private statusByRef(
    view: string,
    f: SeriesQueryDto,
    status: string,
    groupBy: 'country' | 'origin',
    dates: string[],
  ): SeriesPoint[] {
    const { vw } = servingView(this.reader.engine, view);
    const total = this.storedCounts(vw, f, dates, 'status').get(status);
    const certainOnly = f.certainty === 'certain';
    const spans = this.reader.engine.store.groupSpans(vw, { from: f.from, to: f.to, certainOnly, status, groupBy });
    const grouped = spans.map((r) => ({ from: r.from, to: r.to, group: r.g }));
    return sweep([], grouped, dates, true).map((point, i) => ({ ...point, total: Math.round(total?.[i] ?? 0) }));
  }

  /**
   * The footprint's counts from what is stored as its placements change: for the pairs present or
   * only planned, in the whole footprint, one country or one home country, by country or by origin,
   * from the monthly counts; for one organisation, from its pairs' edges. Undefined for what they do
   * not hold (a mode, a country and an origin at once, one home country counted by country), or
   * while they are being made again for views that have just begun to answer.
   */
  private footprintFromCounts(f: SeriesQueryDto, dates: string[]): SeriesPoint[] | undefined {
    const counted = countedOf(f.status);
    if (counted === 'any') return undefined;
    const series = f.certainty === 'certain' ? 'certain' : 'possible';
    const store = this.reader.engine.store;
    const vws = this.reader.engine.footprintVws();
    if (f.subject) {
      // One organisation: its pairs' stored edges, a few per month each, however many placements.
      if (!store.footprint.countedOver(vws)) return undefined;
      const pairs = store.footprint
        .pairsOf(f.subject, series, f.country)
        .filter((pair) => !f.origin || pair.origin === f.origin)
        .map((pair) => ({ ...pair, group: f.groupBy === 'origin' ? pair.origin : pair.country }));
      return pairsCounted(pairs, counted, f.groupBy !== undefined, dates);
    }
    if (f.country && f.origin) return undefined;
    const filter = f.country
      ? ({ dimension: 'country', grp: f.country } as const)
      : f.origin
        ? ({ dimension: 'origin', grp: f.origin } as const)
        : undefined;
    if (filter && f.groupBy && f.groupBy !== filter.dimension) return undefined;
    const last = dates[dates.length - 1]!.slice(0, 7);
    const running = (dimension: '' | 'country' | 'origin', only?: string) => {
      if (!store.footprint.countedOver(vws)) return undefined;
      return runningSums(store.footprint.changes(series, counted, dimension, last, only), dates);
    };
    const total = filter ? running(filter.dimension, filter.grp) : running('');
    if (!total) return undefined;
    const groups = f.groupBy ? running(f.groupBy as 'country' | 'origin', filter?.grp) : undefined;
    if (f.groupBy && !groups) return undefined;
    return pointsOf(dates, total.get(filter?.grp ?? ''), groups);
  }

  /**
   * The footprint's counts from the placements that meet the range, by the rule the stored counts
   * follow (`transitions`): each pair's months as a row, summed over the pairs.
   */
  private footprintSwept(f: SeriesQueryDto, dates: string[]): SeriesPoint[] {
    const counted = countedOf(f.status);
    const certainOnly = f.certainty === 'certain';
    const engine = this.reader.engine;
    const placements = engine.store.placementSpans({
      vws: engine.footprintVws(),
      from: f.from,
      to: f.to,
      certainOnly,
      ...(f.country ? { country: f.country } : {}),
      ...(f.subject ? { subject: f.subject } : {}),
      ...(f.origin ? { origin: f.origin } : {}),
      ...(counted === 'any' ? { mode: f.status } : {}),
    });
    const pairs: { edges: Edges; group: string | null }[] = [];
    let pair: { country: string; organisation: string; edges: Edges } | undefined;
    const close = () => {
      if (!pair) return;
      const group = f.groupBy === 'origin' ? (engine.context.homeCountry(pair.organisation) ?? null) : pair.country;
      pairs.push({ edges: pair.edges, group });
    };
    // In pair order: each pair's placements come together.
    for (const p of placements) {
      if (pair?.country !== p.country || pair.organisation !== p.organisation) {
        close();
        pair = { country: p.country, organisation: p.organisation, edges: new Map() };
      }
      addEdges(pair.edges, pairPlacementOf(p), certainOnly, 1, counted === 'any');
    }
    close();
    return pairsCounted(pairs, counted, f.groupBy !== undefined, dates);
  }

  private spansFromIndex(view: string, f: SeriesQueryDto): { rows: Span[]; grouped: Span[] } {
    const { vw } = servingView(this.reader.engine, view);
    const spans = this.reader.engine.store.versionSpans(vw, { ...f, certainOnly: f.certainty === 'certain' });
    return {
      rows: spans.rows.map((r) => ({ from: r.from, to: r.to, group: null })),
      grouped: spans.grouped.map((r) => ({ from: r.from, to: r.to, group: r.g })),
    };
  }

  /** Asks the view at each step's date (for an earlier transaction time, or the publication axis). */
  private async spansByAsking(
    view: string,
    f: SeriesQueryDto,
    dates: string[],
  ): Promise<{ rows: Span[]; grouped: Span[] }> {
    const spans: Span[] = [];
    const grouped: Span[] = [];
    const engine = this.reader.engine;
    const projection = engine.projection(view);
    const budget = this.reader.budget();
    for (const [i, date] of dates.entries()) {
      const rows = await this.reader.readAll(view, readingOf(f, date), budget);
      // Spans of exactly this step: the sweep counts each at this date only.
      const span = { from: date, to: dates[i + 1] ?? '9999-12-31' };
      for (const row of rows) {
        if (view === 'footprint' && !f.status && row.value.presence !== 'present') continue;
        spans.push({ ...span, group: null });
        if (!f.groupBy) continue;
        for (const group of groupsOf(view, row, f.groupBy, projection, engine.context.homeCountry))
          grouped.push({ ...span, group });
      }
    }
    return { rows: spans, grouped };
  }
}

function groupsOf(
  view: string,
  row: ViewRow,
  groupBy: string,
  projection: AnyProjection | undefined,
  homeCountry: HomeCountry,
): string[] {
  const value = row.value;
  if (view === 'footprint' || !projection) {
    const group = groupBy === 'origin' ? value.origin : value.country;
    return typeof group === 'string' ? [group] : [];
  }
  const { expectations: _expectations, ...state } = value;
  const indexed = projection.indexed(state, row.key);
  if (groupBy === 'status' || groupBy === 'kind') return indexed[groupBy] ? [indexed[groupBy]] : [];
  const prefix = `${groupBy}:`;
  return rowRefs(indexed, homeCountry)
    .filter((r) => r.startsWith(prefix))
    .map((r) => r.slice(prefix.length));
}

/** Which footprint rows a `status` counts: present (none given), only planned, or those with a placement of a mode. */
function countedOf(status: string | undefined): Counted {
  return !status || status === 'present' ? 'present' : status === 'planned' ? 'planned' : 'any';
}

/** The counts of pairs at each date, from each pair's edges (`transitions`), in all and by each pair's group. */
function pairsCounted(
  pairs: readonly { edges: Edges; group: string | null }[],
  counted: Counted,
  withGroups: boolean,
  dates: readonly string[],
): SeriesPoint[] {
  const months = monthsOf(dates);
  const totals = new RunningSums(months);
  const grouped = new RunningSums(months);
  for (const { edges, group } of pairs) {
    for (const [month, delta] of transitions(edges, counted)) {
      totals.add('', month, delta);
      if (withGroups && group !== null) grouped.add(group, month, delta);
    }
  }
  return pointsOf(dates, totals.sums().get(''), withGroups ? grouped.sums() : undefined);
}

/** The month of each step's date: a step counts the changes of its month and of those before. */
function monthsOf(dates: readonly string[]): string[] {
  return dates.map((date) => date.slice(0, 7));
}

/** Running sums at each date (a month's last day) of stored monthly changes, a row per group, per group. */
function runningSums(groups: GroupedChanges, dates: readonly string[]): Map<string, number[]> {
  return new RunningSums(monthsOf(dates)).addGrouped(groups).sums();
}

function pointsOf(dates: readonly string[], total: number[] | undefined, groups: Map<string, number[]> | undefined) {
  // The groups that count at step i, in the map's order.
  const at = (map: Map<string, number[]>, i: number) => {
    const counted: [string, number][] = [];
    for (const [g, a] of map) if (Math.round(a[i]!) > 0) counted.push([g, Math.round(a[i]! * 100) / 100]);
    // (fromEntries, not assignment: a group may be named anything, `__proto__` included.)
    return Object.fromEntries(counted);
  };
  return dates.map((date, i) => ({
    date,
    total: Math.round(total?.[i] ?? 0),
    ...(groups ? { groups: at(groups, i) } : {}),
  }));
}

/** Counts spans at each date with a difference array: each span adds one from its first step date to the last before it ends. */
export function sweep(
  spans: readonly Span[],
  grouped: readonly Span[],
  dates: readonly string[],
  withGroups: boolean,
): SeriesPoint[] {
  const totals = new Array<number>(dates.length + 1).fill(0);
  const groups = new Map<string, number[]>();
  const add = (array: number[], i0: number, i1: number, by: number) => {
    array[i0]! += by;
    array[i1]! -= by;
  };
  const range = (span: Span) => [lowerBound(dates, span.from), lowerBound(dates, span.to)] as const;
  for (const span of grouped) {
    const [i0, i1] = range(span);
    if (i0 >= i1 || span.group === null) continue;
    if (!groups.has(span.group)) groups.set(span.group, new Array<number>(dates.length + 1).fill(0));
    add(groups.get(span.group)!, i0, i1, 1);
  }
  for (const span of spans) {
    const [i0, i1] = range(span);
    if (i0 >= i1) continue;
    add(totals, i0, i1, 1);
  }
  const running = (array: number[]) => {
    let sum = 0;
    return array.slice(0, dates.length).map((d) => (sum += d));
  };
  const total = running(totals);
  // By group, whatever order the spans came in (as the stored counts give them).
  const counted = [...groups]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([g, array]) => [g, running(array)] as const);
  return dates.map((date, i) => ({
    date,
    total: total[i]!,
    ...(withGroups
      ? { groups: Object.fromEntries(counted.filter(([, a]) => a[i]! > 0).map(([g, a]) => [g, a[i]!])) }
      : {}),
  }));
}

/** Index of the first date on or after `day`. */
function lowerBound(dates: readonly string[], day: string): number {
  let lo = 0;
  let hi = dates.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (dates[mid]! < day) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The last day of each step, from the step holding `from` to the step holding `to`. */
export function stepDates(from: string, to: string, step: 'year' | 'quarter' | 'month'): string[] {
  const months = step === 'year' ? 12 : step === 'quarter' ? 3 : 1;
  let year = Number(from.slice(0, 4));
  let month = Math.floor((Number(from.slice(5, 7)) - 1) / months) * months + months;
  const dates: string[] = [];
  for (;;) {
    const last = new Date(Date.UTC(year, month, 0)).toISOString().slice(0, 10);
    dates.push(last);
    if (last >= to || dates.length > MAX_STEPS) return dates;
    month += months;
    if (month > 12) {
      month -= 12;
      year += 1;
    }
  }
}
