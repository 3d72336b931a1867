import { z } from 'zod';
import { party, slug, subject, text } from './common.js';

/** Restrictions on exporting technology to countries or organisations. */
export const ExportControlImposed = z.object({
  controlId: slug,
  title: text(300),
  issuer: party,
  targets: z.array(subject).min(1),
  technologies: z.array(text(200)).min(1),
});
