import { z } from 'zod';
import { isCountryCode } from '../countries.js';
import { parseEdtf } from '../dates/edtf.js';
import { parseSubject } from '../subjects.js';

export const slug = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,119}$/, 'lower-case letters, digits and dashes, starting with a letter or digit');

export const text = (max = 500) => z.string().trim().min(1).max(max);

export const country = z
  .string()
  .refine(isCountryCode, 'an ISO 3166-1 alpha-2 country code (upper case) or EU');

export const subject = z
  .string()
  .refine((id) => parseSubject(id) !== undefined, 'a subject reference: org:<slug>, gov:<slug> or country:<ISO code>');

/** A party that must be an organisation or a government, not a bare country. */
export const party = z
  .string()
  .refine((id) => { const s = parseSubject(id); return s !== undefined && s.kind !== 'country'; },
    'an organisation or government reference: org:<slug> or gov:<slug>');

export const edtfDate = z.string().superRefine((value, ctx) => {
  const parsed = parseEdtf(value);
  if (!parsed.ok) ctx.addIssue({ code: 'custom', message: parsed.reason });
});

export const money = z.object({
  value: z.number().finite().nonnegative(),
  currency: z.string().regex(/^[A-Z]{3}$/, 'an ISO 4217 currency code, e.g. USD'),
  unit: z.enum(['one', 'thousand', 'million', 'billion', 'trillion']),
});
export type Money = z.infer<typeof money>;

export const FACILITY_KINDS = [
  'plant', 'rnd-centre', 'data-centre', 'store', 'office', 'laboratory', 'port', 'mine', 'other',
] as const;
export const facilityKind = z.enum(FACILITY_KINDS);
