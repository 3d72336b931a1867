import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../support/child.js';
import { startApp, type RunningApp } from '../support/app.js';
import { tempDir } from '../support/temp-dir.js';
import { seedIfEmpty } from '../../src/seed/seed-timeline.js';
import { CommandBus } from '@nestjs/cqrs';
import { EVENT_STORE, type EventStore } from '../../src/store/event-store.js';
import { pino } from 'pino';

const SEED_DIR = join(ROOT, 'seed');
const SEEDS = join(ROOT, '..', 'shared', 'seeds');
const lines = (file: string) => readFileSync(file, 'utf8').split('\n').filter(Boolean);
const seedLines = (dir: string) => readdirSync(dir).flatMap((f) => lines(join(dir, f)));
const normalise = (text: string) => text.replace(/\s+/g, ' ').trim();

describe('the seed timeline', () => {
  const developments = seedLines(join(SEED_DIR, 'developments')).map((l) => JSON.parse(l) as { id: string; sources: { document?: string; quote: string }[] });
  const entities = lines(join(SEED_DIR, 'entities.jsonl')).length;
  let api: RunningApp;
  const dir = tempDir('seed');

  beforeAll(async () => {
    api = await startApp({ TIMELINE_SEED: 'true' }, dir.path);
    await seedIfEmpty(api.app.get<EventStore>(EVENT_STORE), api.app.get(CommandBus), SEED_DIR, pino({ level: 'silent' }));
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
    const again = await seedIfEmpty(api.app.get<EventStore>(EVENT_STORE), api.app.get(CommandBus), SEED_DIR, pino({ level: 'silent' }));
    expect(again).toBeUndefined();
    expect((await api.call('GET', '/health/ready')).body.head).toBe(head);
  });

  it('answers a real question: BYD facilities in Hungary', async () => {
    const response = await api.call('GET', '/timeline?subject=org:byd&country=HU');
    expect(response.body.developments.map((d: { type: string }) => d.type)).toContain('FacilityOpened');
  });

  it('answers: where did BYD have facilities, and how sure is it, in mid and late 2025?', async () => {
    const mid = await api.call('GET', '/state/facilities?asOf=2025-06-30&subject=org:byd');
    expect(mid.body.rows).toEqual([]);
    const late = await api.call('GET', '/state/facilities?asOf=2025-12-31&subject=org:byd');
    expect(late.body.rows.map((r: { value: { country: string } }) => r.value.country)).toEqual(['HU']);
    const certainLate = await api.call('GET', '/state/facilities?asOf=2025-09-30&subject=org:byd');
    expect(certainLate.body.rows[0]).toMatchObject({ certainty: 'possible' });
  });

  it('answers: what was China\'s latest outward direct investment figure as of 2014 and as of 2016?', async () => {
    const value = async (asOf: string) => {
      const response = await api.call('GET', `/state/investments?asOf=${asOf}&certainty=certain`);
      return response.body.rows.find((r: { key: string }) => r.key === 'cn-odi-flow')?.value.latest;
    };
    expect((await value('2014-06-30')).period).toBe('2013');
    expect(await value('2016-01-01')).toMatchObject({ period: '2015', value: { value: 145667.15, currency: 'USD', unit: 'million' } });
  });

  it('answers: which Chinese policies were in force at the end of 2016, and what did the 15th Five-Year Plan change by 2026?', async () => {
    const policies = await api.call('GET', '/state/policies?asOf=2016-12-31&country=CN');
    const keys = policies.body.rows.map((r: { key: string }) => r.key);
    expect(keys).toContain('made-in-china-2025');
    expect(keys).not.toContain('cn-15th-five-year-plan');
    const changes = await api.call('GET', '/state/policies/changes?from=2016-12-31&to=2026-01-01');
    expect(changes.body.changes.map((c: { key: string }) => c.key)).toContain('cn-15th-five-year-plan');
  });

  it('answers: who from China was present in the United States by 2025, and how?', async () => {
    const footprint = await api.call('GET', '/state/footprint?asOf=2025-01-01&country=US');
    const present = footprint.body.rows.map((r: { value: { organisation: string; modes: string[] } }) => `${r.value.organisation} ${r.value.modes.join(',')}`);
    expect(present).toEqual(expect.arrayContaining(['org:alibaba rnd-centre:operating', 'org:bytedance rnd-centre:operating']));
    const profile = await api.call('GET', '/entities/org:alibaba?asOf=2025-01-01');
    expect(profile.body).toMatchObject({ name: expect.any(String), views: { facilities: [expect.objectContaining({ key: expect.any(String) })] } });
  });

  it('replays BYD step by step, each step with what it changed', async () => {
    const replay = await api.call('GET', '/replay?subject=org:byd&type=FacilityOpened');
    const step = replay.body.steps[0];
    expect(step.changes.map((c: { view: string }) => c.view).sort()).toEqual(['facilities', 'footprint']);
    expect(step.changes[0]).toMatchObject({ before: null, changed: expect.arrayContaining(['status']) });
  });
});
