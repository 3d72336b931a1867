import { z } from 'zod';
import { text } from './types/common.js';

/** A citation: where the development is reported, with a short quote that supports it. */
export const source = z
  .object({
    title: text(300),
    url: z.url({ protocol: /^https?$/ }).optional(),
    /** A document the service knows by name, e.g. a seed file `001_925702f4b1f3ce9c.txt`. */
    document: text(200).optional(),
    quote: text(1000),
  })
  .refine((s) => s.url !== undefined || s.document !== undefined, {
    message: 'a source needs a url or a document',
    path: ['url'],
  });
export type Source = z.infer<typeof source>;
