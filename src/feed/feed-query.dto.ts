import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { DEVELOPMENT_TYPE_NAMES } from '../../events/index.js';
import { SUBJECT } from '../views/state-query.dto.js';
import type { FeedFilter } from './feed-message.js';

const csv = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.split(',').map((v) => v.trim()).filter(Boolean) : value);

export class FeedFilterDto {
  @ApiPropertyOptional({ description: 'Comma-separated development types' })
  @IsOptional() @Transform(csv) @IsIn(DEVELOPMENT_TYPE_NAMES, { each: true, message: `type must be one of ${DEVELOPMENT_TYPE_NAMES.join(', ')}` })
  type?: string[];

  @ApiPropertyOptional({ description: 'Who or where it names', example: 'org:byd' })
  @IsOptional() @Matches(SUBJECT, { message: 'subject must be org:<slug>, gov:<slug>, country:<code> or region:<UN M49 code>' })
  subject?: string;

  @ApiPropertyOptional({ description: 'Where it happens (ISO 3166-1 alpha-2)', example: 'HU' })
  @IsOptional() @Matches(/^[A-Z]{2}$/, { message: 'country must be an upper-case ISO 3166-1 alpha-2 code' })
  country?: string;

  @ApiPropertyOptional({ description: 'From where: a home country of the organisations and governments involved', example: 'CN' })
  @IsOptional() @Matches(/^[A-Z]{2}$/, { message: 'origin must be an upper-case ISO 3166-1 alpha-2 code' })
  origin?: string;

  @ApiPropertyOptional()
  @IsOptional() @IsString() @MaxLength(200)
  q?: string;
}

export class FeedQueryDto extends FeedFilterDto {
  @ApiPropertyOptional({ description: 'Start after this position (as Last-Event-ID does); omitted: only new developments' })
  @IsOptional() @IsString() @MaxLength(100)
  from?: string;
}

export class AtomQueryDto extends FeedFilterDto {
  @ApiPropertyOptional({ description: 'Entries, 1-500 (default 50)' })
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(500)
  limit?: number;
}

export function toFeedFilter(dto: FeedFilterDto): FeedFilter {
  return { types: dto.type, subject: dto.subject, country: dto.country, origin: dto.origin, q: dto.q };
}
