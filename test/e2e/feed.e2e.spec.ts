import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { request } from 'node:http';
import { startApp, TEST_KEY, type RunningApp } from '../support/app.js';
import { entities, facilityOpened } from '../support/fixtures.js';
import { SseClient } from '../support/sse-client.js';
import { tempDir } from '../support/temp-dir.js';

const record = (
  api: RunningApp,
  n: number,
  overrides: Record<string, unknown> = {},
  data: Record<string, unknown> = {},
) =>
  api.call(
    'POST',
    '/developments',
    Array.from({ length: n }, (_, i) =>
      facilityOpened(
        { summary: `feed item ${i}`, ...overrides },
        { facilityId: `feed-${Math.random().toString(36).slice(2)}`, ...data },
      ),
    ),
  );

describe('the live feed (Server-Sent Events)', () => {
  let api: RunningApp;
  beforeAll(async () => {
    api = await startApp({ TIMELINE_FEED_HEARTBEAT_MS: '200' });
    await api.call('POST', '/entities', entities);
  });
  afterAll(() => api.close());

  it('catches up from a position, then goes live, with no gap and no duplicate', async () => {
    const start = (await api.call('GET', '/health/ready')).body.head;
    await record(api, 5);
    const client = await SseClient.connect(`${api.url}/feed?from=${start}`);
    await client.waitFor((c) => c.developments.length >= 5);
    await record(api, 3);
    await Promise.all([record(api, 2), record(api, 2)]);
    await client.waitFor((c) => c.developments.length >= 12);
    client.close();
    const ids = client.developments.map((d) => Number(d.id));
    expect(ids).toEqual(Array.from({ length: 12 }, (_, i) => Number(start) + i + 1));
    expect(client.developments[0]).toMatchObject({
      event: 'DevelopmentRecorded',
      data: { kind: 'DevelopmentRecorded', development: { type: 'FacilityOpened' } },
    });
  });

  it('starts with what is new when no position is given, keeps the connection alive with heartbeats, and delivers corrections as corrections', async () => {
    const client = await SseClient.connect(`${api.url}/feed`);
    await client.waitFor((c) => c.messages.some((m) => m.event === 'ready'));
    const created = await api.call('POST', '/developments', facilityOpened());
    await api.call('POST', `/developments/${created.body.id}/corrections`, {
      changes: { date: '2025-08' },
      reason: 'month known',
    });
    await client.waitFor((c) => c.developments.length >= 2);
    await new Promise((r) => setTimeout(r, 500));
    client.close();
    expect(client.developments.map((d) => d.event)).toEqual(['DevelopmentRecorded', 'DevelopmentCorrected']);
    expect((client.developments[1]!.data as { development: unknown }).development).toMatchObject({
      date: '2025-08',
      revision: 1,
    });
  });

  it('filters by type, subject, country and text', async () => {
    const client = await SseClient.connect(`${api.url}/feed?country=BR&type=FacilityOpened&q=camacari`);
    await client.waitFor((c) => c.messages.some((m) => m.event === 'ready'));
    await record(api, 2);
    await record(api, 1, { summary: 'BYD opens Camacari' }, { country: 'BR' });
    await client.waitFor((c) => c.developments.length >= 1);
    await record(api, 1, { summary: 'BYD opens Camacari again' }, { country: 'BR' });
    await client.waitFor((c) => c.developments.length >= 2);
    client.close();
    expect(client.developments.every((d) => d.data.development.data.country === 'BR')).toBe(true);
  });

  it('rejects bad filters with a problem before streaming', async () => {
    const response = await fetch(`${api.url}/feed?country=brazil`);
    expect(response.status).toBe(400);
    expect(((await response.json()) as { code: string }).code).toBe('INVALID_PARAMETER');
  });

  it('serves valid Atom 1.0 with one entry per development', async () => {
    const response = await fetch(`${api.url}/feed.atom?limit=5`);
    expect(response.headers.get('content-type')).toContain('application/atom+xml');
    const xml = await response.text();
    expect(XMLValidator.validate(xml)).toBe(true);
    const feed = new XMLParser({ ignoreAttributes: false }).parse(xml).feed;
    expect(feed['@_xmlns']).toBe('http://www.w3.org/2005/Atom');
    const entries = [feed.entry].flat();
    expect(entries.length).toBeGreaterThan(0);
    expect(entries.length).toBeLessThanOrEqual(5);
    expect(new Set(entries.map((e: { id: string }) => e.id)).size).toBe(entries.length);
    expect(entries[0]).toMatchObject({
      id: expect.stringMatching(/^urn:uuid:/),
      updated: expect.any(String),
      title: expect.any(String),
    });
  });

  it('plays the timeline back in valid-time order, paced', async () => {
    for (const date of ['2001', '2003-05', '2002-02-02']) await record(api, 1, { date, summary: `paced ${date}` });
    const started = Date.now();
    const client = await SseClient.connect(`${api.url}/replay/stream?q=paced&speed=3650`);
    await client.waitFor((c) => c.messages.some((m) => m.event === 'end'));
    const played = client.messages.filter((m) => m.event === 'development').map((m) => JSON.parse(m.data).date);
    expect(played).toEqual(['2001', '2002-02-02', '2003-05']);
    // Two years and four months of history at ten years a second: a little over 200 ms.
    expect(Date.now() - started).toBeGreaterThanOrEqual(150);
  });
});

