import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../support/child.js';
import { startApp, type RunningApp } from '../support/app.js';
import { tempDir } from '../support/temp-dir.js';
import { seedTimeline } from '../../src/seed/seed-timeline.js';
import { CommandBus } from '@nestjs/cqrs';
import { EVENT_STORE, type EventStore } from '../../src/store/event-store.js';
import { pino } from 'pino';

const SEED_DIR = join(ROOT, 'seed');
const SEEDS = join(ROOT, '..', 'shared', 'seeds');
const lines = (file: string) => readFileSync(file, 'utf8').split('\n').filter(Boolean);
const seedLines = (dir: string) => readdirSync(dir).flatMap((f) => lines(join(dir, f)));
const normalise = (text: string) => text.replace(/\s+/g, ' ').trim();

describe('the seed timeline', () => {
  const developments = seedLines(join(SEED_DIR, 'developments')).map(
    (l) =>
      JSON.parse(l) as {
        id: string;
        type: string;
        data: Record<string, unknown>;
        sources: { document?: string; quote: string }[];
      },
  );
  const entities = lines(join(SEED_DIR, 'entities.jsonl')).length;
  let api: RunningApp;
  const dir = tempDir('seed');

  beforeAll(async () => {
    api = await startApp({ TIMELINE_SEED: 'true' }, dir.path);
    await seedTimeline(
      api.app.get<EventStore>(EVENT_STORE),
      api.app.get(CommandBus),
      SEED_DIR,
      pino({ level: 'silent' }),
    );
  });
  afterAll(async () => {
    await api.close();
    dir.cleanup();
  });

  it('loads completely: every seed development is on the timeline', async () => {
    const ids = new Set<string>();
    let cursor: string | undefined;
    do {
      const page = await api.call('GET', `/timeline?limit=500${cursor ? `&cursor=${cursor}` : ''}`);
      page.body.developments.forEach((d: { id: string }) => ids.add(d.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(developments.length).toBeGreaterThanOrEqual(40);
    expect([...ids].sort()).toEqual(developments.map((d) => d.id).sort());
    expect((await api.call('GET', '/entities')).body.entities).toHaveLength(entities);
  });

  it('cites a seed document in every development, with a quote found in that document', () => {
    const documents = new Map(readdirSync(SEEDS).map((f) => [f, normalise(readFileSync(join(SEEDS, f), 'utf8'))]));
    for (const development of developments) {
      const cited = development.sources.filter((s) => s.document && documents.has(s.document));
      expect(cited.length).toBeGreaterThan(0);
      for (const source of cited) expect(documents.get(source.document!)).toContain(normalise(source.quote));
    }
  });

  it('is imported once: a second start finds a store that is not empty', async () => {
    const head = (await api.call('GET', '/health/ready')).body.head;
    const again = await seedTimeline(
      api.app.get<EventStore>(EVENT_STORE),
      api.app.get(CommandBus),
      SEED_DIR,
      pino({ level: 'silent' }),
    );
    expect(again).toBeUndefined();
    expect((await api.call('GET', '/health/ready')).body.head).toBe(head);
  });

  const rows = async (path: string) =>
    (await api.call('GET', path)).body.rows as { key: string; certainty: string; value: Record<string, unknown> }[];

  it('answers: which licences were in effect at the end of 2025, and how sure is each?', async () => {
    const end = await rows('/state/licensing?asOf=2025-12-31');
    expect(end.map((r) => `${r.key} ${r.certainty}`)).toEqual([
      'catl-ford-lfp certain',
      'feb-walkreck-battery-technology certain',
      'ymtc-samsung-hybrid-bonding certain',
    ]);
    expect((await rows('/state/licensing?asOf=2025-06-30')).map((r) => r.certainty)).toEqual([
      'possible',
      'possible',
      'possible',
    ]);
    expect(await rows('/state/licensing?asOf=2024-12-31')).toEqual([]);
  });

  it('answers: which BYD plants were under construction in March 2025? Camacari and Hungary, possibly', async () => {
    const march = await rows('/state/facilities?asOf=2025-03-31&subject=org:byd&status=under-construction');
    expect(march.map((r) => `${r.key} ${r.value.country} ${r.certainty}`)).toEqual([
      'byd-camacari-plant BR possible',
      'byd-hungary-car-plant HU possible',
    ]);
    expect(
      await rows('/state/facilities?asOf=2025-03-31&subject=org:byd&status=under-construction&certainty=certain'),
    ).toEqual([]);
  });

  it('answers: BYD Hungary is being built, its expected opening pending in 2025 and overdue by mid-2026', async () => {
    const hungary = async (asOf: string) => (await rows(`/state/facilities?asOf=${asOf}&country=HU`))[0]!;
    expect(await hungary('2025-12-31')).toMatchObject({
      value: {
        status: 'under-construction',
        expectations: [{ type: 'FacilityOpened', date: '2025-41~', status: 'pending' }],
      },
    });
    expect(await hungary('2026-06-30')).toMatchObject({
      value: { status: 'under-construction', expectations: [{ status: 'overdue' }] },
    });
    const plans = await api.call('GET', '/expectations?asOf=2026-06-30&status=overdue');
    expect(plans.body.expectations.map((e: { key: string }) => e.key)).toContain('byd-hungary-car-plant');
  });

  it('answers: the 15th Five-Year Plan was issued in October 2025 and is in force from 2026, with its 2035 target', async () => {
    const plan = async (asOf: string) =>
      (await rows(`/state/policies?asOf=${asOf}&subject=gov:cn`)).find((r) => r.key === 'cn-15th-five-year-plan');
    expect(await plan('2025-10-22')).toBeUndefined();
    expect(await plan('2025-12-31')).toMatchObject({
      value: { inForce: false, effective: '2026/2030', targets: [{ date: '2035', status: 'pending' }] },
    });
    expect(await plan('2026-06-30')).toMatchObject({ value: { inForce: true } });
    expect(await plan('2031-01-01')).toMatchObject({ value: { inForce: false } });
  });

  it("answers: China's outward direct investment figure as of 2010 and 2016", async () => {
    const odi = async (asOf: string) =>
      (await rows(`/state/investments?asOf=${asOf}&certainty=certain`)).find((r) => r.key === 'cn-odi-flow')?.value
        .latest;
    expect(await odi('2010-12-31')).toMatchObject({
      period: '2006',
      value: { value: 17633.97, currency: 'USD', unit: 'million' },
    });
    expect(await odi('2016-01-01')).toMatchObject({
      period: '2015',
      value: { value: 145667.15, currency: 'USD', unit: 'million' },
    });
  });

  it("answers: in what order 2025's developments dated within the year came", async () => {
    const timeline = await api.call('GET', '/timeline?from=2025-01-01&to=2025-12-31&limit=500');
    const within = (timeline.body.developments as { date: string; dateRange: { earliest: string; latest: string } }[])
      .filter((d) => d.dateRange.earliest >= '2025-01-01' && d.dateRange.latest < '2025-12-31')
      .map((d) => d.date);
    expect(within).toEqual(['2025?-01', '2025?-02', '../2025?-03-06', '2025-10-23']);
  });

  it('answers: a qualified date is not confirmed before its source was published', async () => {
    const casetify = (await api.call('GET', '/timeline?q=Casetify&type=FacilityOpened')).body.developments[0];
    expect(casetify).toMatchObject({
      date: '2025?-01',
      dateRange: { earliest: '2025-01-01', latest: '2025-01-31' },
      certainFrom: '2025-12-31',
    });
    expect(casetify.dateText).toBe('January 2025 (year uncertain)');
    const store = await rows('/state/facilities?asOf=2025-06-30&subject=org:casetify');
    expect(store.map((r) => r.certainty)).toEqual(['possible']);
    expect(await rows('/state/facilities?asOf=2025-06-30&subject=org:casetify&publishedBy=2025-06-30')).toEqual([]);
  });

  it('answers: who from China was present in the United States by 2025, and how?', async () => {
    const footprint = await rows('/state/footprint?asOf=2025-01-01&country=US&origin=CN');
    const present = footprint.map((r) => `${r.value.organisation as string} ${(r.value.modes as string[]).join(',')}`);
    expect(present).toEqual(
      expect.arrayContaining(['org:alibaba rnd-centre:operating', 'org:bytedance rnd-centre:operating']),
    );
    const profile = await api.call('GET', '/entities/org:alibaba?asOf=2025-01-01');
    expect(profile.body).toMatchObject({
      name: expect.any(String),
      views: { facilities: [expect.objectContaining({ key: expect.any(String) })] },
    });
  });

  it('replays BYD step by step, each step with what it changed', async () => {
    const replay = await api.call('GET', '/replay?subject=org:byd&type=FacilityConstructionStarted');
    const step = replay.body.steps[0];
    expect(step.changes.map((c: { view: string }) => c.view)).toEqual(['facilities']);
    expect(step.changes[0]).toMatchObject({ before: null, changed: expect.arrayContaining(['status']) });
  });

  it('answers figures per series for 2006-2015: every value one some source states, never a sum', async () => {
    const answer = (await api.call('GET', '/state/investments/series?from=2006-01-01&to=2015-12-31')).body as {
      series: {
        series: string;
        measure: string;
        unit: string;
        partOf?: string;
        points: { date: string; value: number | null; period?: string; development?: string }[];
      }[];
    };
    const total = answer.series.find((s) => s.series === 'cn-odi-flow')!;
    expect(total).toMatchObject({ measure: 'flow', unit: 'USD million' });
    expect(total.points[0]).toMatchObject({ date: '2006-12-31', value: 17633.97, period: '2006' });
    const sector = answer.series.find((s) => s.series === 'cn-odi-flow-information-transmission-computer-software')!;
    expect(sector.partOf).toBe('cn-odi-flow');
    const stock = answer.series.find((s) => s.series === 'cn-odi-stock-manufacturing')!;
    expect(stock.measure).toBe('stock');
    // Each point is the value of the figure its development states, in the series' own unit.
    const stated = new Map(
      developments
        .filter((d) => d.type === 'InvestmentReported')
        .map((d) => [d.id, (d.data as { value: { value: number } }).value.value]),
    );
    const points = answer.series.flatMap((s) => s.points.filter((p) => p.value !== null));
    expect(points.length).toBeGreaterThan(0);
    for (const p of points) expect(p.value).toBe(stated.get(p.development!));
    expect(points.map((p) => p.value)).not.toContain(269.7);
  });

  it('answers: a licence is a relationship, not presence (YMTC and Samsung, CATL and Ford)', async () => {
    const asOf = 'asOf=2025-12-31';
    const organisations = async (country: string) =>
      (await rows(`/state/footprint?${asOf}&country=${country}`)).map((r) => r.value.organisation);
    expect(await organisations('KR')).not.toContain('org:ymtc');
    expect(await organisations('US')).not.toContain('org:catl');
    const relationships = await rows(`/state/relationships?${asOf}`);
    const parties = (key: string) =>
      relationships.find((r) => r.key === key)?.value.parties as { entity: string; role: string }[];
    expect(parties('licence:ymtc-samsung-hybrid-bonding')).toEqual([
      expect.objectContaining({ entity: 'org:ymtc', role: 'licensor', country: 'CN' }),
      expect.objectContaining({ entity: 'org:samsung-electronics', role: 'licensee', country: 'KR' }),
    ]);
    expect(parties('licence:catl-ford-lfp')).toEqual([
      expect.objectContaining({ entity: 'org:catl', role: 'licensor' }),
      expect.objectContaining({ entity: 'org:ford', role: 'licensee' }),
    ]);
    const ymtc = await rows(`/state/relationships?${asOf}&subject=org:ymtc&country=KR`);
    expect(ymtc.map((r) => r.value.kind)).toEqual(['licence']);
    const csv = (await api.call('GET', `/state/relationships?${asOf}&subject=org:ymtc&format=csv`)).body as string;
    expect(csv.split('\n')[0]).toContain('kind');
    expect(csv).toContain('licence:ymtc-samsung-hybrid-bonding');
    const counts = await api.call('GET', '/state/relationships/series?from=2025-01-01&to=2025-12-31&groupBy=kind');
    expect(counts.body.points.at(-1).groups).toMatchObject({ licence: 3 });
  });

  it("answers: BYD's Turkey plant is a reported plan, planned presence, never presence", async () => {
    const turkey = await rows('/state/footprint?asOf=2025-12-31&country=TR');
    expect(turkey.map((r) => [r.value.organisation, r.value.presence])).toEqual([['org:byd', 'planned']]);
    expect(await rows('/state/footprint?asOf=2025-12-31&country=TR&certainty=certain')).toEqual([]);
    expect(await rows('/state/footprint?asOf=2025-12-31&country=TR&status=present')).toEqual([]);
    const hungary = await rows('/state/footprint?asOf=2025-12-31&country=HU');
    expect(hungary.map((r) => r.value.presence)).toEqual(['present']);
  });
});
