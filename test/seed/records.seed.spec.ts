import {
  checkDevelopment,
  EntityRegistered,
  parseEdtf,
  referencesOf,
  timingOf,
  type DevelopmentBody,
} from '../../events/index.js';
import { allDevelopments, developmentsByArticle, seedEntities, type SeedRecord } from './seed-data.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const body = (d: SeedRecord) => d as unknown as DevelopmentBody;

describe('the seed records', () => {
  const developments = allDevelopments();
  const entities = seedEntities();

  it('are developments the catalogue accepts as they are stored', () => {
    const rejected = developments.flatMap((d) => {
      const checked = checkDevelopment(d);
      return checked.ok ? [] : [{ id: d.id, errors: checked.errors }];
    });
    expect(rejected).toEqual([]);
  });

  it('register each organisation and government once, valid against the catalogue', () => {
    const invalid = entities.filter((e) => !EntityRegistered.safeParse(e).success).map((e) => e.entityId);
    expect(invalid).toEqual([]);
    const ids = entities.map((e) => e.entityId);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('have unique UUIDs for ids', () => {
    const ids = developments.map((d) => d.id);
    expect(ids.filter((id) => !UUID.test(id))).toEqual([]);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('name only registered organisations and governments, whose parents are registered too', () => {
    const registered = new Set(entities.map((e) => e.entityId));
    const unknown = developments.flatMap((d) =>
      referencesOf(body(d))
        .filter((r) => !registered.has(r))
        .map((r) => `${d.id} ${r}`),
    );
    expect(unknown).toEqual([]);
    const orphans = entities.filter((e) => e.parent !== undefined && !registered.has(e.parent));
    expect(orphans.map((e) => e.entityId)).toEqual([]);
    expect(entities.find((e) => e.entityId === 'org:tencent-cloud')?.parent).toBe('org:tencent');
    expect(entities.find((e) => e.entityId === 'org:lazada')?.parent).toBe('org:alibaba');
  });

  it('cite their own article in every source, with one title, kind and inferred publication date each', () => {
    for (const [article, records] of developmentsByArticle()) {
      const sources = records.flatMap((d) => d.sources);
      expect(sources.length).toBeGreaterThan(0);
      expect(new Set(sources.map((s) => s.document))).toEqual(new Set([article]));
      const described = sources.map((s) => [s.title, s.published, s.publishedNote, s.publisher, s.kind].join('|'));
      expect(new Set(described).size).toBe(1);
      const [source] = sources;
      const text = expect.any(String);
      expect(source).toMatchObject({ published: text, publishedNote: text, kind: text });
      // Inferred, so qualified: the publication date is never presented as printed.
      const published = parseEdtf(source!.published!);
      expect(published.ok && (published.value.uncertain || published.value.approximate)).toBe(true);
    }
  });

  it('date what is reported as done but undated on or before its source was published, never later', () => {
    const late = developments.filter((d) => {
      const date = parseEdtf(d.date);
      const { publishedFrom } = timingOf(body(d));
      return date.ok && date.value.openStart && (publishedFrom === null || date.value.latest > publishedFrom);
    });
    expect(late.map((d) => d.id)).toEqual([]);
  });

  it('keep plans as expectations, periods and targets, never as developments that happened', () => {
    const hungary = developments.filter((d) => d.data.facilityId === 'byd-hungary-car-plant');
    expect(hungary).toEqual([
      expect.objectContaining({
        type: 'FacilityConstructionStarted',
        expectations: [{ type: 'FacilityOpened', date: '2025-41~', note: 'set for a late 2025 launch' }],
      }),
    ]);
    const plan = developments.find((d) => d.data.policyId === 'cn-15th-five-year-plan');
    expect(plan).toMatchObject({
      date: '2025-10-23',
      data: { effective: '2026/2030', targets: [expect.objectContaining({ date: '2035' })] },
    });
    // The Busan talks were still to come when the article appeared.
    expect(developments.filter((d) => d.data.meetingId === 'trump-xi-busan-apec-2025')).toEqual([]);
    for (const d of developments) {
      for (const e of d.expectations ?? []) {
        const due = parseEdtf(e.date);
        expect(due.ok && due.value.latest >= timingOf(body(d)).earliest).toBe(true);
      }
    }
  });

  it('give every figure a measure, flows apart from stocks, and sectors as parts of their total', () => {
    const figures = developments.filter((r) => r.type === 'InvestmentReported');
    const of = (series: string) => figures.filter((d) => d.data.series === series).map((d) => d.data);
    const measures = new Map<string, Set<string>>();
    for (const d of figures) {
      const series = d.data.series as string;
      measures.set(series, (measures.get(series) ?? new Set()).add(d.data.measure as string));
    }
    expect([...measures].filter(([, m]) => m.size > 1).map(([series]) => series)).toEqual([]);
    expect(new Set(of('cn-odi-flow').map((d) => d.measure))).toEqual(new Set(['flow']));
    for (const sector of ['scientific-research-technical-service', 'information-transmission-computer-software']) {
      expect(of(`cn-odi-flow-${sector}`)).toHaveLength(6);
      for (const d of of(`cn-odi-flow-${sector}`)) expect(d).toMatchObject({ measure: 'flow', partOf: 'cn-odi-flow' });
      for (const d of of(`cn-odi-flow-${sector}-share`)) expect(d).toMatchObject({ measure: 'share' });
      expect(of(`cn-odi-stock-${sector}`)).toEqual([
        expect.objectContaining({ measure: 'stock', period: '2015', partOf: 'cn-odi-stock' }),
      ]);
    }
    expect(of('cn-latin-america-fdi-cumulative')).toEqual([
      expect.objectContaining({ measure: 'cumulative', period: '2003/2022' }),
    ]);
    // A count of companies listed in Hong Kong is not an investment (EXCLUDED.md).
    expect(figures.filter((d) => (d.data.value as { unit: string }).unit === 'count')).toEqual([]);
  });

  it('keep one currency and scale, or one unit, per figure series', () => {
    const units = new Map<string, Set<string>>();
    for (const d of developments.filter((r) => r.type === 'InvestmentReported')) {
      const value = d.data.value as { currency?: string; unit: string };
      const series = d.data.series as string;
      units.set(series, (units.get(series) ?? new Set()).add(`${value.currency ?? ''} ${value.unit}`));
    }
    expect([...units].filter(([, u]) => u.size > 1).map(([series]) => series)).toEqual([]);
  });
});
