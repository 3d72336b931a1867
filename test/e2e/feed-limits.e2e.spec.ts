import { request } from 'node:http';
import { createServer } from 'node:net';
import { startApp, type RunningApp } from '../support/app.js';
import { entities, meetingHeld } from '../support/fixtures.js';
import { SseClient } from '../support/sse-client.js';

/** Opens GET /feed from a given local address; resolves with the status once the headers are in. */
function openFrom(url: string, localAddress: string, family?: 4 | 6): Promise<{ status: number; close: () => void }> {
  return new Promise((resolve, reject) => {
    const req = request(`${url}/feed`, { localAddress, family }, (res) =>
      resolve({ status: res.statusCode ?? 0, close: () => req.destroy() }),
    );
    req.on('error', reject);
    req.end();
  });
}

async function ipv6Loopback(): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(0, '::1', () => server.close(() => resolve(true)));
  });
}

describe('stream caps', () => {
  it('counts every loopback address as one client (127.0.0.2 does not get around the cap)', async () => {
    const api = await startApp({ TIMELINE_FEED_MAX_CONNECTIONS: '1' });
    try {
      const first = await openFrom(api.url, '127.0.0.1');
      const second = await openFrom(api.url, '127.0.0.2');
      expect([first.status, second.status]).toEqual([200, 429]);
      first.close();
      second.close();
    } finally {
      await api.close();
    }
  });

  it('counts ::1 with 127.0.0.1 on a dual-stack listener', async () => {
    if (!(await ipv6Loopback())) {
      console.warn('skipped: this machine has no IPv6 loopback, so a dual-stack listener cannot be tested');
      return;
    }
    const dual = await startApp({ TIMELINE_FEED_MAX_CONNECTIONS: '1' });
    try {
      await dual.app.getHttpServer().close();
      await new Promise<void>((resolve) => dual.app.getHttpServer().listen(0, '::', resolve));
      const port = (dual.app.getHttpServer().address() as { port: number }).port;
      const first = await openFrom(`http://127.0.0.1:${port}`, '127.0.0.1');
      const second = await openFrom(`http://[::1]:${port}`, '::1', 6);
      expect([first.status, second.status]).toEqual([200, 429]);
      first.close();
      second.close();
    } finally {
      await dual.close();
    }
  });

  it('caps the streams of all clients together', async () => {
    const api = await startApp({ TIMELINE_FEED_MAX_CONNECTIONS: '100', TIMELINE_FEED_MAX_STREAMS: '2' });
    try {
      const open = [await SseClient.connect(`${api.url}/feed`), await SseClient.connect(`${api.url}/feed`)];
      const third = await fetch(`${api.url}/state/facilities/watch`);
      expect(third.status).toBe(429);
      expect(await third.json()).toMatchObject({
        code: 'TOO_MANY_STREAMS',
        detail: expect.stringContaining('maximum of 2'),
      });
      for (const client of open) client.close();
    } finally {
      await api.close();
    }
  });
});

describe('catching up many streams at once', () => {
  let api: RunningApp;
  beforeAll(async () => {
    api = await startApp({ TIMELINE_FEED_MAX_CATCHUPS: '1', TIMELINE_WRITE_RATE: '100000' });
    await api.call('POST', '/entities', entities);
    for (let i = 0; i < 3; i++) {
      expect(
        (
          await api.call(
            'POST',
            '/developments',
            Array.from({ length: 500 }, (_, n) => meetingHeld(n)),
          )
        ).status,
      ).toBe(201);
    }
  });
  afterAll(() => api.close());

  it('takes turns: streams wait for theirs while requests are answered, and each gets the whole log in order', async () => {
    const clients = await Promise.all(Array.from({ length: 6 }, () => SseClient.connect(`${api.url}/feed?from=0`)));
    const metrics = await (await fetch(`${api.url}/metrics`)).text();
    const delivered = (c: SseClient) => c.messages.filter((m) => m.id !== undefined).length;
    const caughtUp = clients.filter((c) => delivered(c) >= 1500).length;
    // Answered while the catch-ups were still under way, one at a time, the others waiting their turn.
    expect(caughtUp).toBeLessThan(clients.length);
    expect(metrics).toMatch(/^timeline_catch_ups\{state="active"\} 1$/m);
    expect(metrics).toMatch(/^timeline_catch_ups\{state="waiting"\} [1-9]/m);
    await Promise.all(clients.map((c) => c.waitFor((x) => delivered(x) >= 1500, 60_000)));
    for (const client of clients) {
      client.close();
      const positions = client.developments.map((d) => Number(d.id));
      expect(positions).toEqual([...positions].sort((a, b) => a - b));
      expect(new Set(positions).size).toBe(1500);
    }
  }, 90_000);

  it('plays /replay/stream at full speed in turns too', async () => {
    const replay = await SseClient.connect(`${api.url}/replay/stream?speed=1000000&maxPauseMs=0`);
    const health = await fetch(`${api.url}/health`);
    expect(health.status).toBe(200);
    await replay.waitFor((c) => c.messages.some((m) => m.event === 'end'), 60_000);
    replay.close();
    expect(replay.messages.filter((m) => m.event === 'development')).toHaveLength(1500);
  }, 90_000);
});
