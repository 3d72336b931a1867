import {
  getAll,
  getJson,
  query,
  type Development,
  type FigureSeries,
  type FigureSeriesAnswer,
  type TimelinePage,
} from './api.js';
import { certaintyOf } from './certainty.js';

/** Series of one measure and one unit share an axis; stocks, flows and shares never do. */
export interface Panel {
  measure: FigureSeries['measure'];
  unit: string;
  series: FigureSeries[];
}

const MEASURES: Record<FigureSeries['measure'], string> = {
  flow: 'Flows over each period',
  stock: 'Stocks at a date',
  share: 'Shares',
  count: 'Counts',
  cumulative: 'Cumulative over a span',
  change: 'Changes from one period to the next',
};

export const measureWords = (m: FigureSeries['measure']) => MEASURES[m] ?? m;

/** "US$ million", "percent": what an axis is measured in. */
export function unitWords(s: FigureSeries): string {
  const currency = s.currency === 'USD' ? 'US$' : s.currency;
  const scale = s.scale && s.scale !== 'one' ? s.scale : undefined;
  // Money's display unit ("USD million") repeats its currency and scale: the axis names them once.
  const unit = s.currency || s.unit === s.scale ? undefined : s.unit;
  return [currency, scale, unit].filter(Boolean).join(' ') || 'value';
}

export function panelsOf(series: FigureSeries[]): Panel[] {
  const panels = new Map<string, Panel>();
  for (const s of series) {
    const unit = unitWords(s);
    const key = `${s.measure}|${unit}`;
    const panel = panels.get(key) ?? { measure: s.measure, unit, series: [] };
    panel.series.push(s);
    panels.set(key, panel);
  }
  const order = Object.keys(MEASURES);
  return [...panels.values()].sort((a, b) => order.indexOf(a.measure) - order.indexOf(b.measure));
}

/**
 * Figures per series from the service; while it answers counts of rows instead, the figures are read
 * from the developments that reported them.
 */
export async function loadFigures(
  filters: Record<string, string | undefined>,
  from: string,
  to: string,
  signal: AbortSignal,
): Promise<FigureSeries[]> {
  const answer = await getJson<Partial<FigureSeriesAnswer>>(
    `/state/investments/series?${query({ ...filters, from, to, step: 'year' })}`,
    signal,
  );
  if (Array.isArray(answer.series)) return answer.series;
  const reported = await getAll<TimelinePage, Development>(
    `/timeline?${query({ ...filters, type: 'InvestmentReported', limit: 500 })}`,
    (p) => p.developments,
    5000,
    signal,
  );
  return fromDevelopments(reported.items);
}

interface Figure {
  series?: string;
  measure?: string;
  period?: string;
  value?: { value?: number; currency?: string; unit?: string; of?: string };
}

function fromDevelopments(developments: Development[]): FigureSeries[] {
  const series = new Map<string, FigureSeries>();
  for (const d of developments) {
    const f = (d.data ?? {}) as Figure;
    if (!f.series || typeof f.value?.value !== 'number') continue;
    const money = f.value.currency !== undefined;
    const unit = f.value.unit ?? '';
    const label = f.measure ?? f.series;
    const measure: FigureSeries['measure'] = !money
      ? unit === 'percent'
        ? 'share'
        : 'count'
      : /cumulative/i.test(label)
        ? 'cumulative'
        : /stock/i.test(label)
          ? 'stock'
          : 'flow';
    const entry = series.get(f.series) ?? {
      series: f.series,
      label,
      measure,
      unit,
      currency: f.value.currency,
      scale: money ? unit : undefined,
      points: [],
    };
    const source = d.sources[0];
    entry.points.push({
      date: d.dateRange.latest,
      value: f.value.value,
      period: f.period ?? d.date,
      periodText: (d.data as { periodText?: string }).periodText ?? f.period ?? d.dateText,
      development: d.id,
      source: { title: source?.title ?? '', publisher: source?.publisher, published: source?.publishedText },
      certainty: certaintyOf(d.certainty),
    });
    series.set(f.series, entry);
  }
  for (const s of series.values()) s.points.sort((a, b) => a.date.localeCompare(b.date));
  return [...series.values()];
}
