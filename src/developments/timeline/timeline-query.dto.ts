import { MIN_QUERY_LENGTH } from '../../filters/development-filter.js';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  MinLength,
  Min,
} from 'class-validator';
import { DEVELOPMENT_TYPE_NAMES } from '../../../events/index.js';
import { IsKnownAt } from '../../http/known-at.js';
import { CountryParam, OriginParam, PublishedByParam, SubjectParam } from '../../http/query-params.js';

const csv = ({ value }: { value: unknown }) =>
  typeof value === 'string'
    ? value
        .split(',')
        .map((v) => v.trim())
        .filter(Boolean)
    : value;

export class TimelineQueryDto {
  @ApiPropertyOptional({ description: 'Developments that may have happened on or after this day (YYYY-MM-DD)' })
  @IsOptional()
  @IsISO8601({ strict: true })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'from must be a day: YYYY-MM-DD' })
  from?: string;

  @ApiPropertyOptional({ description: 'Developments that may have happened on or before this day (YYYY-MM-DD)' })
  @IsOptional()
  @IsISO8601({ strict: true })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'to must be a day: YYYY-MM-DD' })
  to?: string;

  @ApiPropertyOptional({
    description: 'Comma-separated development types',
    example: 'FacilityOpened,LicensingDealSigned',
  })
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

  @PublishedByParam()
  publishedBy?: string;

  @ApiPropertyOptional({ description: 'Free text, matched in summaries, data and quotes' })
  @IsOptional()
  @IsString()
  @MinLength(MIN_QUERY_LENGTH, {
    message: `q must be at least ${MIN_QUERY_LENGTH} characters: words are found by their trigrams`,
  })
  @MaxLength(200)
  q?: string;

  @ApiPropertyOptional({ description: 'Transaction time: the timeline as recorded by then (ISO 8601)' })
  @IsOptional()
  @IsKnownAt()
  knownAt?: string;

  @ApiPropertyOptional({ description: 'Include retracted developments' })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  includeRetracted?: boolean;

  @ApiPropertyOptional({ description: 'Opaque cursor from the previous page' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  cursor?: string;

  @ApiPropertyOptional({ description: 'Page size, 1-500 (default 50)' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  limit?: number;
}
