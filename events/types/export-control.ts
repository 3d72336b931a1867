import { z } from 'zod';
import { party, reason, slug, subject, text } from './common.js';

/** Restrictions on exporting technology to countries or organisations. */
export const ExportControlImposed = z.strictObject({
  controlId: slug,
  title: text(300),
  issuer: party,
  targets: z.array(subject).min(1).max(100),
  technologies: z.array(text(200)).min(1).max(100),
});

/** An export control changed: the fields given replace the earlier ones. */
export const ExportControlAmended = z.strictObject({
  controlId: slug,
  change: text(500),
  title: text(300).optional(),
  targets: z.array(subject).min(1).max(100).optional(),
  technologies: z.array(text(200)).min(1).max(100).optional(),
});

export const ExportControlLifted = z.strictObject({
  controlId: slug,
  reason,
});
