import type { Money } from '../events/index.js';
import { dataOf, defineProjection, unique } from './projection.js';

interface FigureData {
  series: string; measure: string; period: string; value: Money; investor?: string; country?: string;
}

export interface InvestmentSeries {
  series: string;
  measure: string;
  investor?: string;
  country?: string;
  /** The latest reported figure as of the date asked. */
  latest: { period: string; value: Money; reported: string };
  /** Every figure reported so far, oldest first. */
  figures: { period: string; value: Money }[];
}

/** Reported investment figures as series; a row holds the latest figure of its series. */
export const investments = defineProjection<InvestmentSeries>({
  name: 'investments',
  version: 1,
  handles: ['InvestmentReported'],
  keysOf: (d) => [dataOf<FigureData>(d).series],
  evolve: (series, d) => {
    const data = dataOf<FigureData>(d);
    const figures = [...(series?.figures ?? []).filter((f) => f.period !== data.period), { period: data.period, value: data.value }];
    return {
      series: data.series,
      measure: data.measure,
      ...(data.investor ?? series?.investor ? { investor: data.investor ?? series?.investor } : {}),
      ...(data.country ?? series?.country ? { country: data.country ?? series?.country } : {}),
      latest: { period: data.period, value: data.value, reported: d.date.edtf },
      figures,
    };
  },
  indexed: (s) => ({ countries: unique([s.country]), subjects: unique([s.investor]) }),
});
