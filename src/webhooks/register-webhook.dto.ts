import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsIn,
  IsObject,
  IsOptional,
  IsString,
  Length,
  MaxLength,
  Validate,
  ValidateNested,
  ValidatorConstraint,
  type ValidatorConstraintInterface,
} from 'class-validator';
import { FeedFilterDto } from '../feed/feed-query.dto.js';
import { LimitParam } from '../http/query-params.js';
import { usableSecret } from './signature.js';
import { DELIVERY_LOG_SIZE } from './webhook-store.js';

@ValidatorConstraint({ name: 'usableSecret' })
class UsableSecret implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    return typeof value === 'string' && usableSecret(value);
  }

  defaultMessage(): string {
    return 'a whsec_ secret must be whsec_ followed by the base64 of 16 bytes or more';
  }
}

export class RegisterWebhookDto {
  @ApiProperty({
    example: 'https://hooks.example.com/timeline',
    description: 'http or https, on a host allowed by TIMELINE_WEBHOOK_ALLOWED_HOSTS',
  })
  @IsString()
  @MaxLength(2048)
  url!: string;

  @ApiPropertyOptional({
    description:
      'Keys the Standard Webhooks signature of every delivery: `whsec_<base64>`, or any 16-256 characters. ' +
      'Omitted: the service makes a `whsec_` secret and returns it once, in this answer.',
  })
  @IsOptional()
  @IsString()
  @Length(16, 256)
  @Validate(UsableSecret)
  secret?: string;

  @ApiPropertyOptional({
    type: FeedFilterDto,
    description: 'Deliver only the developments that match (as the feed filters)',
  })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => FeedFilterDto)
  filter?: FeedFilterDto;

  @ApiPropertyOptional({
    enum: ['now', 'start'],
    description: '`now` (default): only developments recorded after registration; `start`: the whole log first',
  })
  @IsOptional()
  @IsIn(['now', 'start'])
  from?: 'now' | 'start';
}

export class DeliveriesQueryDto {
  @LimitParam(DELIVERY_LOG_SIZE, 100, 'Attempts, newest first')
  limit?: number;
}
