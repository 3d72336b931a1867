import type { DataOf } from '../events/index.js';
import { defineProjection, unique } from './projection.js';

type FigureData = DataOf<'InvestmentReported'>;

export interface InvestmentSeries {
  series: string;
  measure: string;
  investor?: string;
  reporter?: string;
  destination?: string;
  /** The latest reported figure as of the date asked. */
  latest: { period: string; value: FigureData['value']; reported: string };
  /** How many figures of the series were reported by then. */
  figures: number;
}

const SCALE = { one: 1, thousand: 1e3, million: 1e6, billion: 1e9, trillion: 1e12 } as const;

function moneySum(value: FigureData['value']): { sum?: { currency: string; amount: number } } {
  return 'currency' in value ? { sum: { currency: value.currency, amount: value.value * SCALE[value.unit] } } : {};
}

/**
 * Reported figures as series; a row holds the latest figure of its series (the whole series is
 * on the timeline: `type=InvestmentReported`).
 */
export const investments = defineProjection<InvestmentSeries, 'InvestmentReported'>({
  name: 'investments',
  version: 2,
  handles: ['InvestmentReported'],
  keysOf: (d) => [d.data.series],
  evolve: (series, d) => {
    const { investor, reporter, destination } = d.data;
    return {
      series: d.data.series,
      measure: d.data.measure,
      ...((investor ?? series?.investor) ? { investor: investor ?? series?.investor } : {}),
      ...((reporter ?? series?.reporter) ? { reporter: reporter ?? series?.reporter } : {}),
      ...((destination ?? series?.destination) ? { destination: destination ?? series?.destination } : {}),
      latest: { period: d.data.period, value: d.data.value, reported: d.date.edtf },
      figures: (series?.figures ?? 0) + 1,
    };
  },
  indexed: (s) => ({
    ...moneySum(s.latest.value),
    countries: unique([s.destination?.startsWith('country:') ? s.destination.slice(8) : undefined]),
    subjects: unique([s.investor, s.reporter, s.destination?.startsWith('region:') ? s.destination : undefined]),
    status: 'value' in s.latest.value && 'currency' in s.latest.value ? 'money' : 'quantity',
  }),
});
