import { z } from 'zod';
import { edtfPeriod, figureValue, place, slug, subject, text } from './common.js';

/**
 * One reported figure of a series (e.g. `cn-odi-flow`, China's outward direct investment flow):
 * money or a quantity, for the `period` it covers (`2024`, `2003/2022`). The development's date is
 * when the figure was reported or, failing that, the end of the period.
 */
export const InvestmentReported = z.strictObject({
  series: slug,
  measure: text(200),
  period: edtfPeriod,
  value: figureValue,
  /** Who invested: an organisation, a government or a country. */
  investor: subject.optional(),
  /** Who published the figure, when it is not the investor. */
  reporter: subject.optional(),
  /** Where the investment went: a country or a UN M49 region. */
  destination: place.optional(),
});
