import { z } from 'zod';
import { country, edtfDate, money, party, slug, text } from './common.js';

/**
 * One reported figure of a series (e.g. `cn-odi-flow`, China's outward direct investment flow);
 * `period` is the period the figure covers, the development's date is when it was reported.
 */
export const InvestmentReported = z.object({
  series: slug,
  measure: text(200),
  period: edtfDate,
  value: money,
  investor: party.optional(),
  country: country.optional(),
});
