import { z } from 'zod';
import { DEVELOPMENT_TYPES, DEVELOPMENT_TYPE_NAMES, isDevelopmentType, type DevelopmentType } from './catalogue.js';
import { parseEdtf, type EdtfDate } from './dates/edtf.js';
import { source, type Source } from './source.js';
import { isPlace } from './subjects.js';
import { bounded, edtfDate, edtfPeriod, REFERENCE_LENGTH, subject, text } from './types/common.js';
import { collectCountries, collectReferences } from './references.js';

/** What a source says is planned or due: "set for a late 2025 launch" on a construction start. */
export const expectation = z.strictObject({
  type: bounded(REFERENCE_LENGTH).refine(isDevelopmentType, { message: `one of ${DEVELOPMENT_TYPE_NAMES.join(', ')}` }),
  date: edtfPeriod,
  note: text(500).optional(),
});
export type Expectation = { type: DevelopmentType; date: string; note?: string };

/** What a client submits to record a development. */
export const developmentInput = z.strictObject({
  id: z.uuid().optional(),
  type: bounded(REFERENCE_LENGTH).refine(isDevelopmentType, { message: `one of ${DEVELOPMENT_TYPE_NAMES.join(', ')}` }),
  date: edtfDate,
  /** The words the source used for the date, or how it was inferred. */
  dateNote: text(500).optional(),
  summary: text(500),
  subjects: z.array(subject).min(1).max(50),
  sources: z.array(source).min(1).max(20),
  expectations: z.array(expectation).max(20).optional(),
  data: z.record(z.string(), z.unknown()),
});

