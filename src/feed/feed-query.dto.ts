import {
  CountryParam,
  LimitParam,
  OriginParam,
  PositionParam,
  SubjectParam,
  TextParam,
  TypesParam,
} from '../http/query-params.js';
import type { FeedFilter } from './feed-message.js';

export class FeedFilterDto {
  @TypesParam()
  type?: string[];

  @SubjectParam()
  subject?: string;

  @CountryParam('Where it happens: an ISO 3166-1 alpha-2 code (or EU)')
  country?: string;

  @OriginParam()
  origin?: string;

  @TextParam()
  q?: string;
}

export class FeedQueryDto extends FeedFilterDto {
  @PositionParam('Start after this position (as Last-Event-ID does); omitted: only new developments')
  from?: string;
}

export class AtomQueryDto extends FeedFilterDto {
  @LimitParam(500, 50, 'Entries')
  limit?: number;
}

export function toFeedFilter(dto: FeedFilterDto): FeedFilter {
  return { types: dto.type, subject: dto.subject, country: dto.country, origin: dto.origin, q: dto.q };
}
