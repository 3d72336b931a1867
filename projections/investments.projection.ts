import { type DataOf, MEASURES, type Measure } from '../events/index.js';
import { defineProjection, unique } from './projection.js';

type FigureData = DataOf<'InvestmentReported'>;

/** The figure a series holds as of a date, with the development and the source that state it. */
export interface LatestFigure {
  period: string;
  value: FigureData['value'];
  /** The date of the development that reported it. */
  reported: string;
  development: string;
  source: { title: string; publisher?: string; published?: string };
}

export interface InvestmentSeries {
  series: string;
  measure: Measure;
  label: string;
  /** The series this one is a component of. */
  partOf?: string;
  investor?: string;
  reporter?: string;
  destination?: string;
  /** The latest reported figure as of the date asked. */
  latest: LatestFigure;
  /** How many figures of the series were reported by then. */
  figures: number;
}

/**
 * Reported figures as series; a row holds the latest figure of its series (the whole series is
 * on the timeline: `type=InvestmentReported`, and over time at `/state/investments/series`).
 * Rows are never summed: their measures, units and periods differ, and a total contains its parts.
 */
export const investments = defineProjection<InvestmentSeries, 'InvestmentReported'>({
  name: 'investments',
  version: 3,
  handles: ['InvestmentReported'],
  keysOf: (d) => [d.data.series],
  evolve: (series, d) => {
    const { investor, reporter, destination, partOf } = d.data;
    const source = d.sources[0];
    return {
      series: d.data.series,
      measure: d.data.measure,
      label: d.data.label,
      ...(partOf ? { partOf } : {}),
      ...((investor ?? series?.investor) ? { investor: investor ?? series?.investor } : {}),
      ...((reporter ?? series?.reporter) ? { reporter: reporter ?? series?.reporter } : {}),
      ...((destination ?? series?.destination) ? { destination: destination ?? series?.destination } : {}),
      latest: {
        period: d.data.period,
        value: d.data.value,
        reported: d.date.edtf,
        development: d.id,
        source: {
          title: source?.title ?? '',
          ...(source?.publisher ? { publisher: source.publisher } : {}),
          ...(source?.published ? { published: source.published } : {}),
        },
      },
      figures: (series?.figures ?? 0) + 1,
    };
  },
  indexed: (s) => ({
    countries: unique([s.destination?.startsWith('country:') ? s.destination.slice(8) : undefined]),
    subjects: unique([s.investor, s.reporter, s.destination?.startsWith('region:') ? s.destination : undefined]),
    status: s.measure,
    kind: s.measure,
  }),
  statuses: MEASURES,
});
