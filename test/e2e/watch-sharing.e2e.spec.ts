import { startApp, type RunningApp } from '../support/app.js';
import { entities, facilityOpened } from '../support/fixtures.js';
import { SseClient } from '../support/sse-client.js';
import { ViewReader } from '../../src/views/read/view-reader.js';

const WATCH = '/state/facilities/watch?asOf=2030-01-01&country=HU';

describe('view watches share their work', () => {
  let api: RunningApp;
  beforeAll(async () => {
    api = await startApp({ TIMELINE_WATCH_MAX_QUERIES: '2' });
    await api.call('POST', '/entities', entities);
  });
  afterAll(() => api.close());

  it('reads the answer of twenty watches of one query once per change, and sends each the same change', async () => {
    const clients = await Promise.all(Array.from({ length: 20 }, () => SseClient.connect(`${api.url}${WATCH}`)));
    for (const client of clients) await client.waitFor((c) => c.messages.some((m) => m.event === 'snapshot'));
    const reader = api.app.get(ViewReader);
    const page = reader.page;
    let reads = 0;
    reader.page = (...args) => {
      reads++;
      return page.apply(reader, args);
    };
    try {
      const recorded = await api.call('POST', '/developments', facilityOpened());
      expect(recorded.status).toBe(201);
      for (const client of clients) await client.waitFor((c) => c.messages.some((m) => m.event === 'change'));
      expect(reads).toBe(1);
      const changes = clients.map((c) => JSON.parse(c.messages.find((m) => m.event === 'change')!.data));
      expect(new Set(changes.map((c) => JSON.stringify(c))).size).toBe(1);
      expect(changes[0].added.map((r: { key: string }) => r.key)).toEqual(['byd-szeged']);
    } finally {
      reader.page = page;
      for (const client of clients) client.close();
    }
  });

  it('caps the distinct queries watched, and frees a query when its last watcher leaves', async () => {
    const first = await SseClient.connect(`${api.url}${WATCH}`);
    const second = await SseClient.connect(`${api.url}/state/licensing/watch`);
    const sameAsFirst = await SseClient.connect(`${api.url}${WATCH}`);
    expect([first.status, second.status, sameAsFirst.status]).toEqual([200, 200, 200]);
    const third = await fetch(`${api.url}/state/policies/watch`);
    expect(third.status).toBe(429);
    expect(await third.json()).toMatchObject({
      code: 'TOO_MANY_STREAMS',
      detail: expect.stringContaining('2 distinct'),
    });
    second.close();
    await second.done;
    let after: Response | undefined;
    // The server sees the close when the socket ends; ask again until it has.
    for (let attempt = 0; attempt < 50 && after?.status !== 200; attempt++) {
      after?.body?.cancel();
      after = await fetch(`${api.url}/state/policies/watch`);
      if (after.status !== 200) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(after!.status).toBe(200);
    await after!.body?.cancel();
    first.close();
    sameAsFirst.close();
  });
});
