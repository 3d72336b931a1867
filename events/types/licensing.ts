import { z } from 'zod';
import { country, money, party, reason, slug, text } from './common.js';

/** A licence of technology (or patents) from a licensor to a licensee. */
export const LicensingDealSigned = z.strictObject({
  dealId: slug,
  licensor: party,
  licensee: party,
  technology: text(300),
  /** Where the licensed technology is to be used. */
  countries: z.array(country).max(100).optional(),
  value: money.optional(),
});

export const LicensingDealTerminated = z.strictObject({
  dealId: slug,
  reason,
});
