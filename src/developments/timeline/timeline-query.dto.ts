import {
  BooleanParam,
  CountryParam,
  CursorParam,
  KnownAtParam,
  LimitParam,
  OriginParam,
  PublishedByParam,
  RangeParam,
  SubjectParam,
  TextParam,
  TypesParam,
} from '../../http/query-params.js';

export class TimelineQueryDto {
  @RangeParam('from', 'Developments that may have happened on or after this day', { example: '2024' })
  from?: string;

  @RangeParam('to', 'Developments that may have happened on or before this day', { example: '2025-06' })
  to?: string;

  @TypesParam()
  type?: string[];

  @SubjectParam()
  subject?: string;

  @CountryParam('Where it happens: an ISO 3166-1 alpha-2 code (or EU)')
  country?: string;

  @OriginParam()
  origin?: string;

  @PublishedByParam()
  publishedBy?: string;

  @TextParam()
  q?: string;

  /** The instant, as `KnownAtParam` reads it (ISO, UTC). */
  @KnownAtParam('Transaction time: the timeline as recorded by then (a day, or a date-time with a zone)')
  knownAt?: string;

  @BooleanParam('includeRetracted', 'Include retracted developments')
  includeRetracted?: boolean;

  @CursorParam()
  cursor?: string;

  @LimitParam(500, 50)
  limit?: number;
}
