import { request } from 'node:http';
import { SqliteEventStore } from '../../src/store/sqlite/sqlite-event-store.js';
import { openReadModel } from '../../src/views/build/open-read-model.js';
import { startApp, type RunningApp } from '../support/app.js';
import { facilityOpened, entities } from '../support/fixtures.js';
import { tempDir } from '../support/temp-dir.js';

/** A HEAD request: its status and headers, once the response has ended. */
function head(url: string): Promise<{ status: number; type: string | undefined }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'HEAD' }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, type: res.headers['content-type'] }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('small protocol matters', () => {
  let api: RunningApp;
  beforeAll(async () => {
    api = await startApp({ TIMELINE_FEED_MAX_CONNECTIONS: '1' });
    await api.call('POST', '/entities', entities);
    await api.call('POST', '/developments', facilityOpened());
  });
  afterAll(() => api.close());

  it('answers HEAD on the streams at once, holding no stream slot', async () => {
    for (const path of ['/feed', '/feed?from=0', '/replay/stream', '/state/facilities/watch']) {
      for (let n = 0; n < 3; n++) {
        expect(await head(`${api.url}${path}`)).toEqual({
          status: 200,
          type: expect.stringContaining('text/event-stream'),
        });
      }
    }
    // The one slot this client has is still free.
    const stream = await fetch(`${api.url}/feed`);
    expect(stream.status).toBe(200);
    await stream.body?.cancel();
  });

  it('takes a DELETE labelled JSON with no body as a DELETE without one', async () => {
    const response = await api.call('DELETE', '/webhooks/5f0c6f4e-3a59-4d0c-9d7e-1b2f3a4c5d6e', undefined, {
      'content-type': 'application/json',
    });
    expect(response.status).toBe(404);
    expect(response.body.code).toBe('NOT_FOUND');
  });

  it.each(['0x1', '1e0', ' 1', '1 ', '+1', '1.0', '0b1', 'Infinity', '-0'])(
    'refuses the resume position %j rather than reading it as a number',
    async (from) => {
      const response = await api.call('GET', `/feed?from=${encodeURIComponent(from)}`);
      expect([response.status, response.body.code]).toEqual([400, 'BAD_POSITION']);
    },
  );
});

describe('readiness while views are built for the first time', () => {
  it('says the views are not answering (failed, so 503) until they are built, then ok', async () => {
    const dir = tempDir('readiness');
    const store = new SqliteEventStore(`${dir.path}/events.db`);
    try {
      const parts = openReadModel(`${dir.path}/read-model.db`, store);
      const views = () => parts.readModel.health().parts.find((p) => p.name === 'views')!;
      expect(views()).toMatchObject({ status: 'failed', detail: expect.stringContaining('not answering until built') });
      parts.readModel.start();
      await parts.ready();
      expect(views().status).toBe('ok');
      await parts.readModel.stop();
      parts.readModel.close();
    } finally {
      await store.close();
      dir.cleanup();
    }
  });
});
