import { defineProjection, facilities, PROJECTIONS } from '../../projections/index.js';
import { facility, licence, policy, World } from '../support/world.js';

const published = (date: string) => [
  { title: 'A report', url: 'https://example.org/report', quote: 'as reported', published: date },
];

describe('answers that claim no more than their sources', () => {
  let world: World;
  beforeEach(async () => {
    world = await World.open();
  });
  afterEach(() => world.close());

  const row = (view: string, asOf: string, extra = {}) =>
    world.view(view, { asOf, ...extra }).get(view === 'policies' ? 'fyp-15' : 'byd-szeged');

  it('given a guessed date 2024? reported in an article published 2025-03: possible from 2024, certain only from the end of March 2025', async () => {
    await world.given({ record: { ...facility('FacilityOpened', '2024?'), sources: published('2025-03') } });
    expect(row('facilities', '2023-12-31')).toBeUndefined();
    expect(row('facilities', '2024-01-01')).toMatchObject({ certainty: 'possible' });
    expect(row('facilities', '2025-01-01')).toMatchObject({ certainty: 'possible' });
    expect(row('facilities', '2025-03-31')).toMatchObject({ certainty: 'certain' });
    expect(row('facilities', '2025-01-01', { certainOnly: true })).toBeUndefined();
    expect(row('facilities', '2025-03-31', { certainOnly: true })).toMatchObject({ value: { status: 'operating' } });
  });

  it.each(['2025?', '2025~', '2025%'])(
    'given a qualified date %s with no published source: never certain by the calendar',
    async (date) => {
      await world.given({ record: facility('FacilityOpened', date) });
      expect(row('facilities', '2025-06-01')).toMatchObject({ certainty: 'possible' });
      // Past its own date nothing reports it: its last known state, unconfirmed, still never certain.
      expect(row('facilities', '2030-01-01')).toMatchObject({ certainty: 'unconfirmed' });
      expect(row('facilities', '2030-01-01', { certainOnly: true })).toBeUndefined();
    },
  );

  it('given an unqualified 2025: certain once the year is over', async () => {
    await world.given({ record: facility('FacilityOpened', '2025') });
    expect(row('facilities', '2025-12-30')).toMatchObject({ certainty: 'possible' });
    expect(row('facilities', '2025-12-31')).toMatchObject({ certainty: 'certain' });
  });

  it('given "under construction as of March 6" (../2025-03-06): shown from that day on, never before', async () => {
    await world.given({ record: facility('FacilityConstructionStarted', '../2025-03-06') });
    expect(row('facilities', '2025-03-05')).toBeUndefined();
    expect(row('facilities', '2025-03-06')).toMatchObject({
      certainty: 'certain',
      value: { status: 'under-construction' },
    });
  });

  it('given a construction expecting its opening in late 2025: pending, then overdue, then met late when the opening comes in 2026', async () => {
    const expectations = [{ type: 'FacilityOpened', date: '2025-41~', note: 'set for a late 2025 launch' }];
    await world.given({ record: { ...facility('FacilityConstructionStarted', '2024-05'), expectations } });
    expect(row('facilities', '2025-12-31')).toMatchObject({
      value: { status: 'under-construction', expectations: [{ status: 'pending', due: '2025-12-31' }] },
    });
    expect(row('facilities', '2026-06-30')).toMatchObject({
      value: { expectations: [{ status: 'overdue', dateText: 'second half of 2025, approximately' }] },
    });
    const opening = facility('FacilityOpened', '2026-05');
    await world.given({ record: opening });
    expect(row('facilities', '2026-04-30')).toMatchObject({
      value: { status: 'under-construction', expectations: [{ status: 'overdue' }] },
    });
    expect(row('facilities', '2026-06-30')).toMatchObject({
      value: {
        status: 'operating',
        expectations: [{ status: 'met-late', met: { by: opening.id, date: '2026-05', onTime: false } }],
      },
    });
  });

  it('given a plan issued 2025-10-23 for 2026/2030 with a 2035 target: issued, in force only within its period', async () => {
    await world.given({
      record: policy('2025-10-23', { effective: '2026/2030', targets: [{ date: '2035', goal: 'modernization' }] }),
    });
    expect(row('policies', '2025-10-22')).toBeUndefined();
    expect(row('policies', '2025-12-31')).toMatchObject({
      value: { inForce: false, targets: [{ date: '2035', status: 'pending' }] },
    });
    expect(row('policies', '2026-01-01')).toMatchObject({ value: { inForce: true } });
    expect(row('policies', '2031-01-01')).toMatchObject({ value: { inForce: false } });
    expect(row('policies', '2036-01-01')).toMatchObject({ value: { targets: [{ status: 'date-passed' }] } });
  });

  it('given a repeal: the policy stops being in force from the repeal on', async () => {
    const repeal = {
      type: 'PolicyRepealed',
      date: '2027-03',
      summary: 'repealed',
      subjects: ['gov:cn'],
      sources: [{ title: 'A report', url: 'https://example.org/report', quote: 'repealed' }],
      data: { policyId: 'fyp-15', reason: 'replaced' },
    };
    await world.given({ record: policy('2025', { effective: '2026/..' }) }, { record: repeal });
    expect(row('policies', '2027-02-28')).toMatchObject({ value: { inForce: true } });
    expect(row('policies', '2027-03-01')).toMatchObject({
      value: { inForce: false, ended: '2027-03', endReason: 'replaced' },
    });
  });

  it('given sources published on different days: publishedBy counts only what had been published by then', async () => {
    await world.given(
      { record: { ...facility('FacilityAnnounced', '2024-02'), sources: published('2024-03-15') } },
      { record: { ...facility('FacilityOpened', '2024-06'), sources: published('2025-03') } },
    );
    expect(row('facilities', '2024-12-31', { publishedBy: '2024-03-14' })).toBeUndefined();
    expect(row('facilities', '2024-12-31', { publishedBy: '2024-12-31' })).toMatchObject({
      value: { status: 'announced' },
      developments: [expect.any(String)],
    });
    expect(row('facilities', '2024-12-31', { publishedBy: '2025-03-31' })).toMatchObject({
      value: { status: 'operating' },
    });
    expect(row('facilities', '2024-12-31')).toMatchObject({ value: { status: 'operating' } });
  });

  it('given a licence, then its termination: a relationship that ends, never presence of its parties', async () => {
    const termination = {
      type: 'LicensingDealTerminated',
      date: '2027',
      summary: 'ended',
      subjects: ['org:ymtc', 'org:samsung'],
      sources: [{ title: 'A report', url: 'https://example.org/report', quote: 'ended' }],
      data: { dealId: 'ymtc-samsung-hybrid-bonding' },
    };
    await world.given({ record: licence('2025', { countries: ['KR'] }) }, { record: termination });
    expect(world.view('footprint', { asOf: '2026-06-30', country: 'KR' }).size).toBe(0);
    const relationship = (asOf: string) =>
      world.view('relationships', { asOf, country: 'KR' }).get('licence:ymtc-samsung-hybrid-bonding')?.value.status;
    expect(relationship('2026-06-30')).toBe('signed');
    expect(relationship('2028-01-01')).toBe('terminated');
    expect(world.view('licensing', { asOf: '2028-01-01' }).get('ymtc-samsung-hybrid-bonding')).toMatchObject({
      value: { status: 'terminated' },
    });
  });

  it('finds rows by where the actors come from (origin) as well as where they are (country)', async () => {
    await world.given(
      { record: facility('FacilityOpened', '2024') },
      { record: licence('2025', { countries: ['KR'] }) },
    );
    expect([...world.view('facilities', { asOf: '2026-01-01', origin: 'CN' }).keys()]).toEqual(['byd-szeged']);
    expect([...world.view('facilities', { asOf: '2026-01-01', origin: 'KR' }).keys()]).toEqual([]);
    expect([...world.view('licensing', { asOf: '2026-01-01', origin: 'KR' }).keys()]).toEqual([
      'ymtc-samsung-hybrid-bonding',
    ]);
    expect([...world.view('footprint', { asOf: '2026-01-01', origin: 'CN' }).keys()]).toEqual(['org:byd@HU']);
    expect([...world.view('relationships', { asOf: '2026-01-01', origin: 'KR' }).keys()]).toEqual([
      'licence:ymtc-samsung-hybrid-bonding',
    ]);
  });
});

