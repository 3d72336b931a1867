import { z } from 'zod';
import { money, party, reason, slug } from './common.js';

const acquisition = z.strictObject({
  acquisitionId: slug,
  acquirer: party,
  target: party,
  /** Share acquired, in percent. */
  stake: z.number().gt(0).max(100).optional(),
  value: money.optional(),
});

export const AcquisitionAnnounced = acquisition;
export const AcquisitionCompleted = acquisition;
/** A regulator or government stopped the acquisition. */
export const AcquisitionBlocked = acquisition.extend({ blockedBy: party.optional(), reason });
