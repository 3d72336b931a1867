import { z } from 'zod';
import { DEVELOPMENT_TYPES, MEASURES } from '../events/index.js';
import { defineProjection, unique } from './projection.js';
import { developmentId, edtf, rowValue, text } from './row-value.js';

const figure = DEVELOPMENT_TYPES.InvestmentReported.data.shape;

/** The figure a series holds as of a date, with the development and the source that state it. */
export const latestFigure = z
  .strictObject({
    period: figure.period.describe('EDTF: the period the figure covers'),
    value: figure.value,
    reported: edtf('when it was reported'),
    development: developmentId('The development that reports it'),
    source: z
      .strictObject({
        title: text(),
        publisher: text().optional(),
        published: edtf('when the source was published').optional(),
      })
      .describe('The source that states the figure'),
  })
  .describe('The latest figure of the series reported by the date');
export type LatestFigure = z.infer<typeof latestFigure>;

/** A series of reported figures: what it measures, whose, and its latest figure. */
export const investmentState = z.strictObject({
  series: figure.series,
  measure: figure.measure.describe('What the figures measure; figures of different measures are never added'),
  label: figure.label.describe('What the series is, in words'),
  partOf: figure.partOf.describe('The series this one is a component of'),
  investor: figure.investor,
  reporter: figure.reporter,
  destination: figure.destination,
  latest: latestFigure,
  figures: z.int().min(1).describe('Figures of the series reported by then'),
});
export type InvestmentSeries = z.infer<typeof investmentState>;

/** A row of `investments` as answered. */
export const investmentValue = rowValue(investmentState);
export type InvestmentValue = z.infer<typeof investmentValue>;

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
  value: investmentValue,
});
