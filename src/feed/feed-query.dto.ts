import { MIN_QUERY_LENGTH } from '../filters/development-filter.js';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Max, MaxLength, MinLength, Min } from 'class-validator';
import { DEVELOPMENT_TYPE_NAMES } from '../../events/index.js';
import { CountryParam, OriginParam, SubjectParam } from '../http/query-params.js';
import type { FeedFilter } from './feed-message.js';

const csv = ({ value }: { value: unknown }) =>
  typeof value === 'string'
    ? value
        .split(',')
        .map((v) => v.trim())
        .filter(Boolean)
    : value;

export class FeedFilterDto {
  @ApiPropertyOptional({ description: 'Comma-separated development types' })
  @IsOptional()
  @Transform(csv)
  @IsIn(DEVELOPMENT_TYPE_NAMES, { each: true, message: `type must be one of ${DEVELOPMENT_TYPE_NAMES.join(', ')}` })
  type?: string[];

  @SubjectParam()
  subject?: string;

  @CountryParam('Where it happens: an ISO 3166-1 alpha-2 code (or EU)')
  country?: string;

  @OriginParam()
  origin?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MinLength(MIN_QUERY_LENGTH, {
    message: `q must be at least ${MIN_QUERY_LENGTH} characters: words are found by their trigrams`,
  })
  @MaxLength(200)
  q?: string;
}

export class FeedQueryDto extends FeedFilterDto {
  @ApiPropertyOptional({
    description: 'Start after this position (as Last-Event-ID does); omitted: only new developments',
  })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  from?: string;
}

export class AtomQueryDto extends FeedFilterDto {
  @ApiPropertyOptional({ description: 'Entries, 1-500 (default 50)' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  limit?: number;
}

export function toFeedFilter(dto: FeedFilterDto): FeedFilter {
  return { types: dto.type, subject: dto.subject, country: dto.country, origin: dto.origin, q: dto.q };
}
