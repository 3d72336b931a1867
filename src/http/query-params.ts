import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsOptional, registerDecorator, type ValidationArguments } from 'class-validator';
import { DEVELOPMENT_TYPE_NAMES, isCountryCode, parseSubject } from '../../events/index.js';
import { MIN_QUERY_LENGTH } from '../filters/development-filter.js';
import { CURSOR_MESSAGE, isCursor, MAX_CURSOR_LENGTH } from './cursor.js';
import { type DateReading, readDay, readKnownAt, readRangeEnd } from './known-at.js';

/**
 * Every query parameter of the service, declared once: what it accepts, how a refusal reads, and how
 * the API description shows it. A DTO is a list of these; no route spells a rule of its own.
 */

/** A rule: a name (the `code` of a refused parameter), a test, and the message of a refusal. */
function rule(
  name: string,
  test: (value: unknown) => boolean,
  message: (value: unknown, property: string) => string,
  context?: Record<string, unknown>,
): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name,
      target: target.constructor,
      propertyName: String(propertyName),
      options: {
        message: (args: ValidationArguments) => message(args.value, args.property),
        ...(context ? { context } : {}),
      },
      validator: { validate: (value: unknown) => test(value) },
    });
}

/** Optional unless `required`; documented either way. */
function param(
  doc: Parameters<typeof ApiPropertyOptional>[0],
  required: boolean,
  ...rules: PropertyDecorator[]
): PropertyDecorator {
  return applyDecorators(
    required ? ApiProperty(doc) : ApiPropertyOptional(doc),
    ...(required ? rules : [IsOptional(), ...rules]),
  );
}

/** A date rule: a reading that may explain why the date does not exist. */
function dateRule(name: string, read: (value: unknown) => DateReading, expected: string): PropertyDecorator {
  return rule(
    name,
    (value) => read(value).ok,
    (value, property) => {
      const reading = read(value);
      const reason = reading.ok ? undefined : reading.reason;
      return `${property} must be ${expected}${reason ? `: ${reason}` : ''}`;
    },
  );
}

const DAY_WORDS = 'a day (YYYY-MM-DD)';

/** A day of valid time or publication, `YYYY-MM-DD`, that exists. */
export function DayParam(description: string, options: { required?: boolean; example?: string } = {}) {
  return param(
    { description, format: 'date', ...(options.example ? { example: options.example } : {}) },
    options.required ?? false,
    dateRule('isDay', readDay, DAY_WORDS),
  );
}

/** Valid time: the world as of this day. */
export const AsOfParam = () => DayParam('Valid time: the world as of this day (YYYY-MM-DD); default today');

/** The publication axis. */
export const PublishedByParam = () =>
  DayParam('Publication axis: count only developments a source had published by this day (YYYY-MM-DD)');

/**
 * One end of a range, as a person types it: a day, a month or a year. `from` is the first day of a
 * month or year, `to` its last: `from=2005&to=2025` is 1 January 2005 to 31 December 2025.
 */
export function RangeParam(
  end: 'from' | 'to',
  description: string,
  options: { required?: boolean; example?: string } = {},
) {
  const side = end === 'from' ? 'first' : 'last';
  const reading = end === 'from' ? 'from its first day' : 'to its last day';
  const read = (value: unknown) => readRangeEnd(value, side);
  return applyDecorators(
    param(
      {
        description: `${description}: a day (YYYY-MM-DD), or a month (YYYY-MM) or a year (YYYY) read ${reading}`,
        type: 'string',
        ...(options.example ? { example: options.example } : {}),
      },
      options.required ?? false,
      dateRule('isRangeEnd', read, `${DAY_WORDS}, a month (YYYY-MM) or a year (YYYY)`),
    ),
    // The day it means, for the route; a value that is none is left as given, for the rule to explain.
    Transform(({ value }) => {
      const reading = read(value);
      return reading.ok ? reading.value : value;
    }),
  );
}

/** Transaction time, read once here into the instant it names (ISO, UTC): handlers get that instant. */
export function KnownAtParam(
  description = 'Transaction time: as recorded by then (a day, or a date-time with a zone); default now',
) {
  return applyDecorators(
    param(
      { description, type: 'string', example: '2025-06-30T12:00:00Z' },
      false,
      dateRule('isKnownAt', readKnownAt, `${DAY_WORDS} or a date-time with a zone (YYYY-MM-DDThh:mm:ssZ)`),
    ),
    Transform(({ value }) => {
      const reading = readKnownAt(value);
      return reading.ok ? reading.value : value;
    }),
  );
}

/** Where: a country. */
export const CountryParam = (description = 'Where: an ISO 3166-1 alpha-2 code (or EU)') =>
  countryParam('country', description, 'HU');

/** From where: a home country of the organisations and governments involved. */
export const OriginParam = () =>
  countryParam('origin', 'From where: a home country of the organisations and governments involved', 'CN');

function countryParam(name: string, description: string, example: string) {
  return param(
    { description, example },
    false,
    rule(
      'isCountry',
      (value) => typeof value === 'string' && isCountryCode(value),
      () => `${name} must be an ISO 3166-1 alpha-2 country code in upper case (or EU)`,
    ),
  );
}

const SUBJECT_WORDS = 'org:<slug>, gov:<slug>, country:<code> or region:<UN M49 code>';

/** Who or where: a reference as the domain writes it (`events/subjects.ts`). */
export const SubjectParam = () =>
  param(
    { description: `Who or where: ${SUBJECT_WORDS}`, example: 'org:byd' },
    false,
    rule(
      'isSubject',
      (value) => typeof value === 'string' && parseSubject(value) !== undefined,
      () =>
        `subject must be ${SUBJECT_WORDS}: a slug of lower-case letters, digits and hyphens (1-80, not starting ` +
        'with a hyphen), an ISO 3166-1 alpha-2 code (or EU), or a UN M49 region',
    ),
  );

