import { ApiPropertyOptional, ApiProperty } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { SUBJECT } from './state-query.dto.js';

const DAY = /^\d{4}-\d{2}-\d{2}$/;

export class SeriesQueryDto {
  @ApiProperty({ description: 'First day (YYYY-MM-DD)', example: '2006-01-01' })
  @IsISO8601({ strict: true }) @Matches(DAY, { message: 'from must be a day: YYYY-MM-DD' })
  from!: string;

  @ApiProperty({ description: 'Last day (YYYY-MM-DD)', example: '2025-12-31' })
  @IsISO8601({ strict: true }) @Matches(DAY, { message: 'to must be a day: YYYY-MM-DD' })
  to!: string;

  @ApiPropertyOptional({ enum: ['year', 'quarter', 'month'], description: 'Default year' })
  @IsOptional() @IsIn(['year', 'quarter', 'month'])
  step?: 'year' | 'quarter' | 'month';

  @ApiPropertyOptional({ enum: ['country', 'origin', 'status', 'kind'] })
  @IsOptional() @IsIn(['country', 'origin', 'status', 'kind'])
  groupBy?: 'country' | 'origin' | 'status' | 'kind';

  @ApiPropertyOptional({ enum: ['certain', 'any'] })
  @IsOptional() @IsIn(['certain', 'any'])
  certainty?: 'certain' | 'any';

  @ApiPropertyOptional({ description: 'Where: ISO 3166-1 alpha-2 code' })
  @IsOptional() @Matches(/^[A-Z]{2}$/, { message: 'country must be an upper-case ISO 3166-1 alpha-2 code' })
  country?: string;

  @ApiPropertyOptional({ description: 'Who: org:<slug>, gov:<slug>, country:<code> or region:<code>' })
  @IsOptional() @Matches(SUBJECT, { message: 'subject must be org:<slug>, gov:<slug>, country:<code> or region:<UN M49 code>' })
  subject?: string;

  @ApiPropertyOptional({ description: 'From where: a home country of the actors' })
  @IsOptional() @Matches(/^[A-Z]{2}$/, { message: 'origin must be an upper-case ISO 3166-1 alpha-2 code' })
  origin?: string;

  @ApiPropertyOptional({ description: 'Row status' })
  @IsOptional() @IsString() @MaxLength(50)
  status?: string;

  @ApiPropertyOptional({ description: 'Transaction time (ISO 8601)' })
  @IsOptional() @IsISO8601({ strict: true })
  knownAt?: string;

  @ApiPropertyOptional({ description: 'Publication axis (YYYY-MM-DD)' })
  @IsOptional() @IsISO8601({ strict: true }) @Matches(DAY, { message: 'publishedBy must be a day: YYYY-MM-DD' })
  publishedBy?: string;
}
