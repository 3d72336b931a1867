import Database from 'better-sqlite3';
import { join } from 'node:path';
import { Shutdown } from '../../src/http/shutdown.js';
import { startApp, TEST_KEY, type RunningApp } from '../support/app.js';
import { entities, facilityOpened, licensingDeal } from '../support/fixtures.js';
import { rawExchange, rawRequest } from '../support/raw-http.js';
import { SseClient } from '../support/sse-client.js';

const PROBLEM = 'application/problem+json';
const deep = (levels: number) => `${'{"a":'.repeat(levels)}1${'}'.repeat(levels)}`;

describe('bad input gets a 4xx problem, never a 500', () => {
  let api: RunningApp;
  let developmentId: string;
  beforeAll(async () => {
    api = await startApp();
    await api.call('POST', '/entities', entities);
    developmentId = (await api.call('POST', '/developments', licensingDeal())).body.id;
  });
  afterAll(() => api.close());

  const routes = () => [
    '/timeline',
    '/state/facilities',
    '/state/facilities/changes?from=2020-01-01&to=2021-01-01',
    `/developments/${developmentId}`,
    '/entities/org:byd',
    '/replay',
    '/replay/stream',
    '/state/facilities/watch',
  ];

  it.each(['2025-W01', '20250101T000000Z', '2025-001', '2025-02-30'])(
    'refuses knownAt=%s on every route that takes it',
    async (knownAt) => {
      for (const route of routes()) {
        const response = await api.call('GET', `${route}${route.includes('?') ? '&' : '?'}knownAt=${knownAt}`);
        expect({ route, status: response.status }).toEqual({ route, status: 400 });
        expect(response.headers.get('content-type')).toContain(PROBLEM);
        expect(response.body).toMatchObject({ code: 'INVALID_PARAMETER', errors: [{ path: 'knownAt' }] });
      }
    },
  );

  it('refuses JSON nested 10,000 deep on every route that takes a body', async () => {
    for (const path of [
      '/developments',
      '/entities',
      '/webhooks',
      `/developments/${developmentId}/corrections`,
      `/developments/${developmentId}/retraction`,
    ]) {
      const response = await api.call('POST', path, deep(10_000));
      expect({ path, status: response.status, code: response.body.code }).toEqual({
        path,
        status: 400,
        code: 'JSON_TOO_DEEP',
      });
    }
  });

  it('answers what the router and the HTTP parser refuse with problem+json', async () => {
    const badUrl = await rawRequest(api.url, 'GET /% HTTP/1.1\r\nHost: x\r\n\r\n');
    expect(badUrl.status).toBe(400);
    expect(badUrl.headers['content-type']).toContain(PROBLEM);
    expect(JSON.parse(badUrl.body)).toMatchObject({ code: 'BAD_URL' });

    const longParam = await api.call('GET', `/entities/org:${'a'.repeat(300)}`);
    expect([longParam.status, longParam.body.code]).toEqual([414, 'URI_TOO_LONG']);
    const longUrl = await api.call('GET', `/timeline?q=${'a'.repeat(9000)}`);
    expect([longUrl.status, longUrl.body.code]).toEqual([414, 'URI_TOO_LONG']);

    const bigHeader = await rawRequest(
      api.url,
      `GET /health HTTP/1.1\r\nHost: x\r\nX-Big: ${'b'.repeat(20_000)}\r\n\r\n`,
    );
    expect(bigHeader.status).toBe(431);
    expect(bigHeader.headers['content-type']).toContain(PROBLEM);
    expect(JSON.parse(bigHeader.body)).toMatchObject({ code: 'HEADERS_TOO_LARGE' });

    const garbage = await rawRequest(api.url, 'NOT HTTP AT ALL\r\n\r\n');
    expect(garbage.status).toBe(400);
    expect(JSON.parse(garbage.body)).toMatchObject({ code: 'BAD_REQUEST' });
  });

  it('checks the key before reading a body: a client without one gets 401 before it sends a byte of it', async () => {
    const response = await rawRequest(
      api.url,
      'POST /developments HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 16000000\r\n\r\n',
    );
    expect(response.status).toBe(401);
    expect(JSON.parse(response.body)).toMatchObject({ code: 'UNAUTHORIZED' });
  });

  it('validates a correction like a new development: a field the type does not know is refused with its path, and 1 MiB is the limit', async () => {
    const deal = licensingDeal();
    await api.call('POST', '/developments', deal);
    const onlyUnknown = await api.call('POST', `/developments/${deal.id}/corrections`, {
      changes: { data: { smuggled: 'x'.repeat(1000) } },
      reason: 'r',
    });
    expect(onlyUnknown.status).toBe(422);
    expect(onlyUnknown.body.errors[0]).toMatchObject({ path: 'changes.data.smuggled', code: 'unknown_field' });
    const mixed = await api.call('POST', `/developments/${deal.id}/corrections`, {
      changes: { data: { technology: 'LFP cells', smuggled: 'x'.repeat(1000) } },
      reason: 'r',
    });
    expect(mixed.status).toBe(422);
    const fixed = await api.call('POST', `/developments/${deal.id}/corrections`, {
      changes: { data: { technology: 'LFP cells' } },
      reason: 'r',
    });
    expect(fixed.status).toBe(201);
    const read = await api.call('GET', `/developments/${deal.id}`);
    expect(read.body.data.technology).toBe('LFP cells');
    expect(JSON.stringify(read.body)).not.toContain('smuggled');
    const huge = await api.call('POST', `/developments/${deal.id}/corrections`, {
      changes: { data: { technology: 'x', more: 'y'.repeat(2 * 1024 * 1024) } },
      reason: 'r',
    });
    expect([huge.status, huge.body.code]).toEqual([413, 'EVENT_TOO_LARGE']);
    const invalid = await api.call('POST', `/developments/${deal.id}/corrections`, {
      changes: { summary: 'ok', data: { licensor: 'country:US' } },
      reason: 'r',
    });
    expect(invalid.status).toBe(422);
    expect(invalid.body.errors[0].path).toBe('changes.data.licensor');
  });

  it('refuses the page parameters of streams that have no pages, rather than ignoring them', async () => {
    for (const path of ['/state/facilities/watch?limit=5', '/replay/stream?cursor=abc']) {
      const response = await api.call('GET', path);
      expect([response.status, response.body.code, response.body.errors?.[0]?.code]).toEqual([
        400,
        'INVALID_PARAMETER',
        'unknown_parameter',
      ]);
    }
  });

  it('refuses a date that ends after 9999 and text XML cannot carry, naming the field; Atom stays well formed', async () => {
    const winter = await api.call('POST', '/developments', facilityOpened({ date: '9999-24' }));
    expect([winter.status, winter.body.code, winter.body.errors?.[0]?.path]).toEqual([
      422,
      'VALIDATION_FAILED',
      'date',
    ]);
    for (const bad of ['\u0000', '\uFFFF', '\uD800']) {
      const response = await api.call('POST', '/developments', facilityOpened({ summary: `BYD${bad} plant` }));
      expect([response.status, response.body.errors]).toEqual([
        422,
        [expect.objectContaining({ path: 'summary', code: 'invalid_character' })],
      ]);
    }
    const atom = await fetch(`${api.url}/feed.atom`).then((r) => r.text());
    expect(atom.includes('\u0000') || atom.includes('\uFFFF')).toBe(false);
  });

  it('refuses to resume a feed from beyond the end of the log, and a position that is none', async () => {
    const head = Number((await api.call('GET', '/health/ready')).body.head);
    const ahead = await api.call('GET', '/feed', undefined, { 'last-event-id': String(head + 1000) });
    expect(ahead.status).toBe(400);
    expect(ahead.body).toMatchObject({
      code: 'POSITION_AHEAD_OF_LOG',
      head: String(head),
      errors: [{ path: 'Last-Event-ID' }],
    });
    const nonsense = await api.call('GET', '/feed?from=abc');
    expect(nonsense.body).toMatchObject({ code: 'BAD_POSITION', errors: [{ path: 'from' }] });
    // At the head itself the feed opens, and the next development arrives.
    const client = await SseClient.connect(`${api.url}/feed`, { 'last-event-id': String(head) });
    await client.waitFor((c) => c.messages.some((m) => m.event === 'ready'));
    const next = await api.call('POST', '/developments', facilityOpened());
    await client.waitFor((c) => c.developments.length >= 1);
    client.close();
    expect(client.developments[0]!.id).toBe(next.body.position);
  });
});