/** One of a fixed list of values; a refusal lists them (`allowed` on the field's error). */
export function EnumParam<T extends string>(name: string, values: readonly T[], description?: string) {
  return param(
    { enum: [...values], ...(description ? { description } : {}) },
    false,
    rule(
      'isIn',
      (value) => typeof value === 'string' && (values as readonly string[]).includes(value),
      () => `${name} must be one of ${values.join(', ')}`,
      { allowed: values },
    ),
  );
}

/** `certain` or `any`. */
export const CertaintyParam = () =>
  EnumParam(
    'certainty',
    ['certain', 'any'] as const,
    '`certain`: only what had surely happened by the date, and only while its sources cover it; `any` (default): also what possibly had',
  );

/** Development types, comma-separated (or repeated). */
export const TypesParam = () =>
  applyDecorators(
    Transform(({ value }) =>
      typeof value === 'string'
        ? value
            .split(',')
            .map((v) => v.trim())
            .filter(Boolean)
        : value,
    ),
    param(
      {
        description: 'Comma-separated development types',
        example: 'FacilityOpened,LicensingDealSigned',
        type: 'string',
      },
      false,
      rule(
        'isIn',
        (value) => Array.isArray(value) && value.every((v) => (DEVELOPMENT_TYPE_NAMES as string[]).includes(v)),
        () => `type must be among ${DEVELOPMENT_TYPE_NAMES.join(', ')}`,
        { allowed: DEVELOPMENT_TYPE_NAMES },
      ),
    ),
  );

/** One development type. */
export const TypeParam = (description: string) => EnumParam('type', DEVELOPMENT_TYPE_NAMES, description);

/** A row status: which statuses a view knows is checked with the view (`src/views/view-statuses.ts`). */
export const StatusParam = (description: string) =>
  param(
    { description, type: 'string', maxLength: 50 },
    false,
    rule(
      'isStatus',
      (value) => typeof value === 'string' && value.length <= 50,
      () => 'status must be a status of the view (at most 50 characters)',
    ),
  );

/** Words of the summary, data, sources and quotes. */
export const TextParam = () =>
  param(
    {
      description: 'Words of the summary, data, sources and quotes, e.g. `battery`',
      type: 'string',
      minLength: MIN_QUERY_LENGTH,
      maxLength: 200,
    },
    false,
    rule(
      'isText',
      // Counted as the search index counts characters: by code point.
      (value) => {
        const length = typeof value === 'string' ? Array.from(value).length : 0;
        return length >= MIN_QUERY_LENGTH && length <= 200;
      },
      () => `q must be ${MIN_QUERY_LENGTH} to 200 characters: words are found by their trigrams`,
    ),
  );

/** A date as a development's `date` or a period is written (EDTF): read by the route, which explains it. */
export const EdtfParam = (description: string) =>
  param(
    { description, type: 'string', maxLength: 100, example: '2025-12~' },
    true,
    rule(
      'isEdtfText',
      (value) => typeof value === 'string' && value.length > 0 && value.length <= 100,
      (_value, property) => `${property} is required: an EDTF date of at most 100 characters, such as 2025-12~`,
    ),
  );

/** `true` or `false`. */
export const BooleanParam = (name: string, description: string) =>
  applyDecorators(
    Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value)),
    param(
      { description, type: 'boolean' },
      false,
      rule(
        'isBoolean',
        (value) => typeof value === 'boolean',
        () => `${name} must be true or false`,
        { allowed: ['true', 'false'] },
      ),
    ),
  );

/** A number within bounds (fractions allowed). */
export const NumberParam = (name: string, description: string, min: number, max: number) =>
  applyDecorators(
    Transform(({ value }) => (typeof value === 'string' && /^\d+(?:\.\d+)?$/.test(value) ? Number(value) : value)),
    param(
      { description, type: 'number', minimum: min, maximum: max },
      false,
      rule(
        'isNumberInRange',
        (value) => typeof value === 'number' && value >= min && value <= max,
        () => `${name} must be a number from ${min} to ${max}`,
      ),
    ),
  );

/** A page's size. */
export const LimitParam = (max: number, fallback: number, what = 'Page size') =>
  applyDecorators(
    Transform(({ value }) => (typeof value === 'string' && /^\d{1,6}$/.test(value) ? Number(value) : value)),
    param(
      { description: `${what}, 1-${max} (default ${fallback})`, type: 'integer', minimum: 1, maximum: max },
      false,
      rule(
        'isLimit',
        (value) => Number.isInteger(value) && (value as number) >= 1 && (value as number) <= max,
        () => `limit must be an integer from 1 to ${max}`,
      ),
    ),
  );

/** Where the previous page ended: its `nextCursor`, as given (a refusal is BAD_CURSOR). */
export const CursorParam = () =>
  param(
    { description: 'Where the previous page ended: its `nextCursor`, as given', type: 'string' },
    false,
    rule(
      'isCursor',
      (value) => isCursor(value) && String(value).length <= MAX_CURSOR_LENGTH,
      () => CURSOR_MESSAGE,
    ),
  );

/** A position of the log to resume after (`resume-position.ts` checks the log reaches it). */
export const PositionParam = (description: string) =>
  param(
    { description, type: 'string', maxLength: 100 },
    false,
    rule(
      'isPosition',
      (value) => typeof value === 'string' && value.length > 0 && value.length <= 100,
      (_value, property) => `${property} must be a position of the log: the id of a message received`,
    ),
  );
