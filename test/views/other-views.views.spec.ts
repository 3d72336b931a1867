import { facility, figure, licence, policy, World } from '../support/world.js';

describe('policies, investments, licensing and footprint as of a date', () => {
  let world: World;
  beforeEach(async () => {
    world = await World.open();
  });
  afterEach(() => world.close());

  it('calls a development dated 2025 possible on 2025-06-30 and certain on 2025-12-31', async () => {
    await world.given({ record: policy('2025', { effective: '../2030' }) });
    expect(world.view('policies', { asOf: '2024-12-31' }).size).toBe(0);
    expect(world.view('policies', { asOf: '2025-06-30' }).get('fyp-15')).toMatchObject({
      certainty: 'possible',
      value: { inForce: true },
    });
    expect(world.view('policies', { asOf: '2025-12-31' }).get('fyp-15')).toMatchObject({ certainty: 'certain' });
    expect(world.view('policies', { asOf: '2031-01-01' }).get('fyp-15')).toMatchObject({ value: { inForce: false } });
  });

  it('gives the latest figure of each investment series as of the date', async () => {
    await world.given(
      { record: figure('cn-odi-flow', '2015', 145667) },
      { record: figure('cn-odi-flow', '2013', 107843) },
      { record: figure('cn-odi-flow', '2014', 123120) },
    );
    const latest = (asOf: string) =>
      (world.view('investments', { asOf }).get('cn-odi-flow')?.value as { latest: { period: string } } | undefined)
        ?.latest.period;
    expect(latest('2012-12-31')).toBeUndefined();
    expect(latest('2014-07-01')).toBe('2014');
    expect(latest('2016-01-01')).toBe('2015');
  });

  it('derives who is present where from facilities, never from licences', async () => {
    await world.given(
      { record: facility('FacilityOpened', '2024') },
      { record: licence('2025', { countries: ['KR'] }) },
    );
    const footprint = world.view('footprint', { asOf: '2026-01-01' });
    expect(footprint.get('org:byd@HU')).toMatchObject({ value: { presence: 'present', modes: ['plant:operating'] } });
    // A licence is a relationship between the two, not presence of either in Korea.
    expect([...world.view('footprint', { asOf: '2026-01-01', country: 'KR' }).keys()]).toEqual([]);
    expect(
      world.view('relationships', { asOf: '2026-01-01', country: 'KR' }).get('licence:ymtc-samsung-hybrid-bonding'),
    ).toMatchObject({
      value: { kind: 'licence', status: 'signed' },
    });
    const deal = world.view('licensing', { asOf: '2026-01-01', country: 'KR' }).get('ymtc-samsung-hybrid-bonding');
    expect(deal).toMatchObject({ value: { licensorCountry: 'CN', licenseeCountry: 'KR', status: 'signed' } });
  });
});
