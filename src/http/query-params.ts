import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsISO8601, IsOptional, Matches } from 'class-validator';

/**
 * The query parameters many routes share, defined once: what each accepts, how a bad value is
 * reported, and how the API description shows it.
 */
const DAY = /^\d{4}-\d{2}-\d{2}$/;
const CODE = /^[A-Z]{2}$/;

export const SUBJECT = /^(?:(?:org|gov):[a-z0-9-]+|country:[A-Z]{2}|region:\d{3})$/;

/** A day, `YYYY-MM-DD`; `required` for a range's ends. */
export function DayParam(name: string, description: string, required = false): PropertyDecorator {
  const rules = [IsISO8601({ strict: true }), Matches(DAY, { message: `${name} must be a day: YYYY-MM-DD` })];
  return applyDecorators(
    ApiPropertyOptional({ description, format: 'date' }),
    ...(required ? rules : [IsOptional(), ...rules]),
  );
}

/** Where: a country the development happens in, or the row is about. */
export const CountryParam = (description = 'Where: an ISO 3166-1 alpha-2 code (or EU)') =>
  applyDecorators(
    ApiPropertyOptional({ description, example: 'HU' }),
    IsOptional(),
    Matches(CODE, { message: 'country must be an upper-case ISO 3166-1 alpha-2 code' }),
  );

/** From where: a home country of the organisations and governments involved. */
export const OriginParam = () =>
  applyDecorators(
    ApiPropertyOptional({
      description: 'From where: a home country of the organisations and governments involved',
      example: 'CN',
    }),
    IsOptional(),
    Matches(CODE, { message: 'origin must be an upper-case ISO 3166-1 alpha-2 code' }),
  );

/** Who or where it names. */
export const SubjectParam = () =>
  applyDecorators(
    ApiPropertyOptional({
      description: 'Who or where: org:<slug>, gov:<slug>, country:<code> or region:<UN M49 code>',
      example: 'org:byd',
    }),
    IsOptional(),
    Matches(SUBJECT, { message: 'subject must be org:<slug>, gov:<slug>, country:<code> or region:<UN M49 code>' }),
  );

/** The publication axis. */
export const PublishedByParam = () =>
  DayParam('publishedBy', 'Publication axis: count only developments a source had published by this day (YYYY-MM-DD)');
