import { z } from 'zod';
import { country, party, text } from './common.js';

export const ProductLaunched = z.object({
  company: party,
  product: text(200),
  markets: z.array(country).optional(),
});
