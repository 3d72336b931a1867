import { checkDevelopment, type DevelopmentState } from '../../events/index.js';
import { presentDevelopment } from '../../src/developments/present.js';
import { facility, policy, World } from '../support/world.js';

const publishedOn = (date: string) => [
  { title: 'A report', url: 'https://example.org/report', quote: 'as reported', published: date },
];

describe('answers at the edge of the evidence', () => {
  let world: World;
  beforeEach(async () => {
    world = await World.open();
  });
  afterEach(() => world.close());

  const row = (view: string, asOf: string, extra = {}) =>
    world.view(view, { asOf, ...extra }).get(view === 'policies' ? 'fyp-15' : 'byd-szeged');

  it('given a plant reported operating in an article of April 2025: certain through April 2025, then unconfirmed, keeping its state', async () => {
    await world.given({ record: { ...facility('FacilityOpened', '2025-03'), sources: publishedOn('2025-04') } });
    expect(row('facilities', '2025-04-30')).toMatchObject({ certainty: 'certain' });
    const later = row('facilities', '2030-12-31');
    expect(later).toMatchObject({
      certainty: 'unconfirmed',
      value: { status: 'operating' },
      lastReported: { day: '2025-04-30', date: '2025-04', text: 'April 2025' },
      certaintyText: 'operating, last reported April 2025; not confirmed since',
    });
    expect(row('facilities', '2030-12-31', { certainOnly: true })).toBeUndefined();
    expect(row('facilities', '2025-04-30', { certainOnly: true })).toMatchObject({ certainty: 'certain' });
  });

  it('given sources with no publication date: the evidence ends with the development’s own date', async () => {
    await world.given({ record: facility('FacilityOpened', '2025-03') });
    expect(row('facilities', '2025-03-31')).toMatchObject({ certainty: 'certain', lastReported: { date: '2025-03' } });
    expect(row('facilities', '2025-04-01')).toMatchObject({ certainty: 'unconfirmed' });
  });

  it('given a later report of an earlier state: the row is certain again once a source covers the day', async () => {
    await world.given(
      { record: { ...facility('FacilityConstructionStarted', '2024-05'), sources: publishedOn('2024-06') } },
      { record: { ...facility('FacilityOpened', '2025-10'), sources: publishedOn('2025-11') } },
    );
    expect(row('facilities', '2024-12-31')).toMatchObject({
      certainty: 'unconfirmed',
      lastReported: { text: 'June 2024' },
    });
    expect(row('facilities', '2025-11-15')).toMatchObject({ certainty: 'certain', value: { status: 'operating' } });
    expect(row('facilities', '2026-01-01')).toMatchObject({
      certainty: 'unconfirmed',
      lastReported: { day: '2025-11-30' },
    });
  });

  it('given a date the source gives as a year: since reads the year, never its first day; a certain row says when it became certain', async () => {
    await world.given({ record: { ...facility('FacilityOpened', '2025'), sources: publishedOn('2025-06') } });
    const possible = row('facilities', '2025-03-01')!;
    expect(possible).toMatchObject({
      certainty: 'possible',
      since: { date: '2025', text: '2025' },
      certainSince: null,
    });
    expect(JSON.stringify({ since: possible.since, text: possible.certaintyText })).not.toContain('1 January');
    expect(row('facilities', '2025-06-30')).toMatchObject({
      certainty: 'certain',
      validFrom: '2025-06-30',
      since: { text: '2025' },
      certainSince: { day: '2025-06-30', text: '30 June 2025' },
    });
  });

  it('given an opening due in late 2025 that nothing recorded meets: the words say it was not recorded as met, not that it failed', async () => {
    const expectations = [{ type: 'FacilityOpened', date: '2025-41~', note: 'set for a late 2025 launch' }];
    await world.given({
      record: { ...facility('FacilityConstructionStarted', '2024-05'), sources: publishedOn('2024-06'), expectations },
    });
    expect(row('facilities', '2030-12-31')).toMatchObject({
      certainty: 'unconfirmed',
      value: {
        expectations: [{ status: 'overdue', statusText: 'not recorded as met by second half of 2025, approximately' }],
      },
    });
  });

  it('given a policy with no effective period: issued, in force unknown — never in force by default', async () => {
    await world.given({ record: { ...policy('2015', { kind: 'strategy' }), sources: publishedOn('2016') } });
    expect(row('policies', '2031-06-30')).toMatchObject({
      certainty: 'unconfirmed',
      value: { inForce: null, inForceText: expect.stringContaining('no source gives when it is in force') },
    });
  });

  it('given a plan for 2026-2030 issued on 23 October 2025: not yet in force, in force within its period, then no longer', async () => {
    await world.given({
      record: { ...policy('2025-10-23', { effective: '2026/2030' }), sources: publishedOn('2025-10-23') },
    });
    expect(row('policies', '2025-10-23')!.value).toMatchObject({
      inForce: false,
      inForceText: 'not yet in force: in force 2026-2030, issued 23 October 2025',
    });
    expect(row('policies', '2027-01-01')).toMatchObject({
      certainty: 'unconfirmed',
      value: { inForce: true, inForceText: 'in force 2026-2030, issued 23 October 2025' },
    });
    expect(row('policies', '2031-01-01')!.value).toMatchObject({ inForce: false });
  });

  it('given a congress report: a document that is issued, never in force', async () => {
    await world.given({ record: { ...policy('2012-11', { kind: 'report' }), sources: publishedOn('2012-11') } });
    expect(row('policies', '2012-11-30')!.value).toMatchObject({ inForce: null, kind: 'report' });
  });
});

