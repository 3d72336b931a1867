import { randomUUID } from 'node:crypto';
import { startApp, type RunningApp } from '../support/app.js';
import { SseClient } from '../support/sse-client.js';

const source = (quote: string) => [{ title: 'A report', url: 'https://example.org/report', quote }];
const ENTITIES = [
  { entityId: 'org:catl', kind: 'organisation', name: 'CATL', homeCountry: 'CN' },
  { entityId: 'org:ford', kind: 'organisation', name: 'Ford', homeCountry: 'US' },
  { entityId: 'org:samsung', kind: 'organisation', name: 'Samsung', homeCountry: 'KR' },
  { entityId: 'org:ymtc', kind: 'organisation', name: 'YMTC', homeCountry: 'CN' },
];

const DEVELOPMENTS = [
  {
    type: 'LicensingDealSigned',
    date: '2023-02',
    summary: 'CATL licenses LFP technology to Ford',
    subjects: ['org:catl', 'org:ford'],
    sources: source('Ford is licensing the battery technology'),
    data: {
      dealId: 'catl-ford',
      licensor: 'org:catl',
      licensee: 'org:ford',
      technology: 'LFP cells',
      countries: ['US'],
    },
  },
  {
    type: 'LicensingDealSigned',
    date: '2025',
    summary: 'YMTC licenses hybrid bonding to Samsung',
    subjects: ['org:ymtc', 'org:samsung'],
    sources: source('patent licensing agreement'),
    data: { dealId: 'ymtc-samsung', licensor: 'org:ymtc', licensee: 'org:samsung', technology: 'hybrid bonding' },
  },
  {
    type: 'FacilityOpened',
    date: '2024',
    summary: 'A plant opens in Hungary',
    subjects: ['org:catl', 'country:HU'],
    sources: source('the battery plant in Debrecen'),
    data: { facilityId: 'catl-debrecen', owner: 'org:catl', kind: 'plant', country: 'HU' },
  },
  {
    type: 'InvestmentReported',
    date: '2024',
    summary: 'Investment into South-eastern Asia',
    subjects: ['country:CN'],
    sources: source('flow into Southeast Asia'),
    data: {
      series: 'cn-sea',
      measure: 'flow',
      label: 'investment',
      period: '2023',
      value: { value: 17.6, currency: 'USD', unit: 'billion' },
      investor: 'country:CN',
      destination: 'region:035',
    },
  },
  {
    type: 'FacilityAnnounced',
    date: '2025-03',
    summary: 'Ford announces a plant in Michigan',
    subjects: ['org:ford'],
    sources: source('a US$3.5 billion battery plant'),
    data: { facilityId: 'ford-marshall', owner: 'org:ford', kind: 'plant', country: 'US' },
  },
].map((d) => ({ id: randomUUID(), ...d }));

const FILTERS = [
  'country=US',
  'subject=country:US',
  'country=HU',
  'origin=CN',
  'origin=KR',
  'origin=US',
  'subject=org:ford',
  'subject=region:035',
  'q=battery',
  'q=BATTERY%20PLANT',
  'type=FacilityOpened,FacilityAnnounced&origin=CN',
  'country=US&origin=CN',
];

/** The same filter must select the same developments on every route: one definition, used everywhere. */
describe('filters, across the timeline, the feed and Atom', () => {
  let api: RunningApp;
  beforeAll(async () => {
    api = await startApp();
    expect((await api.call('POST', '/entities', ENTITIES)).status).toBeLessThan(300);
    expect((await api.call('POST', '/developments', DEVELOPMENTS)).status).toBe(201);
  });
  afterAll(() => api.close());

  it.each(FILTERS)('%s selects the same developments everywhere', async (filter) => {
    const timeline = (await api.call('GET', `/timeline?${filter}&limit=500`)).body.developments
      .map((d: { id: string }) => d.id)
      .sort();
    const atom = (await api.call('GET', `/feed.atom?${filter}&limit=500`)).body as string;
    const fromAtom = [...atom.matchAll(/<id>urn:uuid:([0-9a-f-]+)<\/id>/g)].map((m) => m[1]).sort();
    const feed = await SseClient.connect(`${api.url}/feed?${filter}&from=0`);
    try {
      await feed.waitFor((c) => c.developments.length >= timeline.length, 5000).catch(() => undefined);
      // Anything beyond what the timeline lists would arrive right behind it: give it a moment.
      await new Promise((r) => setTimeout(r, 200));
      const fromFeed = feed.developments.map((m) => m.data.development.id as string).sort();
      expect({ feed: fromFeed, atom: fromAtom }).toEqual({ feed: timeline, atom: timeline });
    } finally {
      feed.close();
    }
  });

  it('selects something for most filters, so the comparison means something', async () => {
    const nonEmpty = await Promise.all(
      FILTERS.map(async (f) => (await api.call('GET', `/timeline?${f}`)).body.developments.length > 0),
    );
    expect(nonEmpty.filter(Boolean).length).toBeGreaterThanOrEqual(FILTERS.length - 2);
  });
});