describe('a projection that throws on a development', () => {
  it('sets that development aside for that view, counts it, and goes on with everything else', async () => {
    const world = await World.open();
    try {
      const fragile = defineProjection({
        ...facilities,
        version: facilities.version + 1,
        evolve: (state, d, key, context) => {
          if (d.summary.includes('poison')) throw new Error('cannot fold this one');
          return facilities.evolve(state, d, key, context);
        },
      });
      const parts = await world.reopen(PROJECTIONS.map((p) => (p.name === 'facilities' ? fragile : p)));
      await parts.ready();
      await world.given(
        { record: facility('FacilityAnnounced', '2023') },
        { record: { ...facility('FacilityConstructionStarted', '2024'), summary: 'poison' } },
        { record: facility('FacilityOpened', '2025-03', { facilityId: 'byd-camacari', country: 'BR' }) },
      );
      expect(parts.views.health().setAside).toEqual({ facilities: 1 });
      const rows = world.view('facilities', { asOf: '2026-01-01' });
      expect(rows.get('byd-szeged')).toMatchObject({
        value: { status: 'announced' },
        developments: [expect.any(String)],
      });
      expect(rows.get('byd-camacari')).toMatchObject({ value: { status: 'operating' } });
      await world.given({ record: facility('FacilityOpened', '2026') });
      expect(world.view('facilities', { asOf: '2027-01-01' }).get('byd-szeged')).toMatchObject({
        value: { status: 'operating' },
      });
    } finally {
      await world.close();
    }
  });
});