describe('feed limits and restarts', () => {
  it('resumes with Last-Event-ID across a restart of the service, losing nothing', async () => {
    const dir = tempDir('feed-restart');
    let api = await startApp({}, dir.path);
    await api.call('POST', '/entities', entities);
    const start = (await api.call('GET', '/health/ready')).body.head;
    await record(api, 3);
    const first = await SseClient.connect(`${api.url}/feed?from=${start}`);
    await first.waitFor((c) => c.developments.length >= 3);
    first.close();
    const last = first.developments[2]!.id;
    await api.close();
    api = await startApp({}, dir.path);
    await record(api, 2);
    const second = await SseClient.connect(`${api.url}/feed`, { 'last-event-id': last });
    await second.waitFor((c) => c.developments.length >= 2);
    await record(api, 1);
    await second.waitFor((c) => c.developments.length >= 3);
    second.close();
    expect(second.developments.map((d) => Number(d.id))).toEqual([1, 2, 3].map((i) => Number(last) + i));
    await api.close();
    dir.cleanup();
  });

  it('refuses a connection over the per-client cap with 429', async () => {
    const api = await startApp({ TIMELINE_FEED_MAX_CONNECTIONS: '1' });
    try {
      const first = await SseClient.connect(`${api.url}/feed`);
      const second = await fetch(`${api.url}/feed`);
      expect(second.status).toBe(429);
      expect(((await second.json()) as { code: string }).code).toBe('TOO_MANY_STREAMS');
      first.close();
    } finally {
      await api.close();
    }
  });

  it('sends a client that cannot keep up a final overflow message with its resume position, then closes it', async () => {
    const api = await startApp({ TIMELINE_FEED_DRAIN_TIMEOUT_MS: '300' });
    try {
      await api.call('POST', '/entities', entities);
      const start = (await api.call('GET', '/health/ready')).body.head;
      // Large messages (many long quotes) fill the socket buffers with few developments.
      const sources = Array.from({ length: 12 }, (_, i) => ({
        title: `Source ${i}`,
        url: 'https://example.org',
        quote: 'q'.repeat(1000),
      }));
      for (let i = 0; i < 15; i++)
        await record(api, 100, { sources }, { country: ['BR', 'DE', 'HU', 'IN', 'JP'][i % 5] });
      const received: Buffer[] = [];
      const closed = new Promise<void>((resolve, reject) => {
        const req = request(`${api.url}/feed?from=${start}`, (res) => {
          res.pause();
          // Read nothing until the server has given up on this client, then drain what it sent.
          setTimeout(() => {
            res.on('data', (chunk: Buffer) => received.push(chunk));
            res.on('close', resolve);
            res.on('error', () => resolve());
            res.resume();
          }, 1500);
        });
        req.on('error', reject);
        req.end();
      });
      await closed;
      const text = Buffer.concat(received).toString();
      const overflow = /event: overflow\ndata: (.*)\n/.exec(text);
      expect(overflow).not.toBeNull();
      const { resumeFrom } = JSON.parse(overflow![1]!);
      const delivered = [...text.matchAll(/^id: (\d+)$/gm)].map((m) => m[1]);
      expect(delivered.length).toBeLessThan(1500);
      expect(resumeFrom).toBe(delivered[delivered.length - 1]);
    } finally {
      await api.close();
    }
  }, 60_000);
});

describe('watching a view', () => {
  it('sends the answer, then a change when a backdated development alters it', async () => {
    const api = await startApp();
    try {
      await api.call('POST', '/entities', entities);
      await record(api, 1, { date: '2018' }, { facilityId: 'byd-old', country: 'HU' });
      const client = await SseClient.connect(`${api.url}/state/facilities/watch?asOf=2020-01-01&country=HU`);
      await client.waitFor((c) => c.messages.some((m) => m.event === 'snapshot'));
      const snapshot = JSON.parse(client.messages.find((m) => m.event === 'snapshot')!.data);
      expect(snapshot.rows.map((r: { key: string }) => r.key)).toEqual(['byd-old']);
      await record(api, 1, { date: '2024' }, { facilityId: 'byd-new', country: 'HU' });
      await record(api, 1, { date: '2019-03' }, { facilityId: 'byd-backdated', country: 'HU' });
      await client.waitFor((c) => c.messages.some((m) => m.event === 'change'));
      client.close();
      const changes = client.messages.filter((m) => m.event === 'change').map((m) => JSON.parse(m.data));
      expect(changes).toHaveLength(1);
      expect(changes[0].added.map((r: { key: string }) => r.key)).toEqual(['byd-backdated']);
    } finally {
      await api.close();
    }
  });
});

void TEST_KEY;
