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
});
