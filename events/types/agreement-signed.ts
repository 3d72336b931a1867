import { z } from 'zod';
import { slug, subject, text } from './common.js';

/** A signed agreement, roadmap, statement or memorandum between two or more parties. */
export const AgreementSigned = z.object({
  agreementId: slug,
  title: text(300),
  parties: z.array(subject).min(2),
  scope: text(500).optional(),
});
