import { z } from 'zod';
import { slug, subject, text } from './common.js';

/** A lasting collaboration (joint venture, joint lab, research partnership) between parties. */
export const PartnershipFormed = z.object({
  partnershipId: slug,
  parties: z.array(subject).min(2),
  purpose: text(500),
});
