import { z } from 'zod';
import { money, party, slug } from './common.js';

export const AcquisitionCompleted = z.object({
  acquisitionId: slug,
  acquirer: party,
  target: party,
  /** Share acquired, in percent. */
  stake: z.number().gt(0).max(100).optional(),
  value: money.optional(),
});