describe('sources that disagree', () => {
  const body = (date: string, sources: unknown[], extra: Record<string, unknown> = {}) => ({
    ...facility('FacilityOpened', date),
    sources,
    ...extra,
  });
  const a = { title: 'First', url: 'https://a.example/1', quote: 'opened in March', published: '2025-04' };
  const b = { title: 'Second', url: 'https://b.example/2', quote: 'opened in May', published: '2025-06' };

  it('given two articles giving two dates: the date must span both claims, and both are answered side by side', () => {
    const narrow = checkDevelopment(
      body('2025-03', [
        { ...a, says: { date: '2025-03' } },
        { ...b, says: { date: '2025-05' } },
      ]),
    );
    expect(narrow).toMatchObject({ ok: false, errors: [{ path: 'sources.1.says.date', code: 'claim_outside_date' }] });

    const spanning = checkDevelopment(
      body('2025-03/2025-05', [
        { ...a, says: { date: '2025-03' } },
        { ...b, says: { date: '2025-05' } },
      ]),
    );
    if (!spanning.ok) throw new Error(JSON.stringify(spanning.errors));
    const presented = presentDevelopment({
      id: 'x',
      type: 'FacilityOpened',
      ...spanning.value.body,
      revision: 0,
      recordedAt: '',
      position: '',
      corrections: [],
    } as unknown as DevelopmentState);
    expect(presented.dateRange).toMatchObject({ earliest: '2025-03-01', latest: '2025-05-31' });
    expect(presented.claims).toEqual([
      expect.objectContaining({ source: 0, title: 'First', date: '2025-03', dateText: 'March 2025', own: true }),
      expect.objectContaining({ source: 1, title: 'Second', date: '2025-05', dateText: 'May 2025', own: true }),
    ]);
    expect(presented.lastReported).toMatchObject({ day: '2025-06-30', date: '2025-06', published: true });
  });

  it('given two sources giving two values of a figure: both values kept, neither averaged; a value on a non-figure is refused', () => {
    const figure = {
      type: 'InvestmentReported',
      date: '2024',
      summary: 'outbound investment in 2024',
      subjects: ['country:CN'],
      sources: [
        { ...a, says: { value: { value: 144, currency: 'USD', unit: 'billion' } } },
        { ...b, says: { value: { value: 162.8, currency: 'USD', unit: 'billion' } } },
      ],
      data: {
        series: 'cn-odi',
        measure: 'flow',
        period: '2024',
        value: { value: 144, currency: 'USD', unit: 'billion' },
        investor: 'country:CN',
      },
    };
    const checked = checkDevelopment(figure);
    if (!checked.ok) {
      // The figure's own schema may name its measure differently; the claims are what is tested here.
      expect(checked.errors.some((e) => e.path.startsWith('sources'))).toBe(false);
    } else {
      const presented = presentDevelopment({ id: 'f', type: 'InvestmentReported', ...checked.value.body } as never);
      expect(presented.claims!.map((c) => c.value)).toEqual([
        { value: 144, currency: 'USD', unit: 'billion' },
        { value: 162.8, currency: 'USD', unit: 'billion' },
      ]);
    }
    const onPlant = checkDevelopment(
      body('2025-03', [{ ...a, says: { value: { value: 1, currency: 'USD', unit: 'one' } } }]),
    );
    expect(onPlant).toMatchObject({ ok: false, errors: [{ path: 'sources.0.says.value', code: 'not_a_figure' }] });
  });
});
