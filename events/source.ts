import { z } from 'zod';
import { edtfDate, figureValue, MAX_URL_LENGTH, text, xmlSafe } from './types/common.js';

export const SOURCE_KINDS = ['news', 'opinion', 'research', 'official', 'company', 'other'] as const;

/**
 * A citation: where the development is reported, a short verbatim quote that supports it, and
 * when the source was published. `published` makes the development certain from then on (a source
 * that reports it as done proves it had happened) and places it on the publication axis.
 */
export const source = z
  .strictObject({
    title: text(300),
    url: xmlSafe(z.url({ protocol: /^https?$/ }).max(MAX_URL_LENGTH)).optional(),
    /** A document the service knows by name, e.g. a seed file `001_925702f4b1f3ce9c.txt`. */
    document: text(200).optional(),
    quote: text(1000),
    /** EDTF; qualified (`2025-10~`) when inferred rather than printed on the source. */
    published: edtfDate.optional(),
    /** How `published` was inferred, when it was: "mentions events of 23 October 2025". */
    publishedNote: text(500).optional(),
    publisher: text(200).optional(),
    kind: z.enum(SOURCE_KINDS).optional(),
    /**
     * What this source itself says when sources disagree: its own date for the development (EDTF)
     * and, for a figure, its own value. The development's date must span every claimed date.
     */
    says: z
      .strictObject({ date: edtfDate.optional(), value: figureValue.optional() })
      .refine((c) => c.date !== undefined || c.value !== undefined, { message: 'says needs a date or a value' })
      .optional(),
  })
  .refine((s) => s.url !== undefined || s.document !== undefined, {
    message: 'a source needs a url or a document',
    path: ['url'],
  });
export type Source = z.infer<typeof source>;
