import {
  catalogueEntries,
  checkDevelopment,
  countriesOf,
  DEVELOPMENT_TYPE_NAMES,
  referencesOf,
} from '../../events/index.js';
import { facilityOpened, licensingDeal } from '../support/fixtures.js';

const paths = (input: unknown) => {
  const result = checkDevelopment(input);
  return result.ok ? [] : result.errors.map((e) => e.path);
};

describe('the event catalogue', () => {
  it('has every development type of the design, each with a JSON Schema', () => {
    expect(DEVELOPMENT_TYPE_NAMES).toEqual(
      expect.arrayContaining([
        'PolicyIssued',
        'ExportControlImposed',
        'LicensingDealSigned',
        'FacilityAnnounced',
        'FacilityConstructionStarted',
        'FacilityOpened',
        'FacilityClosed',
        'AcquisitionCompleted',
        'AgreementSigned',
        'PartnershipFormed',
        'InvestmentReported',
        'MeetingHeld',
        'ListingCompleted',
        'FinancialResultReported',
        'ProductLaunched',
      ]),
    );
    for (const entry of catalogueEntries()) expect(entry.schema).toMatchObject({ type: 'object' });
  });

  it('accepts a valid development and strips nothing it needs', () => {
    const result = checkDevelopment(licensingDeal());
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.value.body.data).toMatchObject({ licensor: 'org:catl', licensee: 'org:ford' });
  });

  it.each([
    ['an unknown type', { type: 'Rumoured' }, ['type']],
    ['a missing summary', { summary: undefined }, ['summary']],
    ['no subjects', { subjects: [] }, ['subjects']],
    ['a malformed subject', { subjects: ['byd'] }, ['subjects.0']],
    ['an unknown country', { subjects: ['country:XX'] }, ['subjects.0']],
    ['no sources', { sources: [] }, ['sources']],
    ['a source with neither url nor document', { sources: [{ title: 't', quote: 'q' }] }, ['sources.0.url']],
    ['a source url that is not http', { sources: [{ title: 't', quote: 'q', url: 'ftp://x.org' }] }, ['sources.0.url']],
    ['an id that is not a UUID', { id: '42' }, ['id']],
    ['an invalid date', { date: '2025-02-29' }, ['date']],
  ])('rejects %s', (_name, override, expected) => {
    expect(paths(facilityOpened(override as Record<string, unknown>))).toEqual(expected);
  });

  it.each([
    ['a facility kind outside the list', { kind: 'castle' }, ['data.kind']],
    ['a lower-case country', { country: 'hu' }, ['data.country']],
    ['an owner that is a country', { owner: 'country:HU' }, ['data.owner']],
    ['an investment without currency', { investment: { value: 1, unit: 'billion' } }, ['data.investment.currency']],
    [
      'a negative investment',
      { investment: { value: -1, currency: 'EUR', unit: 'billion' } },
      ['data.investment.value'],
    ],
    ['a facility id with spaces', { facilityId: 'BYD plant' }, ['data.facilityId']],
  ])('validates data: %s', (_name, data, expected) => {
    expect(paths(facilityOpened({}, data))).toEqual(expected);
  });

  it.each([
    ['an unknown envelope field', { plannedOpening: '2025-41' }, ['plannedOpening']],
    [
      'an unknown source field',
      { sources: [{ title: 't', url: 'https://x.org', quote: 'q', author: 'someone' }] },
      ['sources.0.author'],
    ],
    [
      'an unknown expectation field',
      { expectations: [{ type: 'FacilityOpened', date: '2026', when: 'soon' }] },
      ['expectations.0.when'],
    ],
    [
      'an expectation of an unknown type',
      { expectations: [{ type: 'Rumoured', date: '2026' }] },
      ['expectations.0.type'],
    ],
  ])('rejects %s with its path, never dropping it', (_name, override, expected) => {
    expect(paths(facilityOpened(override as Record<string, unknown>))).toEqual(expected);
  });

  it('rejects an unknown data field with its path', () => {
    expect(paths(facilityOpened({}, { plannedOpening: '2025-41' }))).toEqual(['data.plannedOpening']);
  });

  const figure = (value: unknown, data: Record<string, unknown> = {}) => ({
    type: 'InvestmentReported',
    date: '2016',
    summary: 'a figure',
    subjects: ['country:CN'],
    sources: [{ title: 't', url: 'https://x.org', quote: 'q' }],
    data: {
      series: 's',
      measure: 'cumulative',
      label: 'ODI into South-eastern Asia',
      period: '2003/2015',
      value,
      investor: 'country:CN',
      destination: 'region:035',
      ...data,
    },
  });

  it('checks currencies against ISO 4217 and takes percentages and counts as quantities', () => {
    expect(paths(figure({ value: 10, currency: 'PCT', unit: 'one' }))).toEqual(['data.value.currency']);
    const share = { value: 12.5, unit: 'percent', of: 'total outward direct investment' };
    expect(paths(figure(share, { measure: 'share' }))).toEqual([]);
    expect(paths(figure({ value: 30, unit: 'count', bound: 'over' }, { measure: 'count' }))).toEqual([]);
    expect(paths(figure({ value: 187, currency: 'USD', unit: 'billion', bound: 'over' }))).toEqual([]);
    expect(paths(figure({ value: 1, unit: 'count' }, { measure: 'count', destination: 'region:999' }))).toEqual([
      'data.destination',
    ]);
  });

  it.each([
    ['a measure it does not know', { measure: 'investment' }, ['data.measure']],
    ['a stock over a span', { measure: 'stock', period: '2003/2015' }, ['data.period']],
    ['a stock in a quarter', { measure: 'stock', period: '2015-36' }, ['data.period']],
    ['a cumulative figure of one year', { measure: 'cumulative', period: '2015' }, ['data.period']],
    ['a cumulative figure with an open start', { measure: 'cumulative', period: '../2015' }, ['data.period']],
    ['a flow on a day', { measure: 'flow', period: '2015-06-30' }, ['data.period']],
    ['a share in money', { measure: 'share' }, ['data.value.of', 'data.value.unit']],
    ['a series that is part of itself', { partOf: 's' }, ['data.partOf']],
    ['no label', { label: undefined }, ['data.label']],
  ])('refuses a figure with %s, naming the field', (_name, data, expected) => {
    const money = { value: 187, currency: 'USD', unit: 'billion' };
    expect(paths(figure(money, data)).sort()).toEqual(expected);
  });

  it('takes a stock at a day or at the end of a year, and a flow over a year or a span', () => {
    const money = { value: 14.43, currency: 'USD', unit: 'billion' };
    for (const [measure, period] of [
      ['stock', '2015'],
      ['stock', '2015-12-31'],
      ['flow', '2015'],
      ['flow', '2025-33'],
      ['flow', '2003/2015'],
    ]) {
      expect(paths(figure(money, { measure, period }))).toEqual([]);
    }
  });

  it('refuses a source published before the development could have happened', () => {
    const sources = [{ title: 't', url: 'https://x.org', quote: 'q', published: '2025-03' }];
    expect(paths(facilityOpened({ date: '2025-07', sources }))).toEqual(['sources.0.published']);
    expect(paths(facilityOpened({ date: '2025', sources }))).toEqual([]);
  });

  it('finds the references and countries a development concerns', () => {
    const result = checkDevelopment(licensingDeal());
    if (!result.ok) throw new Error('fixture is invalid');
    expect(referencesOf(result.value.body).sort()).toEqual(['org:catl', 'org:ford']);
    expect(countriesOf(result.value.body)).toEqual(['US']);
  });
});
