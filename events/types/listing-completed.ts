import { z } from 'zod';
import { country, money, party, text } from './common.js';

/** A company's shares listed on an exchange. */
export const ListingCompleted = z.object({
  company: party,
  exchange: text(100),
  country,
  raised: money.optional(),
});
