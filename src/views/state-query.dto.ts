import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsISO8601, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { IsKnownAt } from '../http/known-at.js';

const DAY = /^\d{4}-\d{2}-\d{2}$/;

export const SUBJECT = /^(?:(?:org|gov):[a-z0-9-]+|country:[A-Z]{2}|region:\d{3})$/;
const SUBJECT_MESSAGE = 'subject must be org:<slug>, gov:<slug>, country:<code> or region:<UN M49 code>';

/** The time axes every view query takes. */
export class AsOfDto {
  @ApiPropertyOptional({ description: 'Valid time: the world as of this day (YYYY-MM-DD); default today' })
  @IsOptional() @IsISO8601({ strict: true }) @Matches(DAY, { message: 'asOf must be a day: YYYY-MM-DD' })
  asOf?: string;

  @ApiPropertyOptional({ description: 'Transaction time: as recorded by then (ISO 8601); default now' })
  @IsOptional() @IsKnownAt()
  knownAt?: string;

  @ApiPropertyOptional({ description: 'Publication axis: count only developments a source had published by this day (YYYY-MM-DD)' })
  @IsOptional() @IsISO8601({ strict: true }) @Matches(DAY, { message: 'publishedBy must be a day: YYYY-MM-DD' })
  publishedBy?: string;
}

export class StateQueryDto extends AsOfDto {
  @ApiPropertyOptional({ enum: ['certain', 'any'], description: '`certain`: only rows whose every development had surely happened by asOf' })
  @IsOptional() @IsIn(['certain', 'any'])
  certainty?: 'certain' | 'any';

  @ApiPropertyOptional({ description: 'ISO 3166-1 alpha-2 code (or EU)', example: 'HU' })
  @IsOptional() @Matches(/^[A-Z]{2}$/, { message: 'country must be an upper-case ISO 3166-1 alpha-2 code' })
  country?: string;

  @ApiPropertyOptional({ description: 'Who: an organisation, government, country or region the row names', example: 'org:byd' })
  @IsOptional() @Matches(SUBJECT, { message: SUBJECT_MESSAGE })
  subject?: string;

  @ApiPropertyOptional({ description: 'From where: a home country of the organisations and governments in the row', example: 'CN' })
  @IsOptional() @Matches(/^[A-Z]{2}$/, { message: 'origin must be an upper-case ISO 3166-1 alpha-2 code' })
  origin?: string;

  @ApiPropertyOptional({ description: 'Row status, e.g. operating (facilities), export-control (policies)' })
  @IsOptional() @IsString() @MaxLength(50)
  status?: string;

  @ApiPropertyOptional({ description: 'Opaque cursor from the previous page' })
  @IsOptional() @IsString() @MaxLength(500)
  cursor?: string;

  @ApiPropertyOptional({ description: 'Page size, 1-500 (default 100)' })
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(500)
  limit?: number;
}

export class ChangesQueryDto {
  @IsISO8601({ strict: true }) @Matches(DAY, { message: 'from must be a day: YYYY-MM-DD' })
  from!: string;

  @IsISO8601({ strict: true }) @Matches(DAY, { message: 'to must be a day: YYYY-MM-DD' })
  to!: string;

  @IsOptional() @IsKnownAt()
  knownAt?: string;

  @IsOptional() @Matches(/^[A-Z]{2}$/, { message: 'country must be an upper-case ISO 3166-1 alpha-2 code' })
  country?: string;

  @IsOptional() @Matches(SUBJECT, { message: SUBJECT_MESSAGE })
  subject?: string;

  @IsOptional() @Matches(/^[A-Z]{2}$/, { message: 'origin must be an upper-case ISO 3166-1 alpha-2 code' })
  origin?: string;

  @IsOptional() @IsISO8601({ strict: true }) @Matches(DAY, { message: 'publishedBy must be a day: YYYY-MM-DD' })
  publishedBy?: string;

  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(500)
  limit?: number;
}
