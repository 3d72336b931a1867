import { filterSql } from '../../src/filters/development-filter.js';
import { ReadModel } from '../../src/read-model/read-model.js';
import { startApp, type RunningApp } from '../support/app.js';
import { entities, facilityOpened } from '../support/fixtures.js';

/** A development near the largest the catalogue takes: 20 sources with the longest texts. */
const large = (n: number) =>
  facilityOpened(
    {
      summary: `BYD opens plant ${n}`,
      sources: Array.from({ length: 20 }, (_, i) => ({
        title: 't'.repeat(300),
        url: `https://example.org/${String(i).padStart(2, '0')}/${'u'.repeat(2000)}`,
        quote: 'q'.repeat(1000),
        publisher: 'p'.repeat(200),
        publishedNote: 'n'.repeat(500),
      })),
    },
    { facilityId: `byd-${n}` },
  );

describe('answers have a byte budget', () => {
  let api: RunningApp;
  beforeAll(async () => {
    api = await startApp({ TIMELINE_WRITE_RATE: '100000' });
    await api.call('POST', '/entities', entities);
    const recorded = await api.call(
      'POST',
      '/developments',
      Array.from({ length: 40 }, (_, n) => large(n)),
    );
    expect(recorded.status).toBe(201);
  });
  afterAll(() => api.close());

  it('ends a timeline page before 4 MiB, and the cursor goes on to every development once', async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const response = await fetch(`${api.url}/timeline?limit=500${cursor ? `&cursor=${cursor}` : ''}`);
      const text = await response.text();
      expect(text.length).toBeLessThan(4 * 1024 * 1024);
      const page = JSON.parse(text) as { developments: { id: string }[]; nextCursor?: string };
      expect(page.developments.length).toBeGreaterThan(0);
      seen.push(...page.developments.map((d) => d.id));
      cursor = page.nextCursor;
      pages++;
    } while (cursor);
    expect(pages).toBeGreaterThan(1);
    expect(seen).toHaveLength(40);
    expect(new Set(seen).size).toBe(40);
  });

  it('finds text through the trigram index, the same developments as before, on the timeline and in Atom', async () => {
    const found = await api.call('GET', '/timeline?q=PLANT%2017');
    expect(found.body.developments.map((d: { summary: string }) => d.summary)).toEqual(['BYD opens plant 17']);
    const quoted = await api.call('GET', `/timeline?q=${encodeURIComponent('"qqq')}`);
    expect(quoted.body.developments).toEqual([]);
    expect((await api.call('GET', '/timeline?q=nothing%20like%20this')).body.developments).toEqual([]);
    const atom = await fetch(`${api.url}/feed.atom?q=opens%20plant%2021`).then((r) => r.text());
    expect(atom.match(/<entry>/g)).toHaveLength(1);
    const { where, params } = filterSql({ q: 'no match' });
    const plan = api.app
      .get(ReadModel)
      .db.prepare(`EXPLAIN QUERY PLAN SELECT v.vid FROM development_versions v WHERE ${where.join(' AND ')}`)
      .all(...params) as { detail: string }[];
    expect(plan.map((p) => p.detail).join('\n')).toMatch(/development_search VIRTUAL TABLE INDEX/);
  });

  it('answers q with the developments whose text holds it, not those holding its trigrams apart, page by page', async () => {
    const recorded = await api.call('POST', '/developments', [
      facilityOpened({ summary: 'BYD battery cel; ery cells hall', date: '2024-05' }, { facilityId: 'decoy' }),
      facilityOpened({ summary: 'BYD battery cells plant', date: '2024-06' }, { facilityId: 'cells-1' }),
      facilityOpened({ summary: 'BYD opens battery cells line', date: '2024-07' }, { facilityId: 'cells-2' }),
    ]);
    expect(recorded.status).toBe(201);
    const summaries: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await api.call('GET', `/timeline?q=Battery%20Cells&limit=1${cursor ? `&cursor=${cursor}` : ''}`);
      summaries.push(...page.body.developments.map((d: { summary: string }) => d.summary));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(summaries).toEqual(['BYD battery cells plant', 'BYD opens battery cells line']);
    const atom = await fetch(`${api.url}/feed.atom?q=battery%20cells`).then((r) => r.text());
    expect(atom.match(/<entry>/g)).toHaveLength(2);
    expect(atom).not.toContain('ery cells hall');
  });

  it('refuses a q shorter than three characters, naming it (counted by code point, as the index counts them)', async () => {
    for (const path of ['/timeline?q=ab', '/feed.atom?q=a', `/timeline?q=${encodeURIComponent('a😀')}`]) {
      const response = await api.call('GET', path);
      expect([response.status, response.body.code, response.body.errors?.[0]?.path]).toEqual([
        400,
        'INVALID_PARAMETER',
        'q',
      ]);
    }
    // The API description says so too: a client that reads it need not find the rule by a 400.
    const described = (await api.call('GET', '/docs/openapi.json')).body.paths['/timeline'].get.parameters.find(
      (p: { name: string }) => p.name === 'q',
    );
    expect(described.schema).toMatchObject({ minLength: 3, maxLength: 200 });
  });
});
