import {
  AsOfParam,
  CertaintyParam,
  CountryParam,
  CursorParam,
  DayParam,
  KnownAtParam,
  LimitParam,
  OriginParam,
  PublishedByParam,
  StatusParam,
  SubjectParam,
} from '../http/query-params.js';

/** The time axes every view query takes. */
export class AsOfDto {
  @AsOfParam()
  asOf?: string;

  /** The instant, as `KnownAtParam` reads it (ISO, UTC). */
  @KnownAtParam()
  knownAt?: string;

  @PublishedByParam()
  publishedBy?: string;
}

export class StateQueryDto extends AsOfDto {
  @CertaintyParam()
  certainty?: 'certain' | 'any';

  @CountryParam('Where: the country the row is about (ISO 3166-1 alpha-2, or EU)')
  country?: string;

  @SubjectParam()
  subject?: string;

  @OriginParam()
  origin?: string;

  @StatusParam(
    "Row status, one of the view's own: e.g. operating (facilities), export-control (policies), present (footprint)",
  )
  status?: string;

  @CursorParam()
  cursor?: string;

  @LimitParam(500, 100)
  limit?: number;
}

export class ChangesQueryDto {
  @DayParam('The first date (YYYY-MM-DD)', { required: true, example: '2016-12-31' })
  from!: string;

  @DayParam('The second date (YYYY-MM-DD)', { required: true, example: '2026-01-01' })
  to!: string;

  @KnownAtParam()
  knownAt?: string;

  @CountryParam()
  country?: string;

  @SubjectParam()
  subject?: string;

  @OriginParam()
  origin?: string;

  @PublishedByParam()
  publishedBy?: string;

  @LimitParam(500, 500, 'Rows that differ, at most')
  limit?: number;
}
