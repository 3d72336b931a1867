import { z } from 'zod';
import { parseEdtf } from '../dates/edtf.js';
import { edtfPeriod, figureValue, place, slug, subject, text } from './common.js';

/**
 * What a figure measures, which decides what may be compared or added:
 * - `flow`: an amount over a period (a year's investment);
 * - `stock`: a level at a point (the holdings at the end of 2015);
 * - `share`: a part of another figure, in percent;
 * - `count`: a number of things;
 * - `cumulative`: an amount summed over a span of years (2003-2022);
 * - `change`: how a figure moved over its period, in percent (growth on the previous year).
 * Figures of different measures are never added together.
 */
export const MEASURES = ['flow', 'stock', 'share', 'count', 'cumulative', 'change'] as const;
export type Measure = (typeof MEASURES)[number];

/**
 * One reported figure of a series (e.g. `cn-odi-flow`, China's outward direct investment flow):
 * money or a quantity of a `measure`, for the `period` it covers (`2024`, `2003/2022`), possibly a
 * component of another series (`partOf`: a sector's flow is part of the total flow). The
 * development's date is when the figure was reported or, failing that, the end of the period.
 */
export const InvestmentReported = z
  .strictObject({
    series: slug,
    measure: z.enum(MEASURES),
    /** What the series is, in words: "China's outward direct investment flow, total". */
    label: text(200),
    period: edtfPeriod,
    value: figureValue,
    /** The series this one is a component of; a total is never added to its own parts. */
    partOf: slug.optional(),
    /** Who invested: an organisation, a government or a country. */
    investor: subject.optional(),
    /** Who published the figure, when it is not the investor. */
    reporter: subject.optional(),
    /** Where the investment went: a country or a UN M49 region. */
    destination: place.optional(),
  })
  .superRefine((figure, ctx) => {
    for (const issue of figureIssues(figure)) ctx.addIssue({ code: 'custom', ...issue });
  });

type Figure = { series: string; measure: Measure; period: string; value: z.infer<typeof figureValue>; partOf?: string };

/** A figure whose measure, period and unit disagree: each problem names its field. */
export function figureIssues(figure: Figure): { path: string[]; message: string }[] {
  const issues: { path: string[]; message: string }[] = [];
  const period = parseEdtf(figure.period, { openEnd: true });
  const unit = figure.value.unit;
  if (period.ok) {
    const p = period.value;
    const span = p.precision === 'interval' && !p.openStart && !p.openEnd;
    if (figure.measure === 'stock' && p.precision !== 'day' && p.precision !== 'year') {
      issues.push({
        path: ['period'],
        message: 'a stock is a level at a point: a day (2015-12-31) or a year, read as its end (2015)',
      });
    }
    if (figure.measure === 'cumulative' && !span) {
      issues.push({ path: ['period'], message: 'a cumulative figure spans a period with both ends known: 2003/2022' });
    }
    if (
      (figure.measure === 'flow' || figure.measure === 'change') &&
      (p.precision === 'day' || p.openStart || p.openEnd)
    ) {
      issues.push({
        path: ['period'],
        message: `a ${figure.measure} covers a period with known ends (2024, 2025-33, 2003/2022), not a day or an open end`,
      });
    }
  }
  if ((figure.measure === 'share' || figure.measure === 'change') && unit !== 'percent') {
    issues.push({ path: ['value', 'unit'], message: `a ${figure.measure} is given in percent` });
  }
  if (figure.measure === 'share' && !('of' in figure.value && figure.value.of)) {
    issues.push({ path: ['value', 'of'], message: 'a share says what it is a share of' });
  }
  if (figure.measure === 'count' && unit !== 'count') {
    issues.push({ path: ['value', 'unit'], message: 'a count is given in the unit count' });
  }
  if (figure.partOf === figure.series) {
    issues.push({ path: ['partOf'], message: 'a series cannot be a component of itself' });
  }
  return issues;
}
