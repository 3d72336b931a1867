import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsObject, IsOptional, IsString, Length, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { FeedFilterDto } from '../feed/feed-query.dto.js';
import { DELIVERY_LOG_SIZE } from './webhook-store.js';

export class RegisterWebhookDto {
  @ApiProperty({ example: 'https://hooks.example.com/timeline', description: 'http or https, on a host allowed by TIMELINE_WEBHOOK_ALLOWED_HOSTS' })
  @IsString() @MaxLength(2048)
  url!: string;

  @ApiProperty({ description: 'Keys the HMAC-SHA256 signature of every delivery; never returned' })
  @IsString() @Length(16, 256)
  secret!: string;

  @ApiPropertyOptional({ type: FeedFilterDto, description: 'Deliver only the developments that match (as the feed filters)' })
  @IsOptional() @IsObject() @ValidateNested() @Type(() => FeedFilterDto)
  filter?: FeedFilterDto;

  @ApiPropertyOptional({ enum: ['now', 'start'], description: '`now` (default): only developments recorded after registration; `start`: the whole log first' })
  @IsOptional() @IsIn(['now', 'start'])
  from?: 'now' | 'start';
}

export class DeliveriesQueryDto {
  @ApiPropertyOptional({ description: `Attempts, newest first, 1-${DELIVERY_LOG_SIZE} (default 100)` })
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(DELIVERY_LOG_SIZE)
  limit?: number;
}