/** The body of a development as stored (its id and type live on the event envelope). */
export interface DevelopmentBody {
  date: string;
  dateNote?: string;
  summary: string;
  subjects: string[];
  sources: Source[];
  expectations?: Expectation[];
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

/** Validates the envelope, `data` against the schema of the development's type, then the rules across fields. */
export function checkDevelopment(
  input: unknown,
): Checked<{ id?: string; type: DevelopmentType; body: DevelopmentBody }> {
  const envelope = developmentInput.safeParse(input);
  if (!envelope.success) {
    // Report the data's errors too when the type is known, so one round trip shows them all.
    const { type, data } = (input ?? {}) as { type?: unknown; data?: unknown };
    const dataErrors =
      typeof type === 'string' && isDevelopmentType(type) && data !== null && typeof data === 'object'
        ? ((checkData(type, data) as { errors?: FieldError[] }).errors ?? [])
        : [];
    return { ok: false, errors: [...toFieldErrors(envelope.error), ...dataErrors] };
  }
  const { id, type, ...rest } = envelope.data;
  const data = checkData(type as DevelopmentType, rest.data);
  if (!data.ok) return data;
  const body = withoutUndefined({ ...rest, data: data.value }) as DevelopmentBody;
  const crossed = crossFieldErrors(body);
  if (crossed.length > 0) return { ok: false, errors: crossed };
  return { ok: true, value: { id, type: type as DevelopmentType, body } };
}

/** Validates a whole body (as a correction produces it) like a new development of `type`. */
export function checkBody(type: DevelopmentType, body: DevelopmentBody): Checked<DevelopmentBody> {
  const checked = checkDevelopment({ type, ...body });
  return checked.ok ? { ok: true, value: checked.value.body } : checked;
}

export function checkData(type: DevelopmentType, data: unknown): Checked<Record<string, unknown>> {
  const parsed = DEVELOPMENT_TYPES[type].data.safeParse(data);
  if (!parsed.success) return { ok: false, errors: toFieldErrors(parsed.error, ['data']) };
  return { ok: true, value: parsed.data as Record<string, unknown> };
}

/** The rules across fields: what sources claim, and when they were published. */
function crossFieldErrors(body: DevelopmentBody): FieldError[] {
  const date = dateOf(body);
  return body.sources.flatMap((s, i) => [...claimErrors(body, date, s, i), ...publishedErrors(date, s, i)]);
}

/**
 * A source's own claim must fit the development: the recorded date spans what every source says
 * (the interval covers the claims; nothing is averaged or overwritten), and only a figure has a value.
 */
function claimErrors(body: DevelopmentBody, date: EdtfDate, s: Source, i: number): FieldError[] {
  const errors: FieldError[] = [];
  if (s.says?.date !== undefined) {
    const claimed = parseEdtf(s.says.date);
    if (claimed.ok && (claimed.value.earliest < date.earliest || claimed.value.latest > date.latest)) {
      errors.push({
        path: `sources.${i}.says.date`,
        code: 'claim_outside_date',
        message:
          `this source says ${s.says.date} (${claimed.value.earliest}..${claimed.value.latest}), outside the ` +
          `development's date ${body.date} (${date.earliest}..${date.latest}): record a date that spans what every ` +
          `source says, e.g. an interval ${spanning(date, claimed.value)}`,
      });
    }
  }
  if (s.says?.value !== undefined && !('value' in body.data)) {
    errors.push({
      path: `sources.${i}.says.value`,
      code: 'not_a_figure',
      message: 'only a figure has a value to claim',
    });
  }
  return errors;
}

function spanning(a: EdtfDate, b: EdtfDate): string {
  const earliest = a.earliest < b.earliest ? a.earliest : b.earliest;
  const latest = a.latest > b.latest ? a.latest : b.latest;
  return `${earliest}/${latest}`;
}

/** A source published before the development's first possible day cannot report it as done. */
function publishedErrors(date: EdtfDate, s: Source, i: number): FieldError[] {
  const published = s.published === undefined ? undefined : parseEdtf(s.published);
  if (!published?.ok || published.value.latest >= date.earliest) return [];
  return [
    {
      path: `sources.${i}.published`,
      code: 'published_before_date',
      message:
        `published ${s.published}, before the development's first possible day ${date.earliest}: a source cannot ` +
        'report as done what had not yet happened; record it as an expectation of an earlier development instead',
    },
  ];
}

/** Every `org:` / `gov:` reference a development makes, in its subjects and its data. */
export function referencesOf(body: DevelopmentBody): string[] {
  return [...new Set([...body.subjects, ...collectReferences(body.data)])].filter((r) => !isPlace(r));
}

/** The countries a development happens in: `country:` references and the country fields of its data. */
export function countriesOf(body: Pick<DevelopmentBody, 'subjects' | 'data'>): string[] {
  return [
    ...new Set([
      ...collectReferences(body.subjects).flatMap(countryCode),
      ...collectCountries(body.data),
      ...collectReferences(body.data).flatMap(countryCode),
    ]),
  ];
}

/** Data fields whose places act as parties: a country investing, or signing. */
const ACTING_FIELDS = /^(investor|reporter|issuer|coIssuers|parties|participants)$/;

/**
 * Where the actors come from: the home country of every organisation and government the
 * development names, and the countries that act in it themselves (an investor `country:CN`).
 */
export function originsOf(
  body: Pick<DevelopmentBody, 'subjects' | 'data'>,
  homeCountry: (ref: string) => string | undefined,
): string[] {
  const actors = Object.entries(body.data)
    .filter(([key]) => ACTING_FIELDS.test(key))
    .flatMap(([, v]) => collectReferences(v));
  const refs = [...body.subjects, ...collectReferences(body.data)].filter((r) => !isPlace(r));
  return [
    ...new Set([...refs.map(homeCountry).filter((c): c is string => c !== undefined), ...actors.flatMap(countryCode)]),
  ];
}

export function dateOf(body: Pick<DevelopmentBody, 'date'>): EdtfDate {
  const parsed = parseEdtf(body.date);
  if (!parsed.ok) throw new Error(`stored development has an invalid date: ${parsed.reason}`);
  return parsed.value;
}

type Issue = z.core.$ZodIssue;

export function toFieldErrors(error: z.ZodError, prefix: (string | number)[] = []): FieldError[] {
  return error.issues.flatMap((issue) => issueErrors(issue, prefix));
}

function issueErrors(issue: Issue, prefix: (string | number)[]): FieldError[] {
  const at = [...prefix, ...issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p))];
  if (issue.code === 'unrecognized_keys') {
    // Each unknown field gets its own path: nothing a client sends is dropped without a word.
    return issue.keys.map((key) => ({
      path: [...at, key].join('.'),
      code: 'unknown_field',
      message: `${key} is not a field of this object`,
    }));
  }
  if (issue.code === 'invalid_union' && issue.errors.length > 0) {
    // Report the alternative the input came closest to.
    const closest = [...issue.errors].sort((a, b) => a.length - b.length)[0]!;
    return closest.flatMap((inner) => issueErrors(inner, at));
  }
  const custom = issue.code === 'custom' ? (issue.params?.code as string | undefined) : undefined;
  return [
    {
      path: at.map(String).join('.') || '(body)',
      code: custom ?? (issue.code === 'custom' ? 'invalid' : issue.code),
      message: issue.message,
    },
  ];
}

function countryCode(ref: string): string[] {
  return ref.startsWith('country:') ? [ref.slice('country:'.length)] : [];
}

function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
