import { z } from 'zod';
import { country, money, party, slug, text } from './common.js';

/** A licence of technology from a licensor to a licensee. */
export const LicensingDealSigned = z.object({
  dealId: slug,
  licensor: party,
  licensee: party,
  technology: text(300),
  /** Where the licensed technology is to be used. */
  countries: z.array(country).optional(),
  value: money.optional(),
});
