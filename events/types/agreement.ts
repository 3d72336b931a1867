import { z } from 'zod';
import { reason, slug, subject, text } from './common.js';

/** A signed agreement, roadmap, statement or memorandum between two or more parties. */
export const AgreementSigned = z.strictObject({
  agreementId: slug,
  title: text(300),
  parties: z.array(subject).min(2).max(100),
  scope: text(500).optional(),
});

export const AgreementTerminated = z.strictObject({
  agreementId: slug,
  reason,
});

/** A lasting collaboration (joint venture, joint lab, research partnership) between parties. */
export const PartnershipFormed = z.strictObject({
  partnershipId: slug,
  parties: z.array(subject).min(2).max(100),
  purpose: text(500),
  /** What the collaboration is, when the source says: a joint venture makes a relationship of its own kind. */
  form: z.enum(['joint-venture', 'joint-lab', 'research', 'other']).optional(),
});