describe('request limits', () => {
  it('times out a request whose body never finishes, with a 408 problem', async () => {
    const api = await startApp({ TIMELINE_REQUEST_TIMEOUT_MS: '300', TIMELINE_HEADERS_TIMEOUT_MS: '300' });
    try {
      const response = await rawRequest(
        api.url,
        `POST /developments HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${TEST_KEY}\r\n` +
          'Content-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"id":',
      );
      expect(response.status).toBe(408);
      expect(JSON.parse(response.body)).toMatchObject({ code: 'REQUEST_TIMEOUT', status: 408 });
    } finally {
      await api.close();
    }
  });

  it('answers requests that arrive while the service shuts down with a 503 problem', async () => {
    const api = await startApp({ TIMELINE_WRITE_ACK_WAIT_MS: '1000' });
    await api.call('POST', '/entities', entities);
    // Another process holds the read model: the write below is stored, and its views cannot show it.
    const holder = new Database(join(api.dataDir, 'read-model.db'));
    holder.exec('BEGIN IMMEDIATE');
    const body = JSON.stringify(facilityOpened());
    const half = Math.floor(body.length / 2);
    let closed: Promise<void> | undefined;
    const answers = rawExchange(
      api.url,
      [
        // A write whose body is still arriving when the service starts shutting down: in flight, so its
        // connection stays open; the rest of its body and a second request come once it is stopping.
        `POST /developments HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${TEST_KEY}\r\n` +
          `Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body.slice(0, half)}`,
        async () => {
          await new Promise((resolve) => setTimeout(resolve, 200));
          closed = api.app.close();
          const shutdown = api.app.get(Shutdown);
          while (!shutdown.isStopping) await new Promise((resolve) => setTimeout(resolve, 1));
          return `${body.slice(half)}GET /health HTTP/1.1\r\nHost: x\r\n\r\n`;
        },
      ],
      2,
    );
    const [write, health] = await answers;
    holder.exec('ROLLBACK');
    holder.close();
    await closed;
    // Accepted before the shutdown, stored, answered without waiting for the views.
    expect(write?.status).toBe(202);
    expect(health?.status).toBe(503);
    expect(health?.headers['content-type']).toContain(PROBLEM);
    expect(JSON.parse(health!.body)).toMatchObject({ code: 'SHUTTING_DOWN' });
  }, 20_000);
});
