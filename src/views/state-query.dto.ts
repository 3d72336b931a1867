import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsISO8601, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { IsKnownAt } from '../http/known-at.js';
import { CountryParam, OriginParam, PublishedByParam, SubjectParam } from '../http/query-params.js';

const DAY = /^\d{4}-\d{2}-\d{2}$/;

export { SUBJECT } from '../http/query-params.js';

/** The time axes every view query takes. */
export class AsOfDto {
  @ApiPropertyOptional({ description: 'Valid time: the world as of this day (YYYY-MM-DD); default today' })
  @IsOptional()
  @IsISO8601({ strict: true })
  @Matches(DAY, { message: 'asOf must be a day: YYYY-MM-DD' })
  asOf?: string;

  @ApiPropertyOptional({ description: 'Transaction time: as recorded by then (ISO 8601); default now' })
  @IsOptional()
  @IsKnownAt()
  knownAt?: string;

  @PublishedByParam()
  publishedBy?: string;
}

export class StateQueryDto extends AsOfDto {
  @ApiPropertyOptional({
    enum: ['certain', 'any'],
    description: '`certain`: only rows whose every development had surely happened by asOf',
  })
  @IsOptional()
  @IsIn(['certain', 'any'])
  certainty?: 'certain' | 'any';

  @CountryParam('Where: the country the row is about (ISO 3166-1 alpha-2, or EU)')
  country?: string;

  @SubjectParam()
  subject?: string;

  @OriginParam()
  origin?: string;

  @ApiPropertyOptional({ description: 'Row status, e.g. operating (facilities), export-control (policies)' })
  @IsOptional()
  @IsString()
  @MaxLength(50)
  status?: string;

  @ApiPropertyOptional({ description: 'Opaque cursor from the previous page' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  cursor?: string;

  @ApiPropertyOptional({ description: 'Page size, 1-500 (default 100)' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  limit?: number;
}

export class ChangesQueryDto {
  @IsISO8601({ strict: true })
  @Matches(DAY, { message: 'from must be a day: YYYY-MM-DD' })
  from!: string;

  @IsISO8601({ strict: true })
  @Matches(DAY, { message: 'to must be a day: YYYY-MM-DD' })
  to!: string;

  @IsOptional()
  @IsKnownAt()
  knownAt?: string;

  @CountryParam()
  country?: string;

  @SubjectParam()
  subject?: string;

  @OriginParam()
  origin?: string;

  @PublishedByParam()
  publishedBy?: string;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  limit?: number;
}
