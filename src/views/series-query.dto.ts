import {
  CertaintyParam,
  CountryParam,
  EnumParam,
  KnownAtParam,
  OriginParam,
  PublishedByParam,
  RangeParam,
  StatusParam,
  SubjectParam,
} from '../http/query-params.js';

export class SeriesQueryDto {
  /** The first day: a month or a year given is read from its first day. */
  @RangeParam('from', 'First day', { required: true, example: '2006' })
  from!: string;

  /** The last day: a month or a year given is read to its last day. */
  @RangeParam('to', 'Last day', { required: true, example: '2025' })
  to!: string;

  @EnumParam('step', ['year', 'quarter', 'month'] as const, 'Default year')
  step?: 'year' | 'quarter' | 'month';

  @EnumParam(
    'groupBy',
    ['country', 'origin', 'status', 'kind'] as const,
    'Count per country, origin, status or kind (footprint: country or origin)',
  )
  groupBy?: 'country' | 'origin' | 'status' | 'kind';

  @CertaintyParam()
  certainty?: 'certain' | 'any';

  @CountryParam()
  country?: string;

  @SubjectParam()
  subject?: string;

  @OriginParam()
  origin?: string;

  @StatusParam(
    "Row status, one of the view's own; on the footprint the rows counted: present (the default), planned (pairs where only plans hold), or those with a placement of a mode (operating, plant:operating, acquirer)",
  )
  status?: string;

  @KnownAtParam()
  knownAt?: string;

  @PublishedByParam()
  publishedBy?: string;
}
