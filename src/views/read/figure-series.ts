import { parseEdtf } from '../../../events/index.js';
import type { InvestmentSeries } from '../../../projections/investments.projection.js';
import type { ViewRow } from './view-rows.js';

const SCALE = { one: 1, thousand: 1e3, million: 1e6, billion: 1e9, trillion: 1e12 } as const;
type Scale = keyof typeof SCALE;

export interface FigurePoint {
  /** The step's last day: the value is the series' figure as of that day. */
  date: string;
  /** Null where the series had no figure yet by that day. */
  value: number | null;
  /** How the source qualified it: "over", "about"... */
  bound?: string;
  /** The period the figure covers (EDTF) and in words; a figure keeps its own period at later steps. */
  period?: string;
  periodText?: string;
  development?: string;
  source?: { title: string; publisher?: string; published?: string };
  certainty?: ViewRow['certainty'];
}

export interface FigureSeries {
  series: string;
  label: string;
  measure: InvestmentSeries['measure'];
  /** For display: "USD million", "percent", "count". */
  unit: string;
  currency?: string;
  scale?: Scale;
  partOf?: string;
  points: FigurePoint[];
}

export interface FigureSeriesAnswer {
  view: 'investments';
  from: string;
  to: string;
  step: 'year' | 'quarter' | 'month';
  series: FigureSeries[];
}

/**
 * Figures over time, one line per series: at each step the figure the series holds as of that day,
 * with its own period and source. Nothing is added up: a series' points are the figures its sources
 * state, and a series is apart from every other (a total from its parts, a stock from a flow). A
 * series whose figures change measure or unit (money in another currency, another quantity) is split
 * into one line per measure and unit; figures of one currency in another scale are given in the line's
 * scale (an exact change of scale, not an estimate).
 */
export function figureSeries(dates: readonly string[], rowsAt: readonly ViewRow[][]): FigureSeries[] {
  const lines = new Map<string, { line: FigureSeries; at: Map<number, FigurePoint> }>();
  rowsAt.forEach((rows, i) => {
    for (const row of rows) {
      const s = row.value as unknown as InvestmentSeries;
      const value = s.latest.value;
      const money = 'currency' in value ? value : undefined;
      const quantity = 'currency' in value ? undefined : value;
      const unitKey = money ? money.currency : `${value.unit}:${quantity?.scale ?? 'one'}`;
      const id = `${s.series}\u0001${s.measure}\u0001${unitKey}`;
      let entry = lines.get(id);
      if (!entry) {
        const scale = money ? money.unit : quantity?.scale;
        entry = {
          line: {
            series: s.series,
            label: s.label,
            measure: s.measure,
            unit: money
              ? `${money.currency} ${money.unit}`
              : quantity?.scale
                ? `${quantity.scale} ${value.unit}`
                : value.unit,
            ...(money ? { currency: money.currency } : {}),
            ...(scale ? { scale } : {}),
            ...(s.partOf ? { partOf: s.partOf } : {}),
            points: [],
          },
          at: new Map(),
        };
        lines.set(id, entry);
      }
      const inScale = money ? (money.value * SCALE[money.unit]) / SCALE[entry.line.scale ?? 'one'] : value.value;
      const period = parseEdtf(s.latest.period, { openEnd: true });
      entry.at.set(i, {
        date: dates[i]!,
        value: round(inScale),
        ...(value.bound ? { bound: value.bound } : {}),
        period: s.latest.period,
        periodText: period.ok ? period.value.text : s.latest.period,
        development: s.latest.development,
        source: s.latest.source,
        certainty: row.certainty,
      });
    }
  });
  return [...lines.values()]
    .map(({ line, at }) => ({ ...line, points: dates.map((date, i) => at.get(i) ?? { date, value: null }) }))
    .sort((a, b) => a.series.localeCompare(b.series) || a.unit.localeCompare(b.unit));
}

/** Removes the binary noise of a change of scale (144 billion is 144000 million, not 143999.99999). */
function round(value: number): number {
  return Number.parseFloat(value.toPrecision(12));
}
