import { z } from 'zod';
import { expectation } from './development.js';
import { source } from './source.js';
import { edtfDate, subject, text } from './types/common.js';

/**
 * Replaces fields of a development. `data` is merged key by key into the current data (null
 * removes a key) and the result is validated against the development's type again; the other
 * fields are replaced whole (`expectations: []` removes them all).
 */
export const DevelopmentCorrected = z.strictObject({
  changes: z
    .strictObject({
      date: edtfDate.optional(),
      dateNote: text(500).optional(),
      summary: text(500).optional(),
      subjects: z.array(subject).min(1).max(50).optional(),
      sources: z.array(source).min(1).max(20).optional(),
      expectations: z.array(expectation).max(20).optional(),
      data: z.record(z.string(), z.unknown()).optional(),
    })
    .refine((c) => Object.keys(c).length > 0, { message: 'a correction changes at least one field' }),
  reason: text(500),
});
export type Correction = z.infer<typeof DevelopmentCorrected>;

/** Withdraws a development that should not have been recorded; it stays in the log. */
export const DevelopmentRetracted = z.strictObject({
  reason: text(500),
});
export type Retraction = z.infer<typeof DevelopmentRetracted>;
