import { ApiPropertyOptional, ApiProperty } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { CountryParam, OriginParam, PublishedByParam, SubjectParam } from '../http/query-params.js';

const DAY = /^\d{4}-\d{2}-\d{2}$/;

export class SeriesQueryDto {
  @ApiProperty({ description: 'First day (YYYY-MM-DD)', example: '2006-01-01' })
  @IsISO8601({ strict: true })
  @Matches(DAY, { message: 'from must be a day: YYYY-MM-DD' })
  from!: string;

  @ApiProperty({ description: 'Last day (YYYY-MM-DD)', example: '2025-12-31' })
  @IsISO8601({ strict: true })
  @Matches(DAY, { message: 'to must be a day: YYYY-MM-DD' })
  to!: string;

  @ApiPropertyOptional({ enum: ['year', 'quarter', 'month'], description: 'Default year' })
  @IsOptional()
  @IsIn(['year', 'quarter', 'month'])
  step?: 'year' | 'quarter' | 'month';

  @ApiPropertyOptional({ enum: ['country', 'origin', 'status', 'kind'] })
  @IsOptional()
  @IsIn(['country', 'origin', 'status', 'kind'])
  groupBy?: 'country' | 'origin' | 'status' | 'kind';

  @ApiPropertyOptional({ enum: ['certain', 'any'] })
  @IsOptional()
  @IsIn(['certain', 'any'])
  certainty?: 'certain' | 'any';

  @CountryParam()
  country?: string;

  @SubjectParam()
  subject?: string;

  @OriginParam()
  origin?: string;

  @ApiPropertyOptional({ description: 'Row status' })
  @IsOptional()
  @IsString()
  @MaxLength(50)
  status?: string;

  @ApiPropertyOptional({ description: 'Transaction time (ISO 8601)' })
  @IsOptional()
  @IsISO8601({ strict: true })
  knownAt?: string;

  @PublishedByParam()
  publishedBy?: string;
}
