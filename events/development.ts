import { z } from 'zod';
import { DEVELOPMENT_TYPES, DEVELOPMENT_TYPE_NAMES, isDevelopmentType, type DevelopmentType } from './catalogue.js';
import { parseEdtf, type EdtfDate } from './dates/edtf.js';
import { source, type Source } from './source.js';
import { edtfDate, subject, text } from './types/common.js';
import { collectCountries, collectReferences } from './references.js';

/** What a client submits to record a development. */
export const developmentInput = z.object({
  id: z.uuid().optional(),
  type: z.string().refine(isDevelopmentType, { message: `one of ${DEVELOPMENT_TYPE_NAMES.join(', ')}` }),
  date: edtfDate,
  dateNote: text(300).optional(),
  summary: text(500),
  subjects: z.array(subject).min(1).max(50),
  sources: z.array(source).min(1).max(20),
  data: z.record(z.string(), z.unknown()),
});

/** The body of a development as stored (its id and type live on the event envelope). */
export interface DevelopmentBody {
  date: string;
  dateNote?: string;
  summary: string;
  subjects: string[];
  sources: Source[];
  data: Record<string, unknown>;
}

export interface Development extends DevelopmentBody {
  id: string;
  type: DevelopmentType;
}

export interface FieldError {
  /** Path of the failing field, dotted: `data.licensor`, `sources.0.quote`. */
  path: string;
  code: string;
  message: string;
}

export type Checked<T> = { ok: true; value: T } | { ok: false; errors: FieldError[] };

/** Validates the envelope, then `data` against the schema of the development's type. */
export function checkDevelopment(input: unknown): Checked<{ id?: string; type: DevelopmentType; body: DevelopmentBody }> {
  const envelope = developmentInput.safeParse(input);
  if (!envelope.success) {
    // Report the data's errors too when the type is known, so one round trip shows them all.
    const { type, data } = (input ?? {}) as { type?: unknown; data?: unknown };
    const dataErrors = typeof type === 'string' && isDevelopmentType(type) && data !== null && typeof data === 'object'
      ? (checkData(type, data) as { errors?: FieldError[] }).errors ?? []
      : [];
    return { ok: false, errors: [...toFieldErrors(envelope.error), ...dataErrors] };
  }
  const { id, type, ...rest } = envelope.data;
  const data = checkData(type as DevelopmentType, rest.data);
  if (!data.ok) return data;
  return { ok: true, value: { id, type: type as DevelopmentType, body: withoutUndefined({ ...rest, data: data.value }) } };
}

export function checkData(type: DevelopmentType, data: unknown): Checked<Record<string, unknown>> {
  const parsed = DEVELOPMENT_TYPES[type].data.safeParse(data);
  if (!parsed.success) return { ok: false, errors: toFieldErrors(parsed.error, ['data']) };
  return { ok: true, value: parsed.data as Record<string, unknown> };
}

/** Every `org:` / `gov:` reference a development makes, in its subjects and its data. */
export function referencesOf(body: DevelopmentBody): string[] {
  return [...new Set([...body.subjects, ...collectReferences(body.data)])].filter((r) => !r.startsWith('country:'));
}

/** The countries a development concerns: `country:` subjects and the country fields of its data. */
export function countriesOf(body: DevelopmentBody): string[] {
  return [...new Set([...collectReferences(body.subjects).flatMap(countryCode), ...collectCountries(body.data)])];
}

export function dateOf(body: Pick<DevelopmentBody, 'date'>): EdtfDate {
  const parsed = parseEdtf(body.date);
  if (!parsed.ok) throw new Error(`stored development has an invalid date: ${parsed.reason}`);
  return parsed.value;
}

export function toFieldErrors(error: z.ZodError, prefix: (string | number)[] = []): FieldError[] {
  return error.issues.map((issue) => ({
    path: [...prefix, ...issue.path].map(String).join('.') || '(body)',
    code: issue.code === 'custom' ? 'invalid' : issue.code,
    message: issue.message,
  }));
}

function countryCode(ref: string): string[] {
  return ref.startsWith('country:') ? [ref.slice('country:'.length)] : [];
}

function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

