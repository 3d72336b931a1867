import { randomUUID } from 'node:crypto';
import { facility, licence, World } from '../support/world.js';

const source = { title: 'A report', url: 'https://example.org/report', quote: 'as reported' };
const development = (type: string, date: string, subjects: string[], data: Record<string, unknown>) => ({
  id: randomUUID(),
  type,
  date,
  summary: `${type} ${date}`,
  subjects,
  sources: [source],
  data,
});

/** Presence is what an organisation has of its own in a country; a licence or a partnership is a relationship. */
describe('presence and relationships', () => {
  let world: World;
  beforeAll(async () => {
    world = await World.open();
    await world.store.append(
      'entity-org:byd-hungary',
      [
        {
          id: randomUUID(),
          type: 'EntityRegistered',
          data: {
            entityId: 'org:byd-hungary',
            kind: 'organisation',
            name: 'BYD Hungary',
            homeCountry: 'HU',
            parent: 'org:byd',
          },
        },
      ],
      'no_stream',
    );
    await world.given(
      {
        record: licence('2024-03', {
          dealId: 'ymtc-samsung',
          licensor: 'org:ymtc',
          licensee: 'org:samsung',
          technology: 'hybrid bonding',
        }),
      },
      {
        record: licence('2024-05', {
          dealId: 'catl-ford',
          licensor: 'org:catl',
          licensee: 'org:ford',
          technology: 'LFP',
          countries: ['US'],
        }),
      },
      { record: development('LicensingDealTerminated', '2026-01', ['org:catl'], { dealId: 'catl-ford' }) },
      { record: facility('FacilityAnnounced', '2024-02', { facilityId: 'byd-turkey', country: 'TR' }) },
      { record: facility('FacilityConstructionStarted', '2024-06', { facilityId: 'byd-szeged' }) },
      {
        record: development('PartnershipFormed', '2024-07', ['org:catl', 'org:ford'], {
          partnershipId: 'catl-ford-jv',
          parties: ['org:catl', 'org:ford'],
          purpose: 'battery cells',
          form: 'joint-venture',
        }),
      },
      {
        record: development('AgreementSigned', '2024-08', ['gov:cn', 'org:byd'], {
          agreementId: 'cn-byd',
          title: 'A government and one company',
          parties: ['gov:cn', 'org:byd'],
        }),
      },
      {
        record: development('FacilityOpened', '2024-09', ['org:byd-hungary'], {
          facilityId: 'byd-hungary-office',
          owner: 'org:byd-hungary',
          kind: 'office',
          country: 'HU',
        }),
      },
    );
  });
  afterAll(() => world.close());

  const relationships = (asOf: string, q: Record<string, string> = {}) => world.view('relationships', { asOf, ...q });
  const footprint = (asOf: string, q: Record<string, unknown> = {}) => world.view('footprint', { asOf, ...q });

  it('given a licence, the licensor is not present where the licensee is, and the two are related', () => {
    expect([...footprint('2025-01-01', { country: 'KR' }).keys()]).toEqual([]);
    expect([...footprint('2025-01-01', { country: 'US' }).keys()]).toEqual([]);
    expect(relationships('2025-01-01').get('licence:ymtc-samsung')?.value).toEqual({
      relationshipId: 'licence:ymtc-samsung',
      kind: 'licence',
      parties: [
        { entity: 'org:ymtc', role: 'licensor', country: 'CN' },
        { entity: 'org:samsung', role: 'licensee', country: 'KR' },
      ],
      technology: 'hybrid bonding',
      status: 'signed',
    });
    expect(relationships('2024-02-28').has('licence:ymtc-samsung')).toBe(false);
  });

  it('does not say a licence is used where the licensee comes from, only where the deal says', async () => {
    expect(world.view('licensing', { asOf: '2025-01-01' }).get('ymtc-samsung')?.value.usedIn).toEqual([]);
    expect([...relationships('2025-01-01', { country: 'US' }).keys()].sort()).toEqual([
      'agreement:catl-ford-jv',
      'licence:catl-ford',
    ]);
  });

  it('follows a relationship as of the date: a terminated licence reads terminated from then on', () => {
    expect(relationships('2025-12-31').get('licence:catl-ford')?.value.status).toBe('signed');
    expect(relationships('2026-02-01').get('licence:catl-ford')?.value.status).toBe('terminated');
  });

  it('knows a joint venture, and leaves out an agreement with fewer than two organisations', () => {
    expect(relationships('2025-01-01').get('agreement:catl-ford-jv')?.value).toMatchObject({
      kind: 'joint-venture',
      parties: [
        { entity: 'org:catl', role: 'partner' },
        { entity: 'org:ford', role: 'partner' },
      ],
    });
    expect(relationships('2025-01-01').has('agreement:cn-byd')).toBe(false);
  });

  it('relates a subsidiary to its registered parent from the first development that names it', () => {
    expect(relationships('2024-08-31').has('ownership:org:byd>org:byd-hungary')).toBe(false);
    expect(relationships('2024-12-31').get('ownership:org:byd>org:byd-hungary')?.value).toMatchObject({
      kind: 'ownership',
      parties: [
        { entity: 'org:byd', role: 'owner', country: 'CN' },
        { entity: 'org:byd-hungary', role: 'subsidiary', country: 'HU' },
      ],
    });
  });

  it('places an owner where its subsidiary is from, as of the ownership', () => {
    expect(
      footprint('2024-08-31', { subject: 'org:byd', country: 'HU' }).get('org:byd@HU')?.value.subsidiaries,
    ).toEqual([]);
    expect(footprint('2024-12-31', { subject: 'org:byd', country: 'HU' }).get('org:byd@HU')?.value).toMatchObject({
      presence: 'present',
      subsidiaries: ['ownership:org:byd>org:byd-hungary'],
    });
  });

  it('given an announced plant and one being built, the first is planned presence, the second presence', () => {
    const rows = footprint('2025-01-01', { subject: 'org:byd' });
    expect(rows.get('org:byd@TR')).toMatchObject({ value: { presence: 'planned' } });
    expect(rows.get('org:byd@HU')).toMatchObject({ value: { presence: 'present' } });
    expect(footprint('2025-01-01', { subject: 'org:byd', certainOnly: true }).has('org:byd@TR')).toBe(false);
    expect([...footprint('2025-01-01', { status: 'planned' }).keys()]).toEqual(['org:byd@TR']);
  });
});
