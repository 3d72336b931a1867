import { z } from 'zod';
import { isCountryCode } from '../countries.js';
import { parseEdtf } from '../dates/edtf.js';
import { parseSubject } from '../subjects.js';

/** A bounded string: over `max` characters it is refused before any other check reads it. */
export const bounded = (max: number) => z.string().max(max, { abort: true });

/** Long enough for any reference (`org:` + a 120-character slug), any EDTF date, any code. */
export const REFERENCE_LENGTH = 128;

export const slug = bounded(120).regex(
  /^[a-z0-9][a-z0-9-]{0,119}$/,
  'lower-case letters, digits and dashes, starting with a letter or digit',
);

/**
 * What XML 1.0 cannot carry: C0 controls other than tab, newline and carriage return, U+FFFE,
 * U+FFFF and surrogates without their pair. Text goes out in Atom and CSV, so it is refused here.
 */
const NOT_XML =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** `value` with each character XML 1.0 cannot carry replaced (text stored before it was refused). */
export function xmlCarriable(value: string): string {
  return value.replace(new RegExp(NOT_XML.source, 'g'), '\uFFFD');
}

/** The first character of `value` that XML 1.0 cannot carry, as "U+0000 at character 5". */
export function notXmlCharacter(value: string): string | undefined {
  const found = NOT_XML.exec(value);
  if (!found) return undefined;
  const code = found[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0');
  return `U+${code} at character ${found.index + 1}`;
}

/** Refuses characters XML 1.0 cannot carry, with the stable code `invalid_character`. */
export const xmlSafe = <T extends z.ZodType<string>>(schema: T) =>
  schema.superRefine((value, ctx) => {
    const found = notXmlCharacter(value);
    if (found)
      ctx.addIssue({
        code: 'custom',
        message: `contains ${found}, a character XML 1.0 cannot carry`,
        params: { code: 'invalid_character' },
      });
  });

export const text = (max = 500) => xmlSafe(z.string().trim().min(1).max(max));

/** The longest source or webhook URL taken: longer ones are not links a reader can follow. */
export const MAX_URL_LENGTH = 2048;

export const country = bounded(2).refine(isCountryCode, 'an ISO 3166-1 alpha-2 country code (upper case) or EU');

export const subject = bounded(REFERENCE_LENGTH).refine(
  (id) => parseSubject(id) !== undefined,
  'a subject reference: org:<slug>, gov:<slug>, country:<ISO code> or region:<UN M49 code>',
);

/** A party that must be an organisation or a government, not a place. */
export const party = bounded(REFERENCE_LENGTH).refine((id) => {
  const s = parseSubject(id);
  return s !== undefined && (s.kind === 'org' || s.kind === 'gov');
}, 'an organisation or government reference: org:<slug> or gov:<slug>');

/** Where a figure goes or comes from: a country or a UN M49 region. */
export const place = bounded(REFERENCE_LENGTH).refine((id) => {
  const s = parseSubject(id);
  return s?.kind === 'country' || s?.kind === 'region';
}, 'a place: country:<ISO code> or region:<UN M49 code>, e.g. region:035');

/** When a development happened: an EDTF date, or an interval with a known end. */
export const edtfDate = bounded(64).superRefine((value, ctx) => {
  const parsed = parseEdtf(value);
  if (!parsed.ok) ctx.addIssue({ code: 'custom', message: parsed.reason });
});

/** A period something covers (a plan, a figure): an EDTF date or interval, whose end may be open. */
export const edtfPeriod = bounded(64).superRefine((value, ctx) => {
  const parsed = parseEdtf(value, { openEnd: true });
  if (!parsed.ok) ctx.addIssue({ code: 'custom', message: parsed.reason });
});

const CURRENCIES: ReadonlySet<string> = new Set(Intl.supportedValuesOf('currency'));
export const SCALES = ['one', 'thousand', 'million', 'billion', 'trillion'] as const;
/** How a source qualifies a number: "over 30", "nearly RMB 290 billion", "approximately 70%". */
export const BOUNDS = ['about', 'nearly', 'over', 'under', 'at-least', 'at-most'] as const;

export const money = z.strictObject({
  value: z.number().finite().nonnegative(),
  currency: bounded(3).refine((c) => CURRENCIES.has(c), 'an ISO 4217 currency code, e.g. USD'),
  unit: z.enum(SCALES),
  bound: z.enum(BOUNDS).optional(),
});
export type Money = z.infer<typeof money>;

export const QUANTITY_UNITS = [
  'percent',
  'percentage-points',
  'count',
  'gigawatt-hours',
  'gigawatts',
  'tonnes',
] as const;

/** A number that is not money: a share in percent, a count of firms, a capacity. */
export const quantity = z.strictObject({
  value: z.number().finite(),
  unit: z.enum(QUANTITY_UNITS),
  scale: z.enum(SCALES).optional(),
  /** What a share is a share of: "total outward direct investment flow". */
  of: text(200).optional(),
  bound: z.enum(BOUNDS).optional(),
});
export type Quantity = z.infer<typeof quantity>;

/** A reported figure: money when it has a currency, else a quantity. */
export const figureValue = z.union([money, quantity]);
export type FigureValue = z.infer<typeof figureValue>;

export const FACILITY_KINDS = [
  'plant',
  'rnd-centre',
  'data-centre',
  'store',
  'office',
  'laboratory',
  'port',
  'mine',
  'other',
] as const;
export const facilityKind = z.enum(FACILITY_KINDS);

/** Why something ended, when the source says. */
export const reason = text(500).optional();
