import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { Webhook } from 'standardwebhooks';
import { entities, facilityOpened, licensingDeal } from '../support/fixtures.js';
import { startApp, TEST_KEY, type RunningApp } from '../support/app.js';
import { sendDelivery } from '../../src/webhooks/send-delivery.js';
import { TargetPolicy } from '../../src/webhooks/target-policy.js';
import { tempDir } from '../support/temp-dir.js';

const SECRET = 'a-webhook-secret-of-some-length';
const ENV = {
  TIMELINE_WEBHOOK_RETRY_BASE_MS: '20',
  TIMELINE_WEBHOOK_MAX_FAILURES: '5',
  TIMELINE_WRITE_RATE: '100000',
  // The receivers listen on loopback, which webhooks may reach only where the operator lists it.
  TIMELINE_WEBHOOK_ALLOWED_NETWORKS: '127.0.0.1',
  TIMELINE_WEBHOOK_ALLOWED_HOSTS: '127.0.0.1,localhost',
};

interface Received {
  headers: IncomingHttpHeaders;
  rawBody: string;
  body: { position: string; kind: string; recordedAt: string; development: { id: string; summary: string } };
  answeredWith: number;
}

/** A real HTTP endpoint on loopback that records every request and answers with `answer()`. */
class Receiver {
  readonly requests: Received[] = [];
  answer: () => number = () => 200;

  private constructor(
    private readonly server: Server,
    readonly url: string,
  ) {}

  static async start(): Promise<Receiver> {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const receiver = new Receiver(
      server,
      `http://127.0.0.1:${(server.address() as { port: number }).port}/hooks/timeline`,
    );
    server.on('request', (request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const rawBody = Buffer.concat(chunks).toString('utf8');
        const answeredWith = receiver.answer();
        receiver.requests.push({ headers: request.headers, rawBody, body: JSON.parse(rawBody), answeredWith });
        response.writeHead(answeredWith).end();
      });
    });
    return receiver;
  }

  get positions(): string[] {
    return this.requests.map((r) => r.body.position);
  }

  /** Positions the receiver acknowledged, in arrival order. */
  get acknowledged(): string[] {
    return this.requests.filter((r) => r.answeredWith < 300).map((r) => r.body.position);
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

/** The README's recipe: the Standard Webhooks library, on the raw body, with the secret's UTF-8 bytes. */
function verify(secret: string, headers: IncomingHttpHeaders, rawBody: string): boolean {
  try {
    new Webhook(Buffer.from(secret, 'utf8'), { format: 'raw' }).verify(rawBody, headers as Record<string, string>);
    return true;
  } catch {
    return false;
  }
}

async function until<T>(what: string, probe: () => T | Promise<T>, timeoutMs = 10_000): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value as NonNullable<T>;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Collapses immediate repeats: retries of one position are adjacent when nothing is skipped ahead. */
function withoutRetries(positions: string[]): string[] {
  return positions.filter((position, i) => position !== positions[i - 1]);
}

async function record(api: RunningApp, development: Record<string, unknown>): Promise<string> {
  const response = await api.call('POST', '/developments', development);
  expect(response.status).toBe(201);
  return response.body.position as string;
}

describe('webhooks', () => {
  let api: RunningApp;
  let receiver: Receiver;
  const registered: string[] = [];

  async function register(body: Record<string, unknown>) {
    const response = await api.call('POST', '/webhooks', { url: receiver.url, secret: SECRET, ...body });
    expect(response.status).toBe(201);
    registered.push(response.body.id);
    return response.body as { id: string; cursor: string | null; filter: Record<string, unknown> };
  }

  beforeAll(async () => {
    api = await startApp(ENV);
    expect((await api.call('POST', '/entities', entities)).status).toBe(201);
  });
  beforeEach(async () => {
    receiver = await Receiver.start();
  });
  afterEach(async () => {
    for (const id of registered.splice(0)) await api.call('DELETE', `/webhooks/${id}`);
    await receiver.close();
  });
  afterAll(() => api.close());

  it('registers a webhook, never shows its secret, and deletes it', async () => {
    const created = await api.call('POST', '/webhooks', {
      url: receiver.url,
      secret: SECRET,
      filter: { country: 'HU', type: 'FacilityOpened' },
    });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({
      id: expect.any(String),
      owner: expect.stringMatching(/^key:/),
      url: receiver.url,
      filter: { country: 'HU', type: ['FacilityOpened'] },
      status: 'active',
      cursor: expect.any(String),
      consecutiveFailures: 0,
      pausedReason: null,
      createdAt: expect.any(String),
    });
    const id = created.body.id as string;
    const listed = await api.call('GET', '/webhooks');
    expect(listed.body.webhooks.map((w: { id: string }) => w.id)).toContain(id);
    expect(JSON.stringify(listed.body)).not.toContain(SECRET);
    expect((await api.call('GET', `/webhooks/${id}`)).body).toEqual(created.body);
    expect((await api.call('GET', `/webhooks/${id}/deliveries`)).body).toEqual({ deliveries: [] });
    expect((await api.call('DELETE', `/webhooks/${id}`)).status).toBe(204);
    expect((await api.call('GET', `/webhooks/${id}`)).status).toBe(404);
  });

  const rejected: [string, Record<string, unknown>, number, string][] = [
    ['a scheme other than http(s)', { url: 'ftp://127.0.0.1/hooks' }, 422, 'VALIDATION_FAILED'],
    ['credentials in the URL', { url: 'http://user:pass@127.0.0.1/hooks' }, 422, 'VALIDATION_FAILED'],
    ['a fragment', { url: 'http://127.0.0.1/hooks#here' }, 422, 'VALIDATION_FAILED'],
    ['a relative URL', { url: '/hooks' }, 422, 'VALIDATION_FAILED'],
    ['a host not on the allow-list', { url: 'https://hooks.example.com/timeline' }, 422, 'WEBHOOK_HOST_NOT_ALLOWED'],
    ['a short secret', { secret: 'too-short' }, 400, 'INVALID_PARAMETER'],
    ['a bad filter', { filter: { country: 'hu' } }, 400, 'INVALID_PARAMETER'],
    ['an unknown start', { from: 'yesterday' }, 400, 'INVALID_PARAMETER'],
  ];

  it.each(rejected)('refuses %s', async (_name, change, status, code) => {
    const response = await api.call('POST', '/webhooks', { url: receiver.url, secret: SECRET, ...change });
    expect(response.status).toBe(status);
    expect(response.body.code).toBe(code);
    expect(response.body.errors[0].path).toMatch(new RegExp(`^${Object.keys(change)[0]}`));
  });

  it('needs the key to register, list or read webhooks', async () => {
    const noKey = { authorization: '' };
    expect((await api.call('POST', '/webhooks', { url: receiver.url, secret: SECRET }, noKey)).status).toBe(401);
    expect((await api.call('GET', '/webhooks', undefined, noKey)).status).toBe(401);
    const { id } = await register({});
    expect((await api.call('GET', `/webhooks/${id}`, undefined, noKey)).status).toBe(401);
    expect((await api.call('GET', `/webhooks/${id}/deliveries`, undefined, noKey)).status).toBe(401);
    expect((await api.call('POST', `/webhooks/${id}/resume`, undefined, noKey)).status).toBe(401);
    expect((await api.call('DELETE', `/webhooks/${id}`, undefined, { authorization: 'Bearer nope' })).status).toBe(401);
  });

  it('delivers each new development, signed, in position order, and moves the cursor', async () => {
    await record(api, facilityOpened({ summary: 'recorded before this webhook' }));
    const { id } = await register({});
    const deal = licensingDeal({ summary: 'webhook delivery one' });
    const positions = [
      await record(api, facilityOpened({ summary: 'webhook delivery zero' })),
      await record(api, deal),
    ];
    const correction = await api.call('POST', `/developments/${deal.id}/corrections`, {
      changes: { date: '2023-02' },
      reason: 'month known',
    });
    positions.push(correction.body.position);

    await until('three deliveries', () => receiver.requests.length >= 3);
    expect(receiver.positions).toEqual(positions);
    expect(receiver.requests.map((r) => r.body.kind)).toEqual([
      'DevelopmentRecorded',
      'DevelopmentRecorded',
      'DevelopmentCorrected',
    ]);
    expect(receiver.requests[2]!.body.development).toMatchObject({ id: deal.id, date: '2023-02', revision: 1 });
    for (const { headers, rawBody, body } of receiver.requests) {
      expect(headers['content-type']).toBe('application/json');
      expect(headers['x-timeline-webhook-id']).toBe(id);
      expect(headers['x-timeline-delivery']).toBe(body.position);
      expect(Object.keys(body).sort()).toEqual(['development', 'kind', 'position', 'recordedAt']);
      expect(verify(SECRET, headers, rawBody)).toBe(true);
      expect(verify('another-secret-entirely', headers, rawBody)).toBe(false);
      expect(verify(SECRET, headers, rawBody.replace('webhook delivery', 'webhook forgery'))).toBe(false);
    }
    const webhook = await until('the cursor to reach the last delivery', async () => {
      const read = await api.call('GET', `/webhooks/${id}`);
      return read.body.cursor === positions[2] && read.body;
    });
    expect(webhook).toMatchObject({ status: 'active', consecutiveFailures: 0 });
    const log = (await api.call('GET', `/webhooks/${id}/deliveries?limit=2`)).body.deliveries;
    expect(log).toEqual([
      {
        position: positions[2],
        attempt: 1,
        statusCode: 200,
        error: null,
        durationMs: expect.any(Number),
        at: expect.any(String),
      },
      expect.objectContaining({ position: positions[1], attempt: 1, statusCode: 200 }),
    ]);
  });

  it('delivers the log from its start with from=start', async () => {
    const earlier = await record(api, facilityOpened({ summary: 'recorded before a from-start webhook' }));
    await register({ from: 'start', filter: { q: 'a from-start webhook' } });
    const later = await record(api, facilityOpened({ summary: 'recorded after a from-start webhook' }));
    await until('the later development', () => receiver.positions.includes(later));
    expect(receiver.positions).toEqual([earlier, later]);
  });

  it('retries a failing receiver with the same position, then delivers everything exactly once in order', async () => {
    let failuresLeft = 3;
    receiver.answer = () => (failuresLeft-- > 0 ? 500 : 204);
    const { id } = await register({});
    const positions: string[] = [];
    for (const summary of ['retry one', 'retry two', 'retry three'])
      positions.push(await record(api, facilityOpened({ summary })));

    await until('every acknowledged delivery', () => receiver.acknowledged.length >= 3);
    expect(receiver.positions).toEqual([
      positions[0],
      positions[0],
      positions[0],
      positions[0],
      positions[1],
      positions[2],
    ]);
    expect(receiver.acknowledged).toEqual(positions);
    const log = await until('the log to show all six attempts', async () => {
      const deliveries = (await api.call('GET', `/webhooks/${id}/deliveries`)).body.deliveries;
      return deliveries.length === 6 && deliveries;
    });
    expect(
      log.map((d: { position: string; attempt: number; statusCode: number }) => [d.position, d.attempt, d.statusCode]),
    ).toEqual([
      [positions[2], 1, 204],
      [positions[1], 1, 204],
      [positions[0], 4, 204],
      [positions[0], 3, 500],
      [positions[0], 2, 500],
      [positions[0], 1, 500],
    ]);
  });

  it('pauses a webhook whose receiver keeps failing, and resumes it from its cursor', async () => {
    receiver.answer = () => 503;
    const { id } = await register({});
    const first = await record(api, facilityOpened({ summary: 'pause one' }));
    const paused = await until('the webhook to pause', async () => {
      const read = await api.call('GET', `/webhooks/${id}`);
      return read.body.status === 'paused' && read.body;
    });
    expect(paused.consecutiveFailures).toBe(5);
    expect(paused.pausedReason).toContain('HTTP 503');
    expect(receiver.positions).toEqual([first, first, first, first, first]);

    receiver.answer = () => 200;
    const second = await record(api, facilityOpened({ summary: 'pause two' }));
    const resumed = await api.call('POST', `/webhooks/${id}/resume`);
    expect(resumed.status).toBe(200);
    expect(resumed.body).toMatchObject({ status: 'active', consecutiveFailures: 0, pausedReason: null });
    await until('both deliveries', () => receiver.acknowledged.length >= 2);
    expect(receiver.acknowledged).toEqual([first, second]);
  });

  it('reports why a receiver cannot be reached', async () => {
    const gone = await Receiver.start();
    const url = gone.url;
    await gone.close();
    const response = await api.call('POST', '/webhooks', { url, secret: SECRET });
    registered.push(response.body.id);
    await record(api, facilityOpened({ summary: 'nobody listening' }));
    const deliveries = await until(
      'a failed attempt',
      async () => (await api.call('GET', `/webhooks/${response.body.id}/deliveries`)).body.deliveries[0],
    );
    expect(deliveries).toMatchObject({ statusCode: null, error: expect.stringContaining('ECONNREFUSED') });
  });

  it('delivers only the developments that match its filter', async () => {
    await register({ filter: { country: 'US' } });
    await record(api, facilityOpened({ summary: 'filter HU one' }));
    const us = [await record(api, licensingDeal({ summary: 'filter US one' }))];
    await record(api, facilityOpened({ summary: 'filter HU two' }));
    us.push(await record(api, licensingDeal({ summary: 'filter US two' })));

    // Deliveries are in order: once the last US one is in, no HU one can still come before it.
    await until('the last matching development', () => receiver.positions.includes(us[1]!));
    expect(receiver.positions).toEqual(us);
  });

  it('keeps and applies a filter by where the actors come from', async () => {
    const created = await register({ filter: { origin: 'US' } });
    expect(created.filter).toEqual({ origin: 'US' });
    await record(api, facilityOpened({ summary: 'origin CN only' }));
    const withUs = await record(api, licensingDeal({ summary: 'origin CN and US' }));
    await until('the matching development', () => receiver.positions.includes(withUs));
    expect(receiver.positions).toEqual([withUs]);
  });
});

describe('webhooks across a restart', () => {
  it('resume from the stored cursor and lose nothing', async () => {
    const dir = tempDir('webhooks');
    const receiver = await Receiver.start();
    let api: RunningApp | undefined = await startApp(ENV, dir.path);
    try {
      await api.call('POST', '/entities', entities);
      const created = await api.call('POST', '/webhooks', { url: receiver.url, secret: SECRET });
      const positions = [await record(api, facilityOpened({ summary: 'before restart one' }))];
      await until('the first delivery', () => receiver.acknowledged.length === 1);

      // Stop while the receiver is failing, so the next change is pending when the service goes down.
      receiver.answer = () => 500;
      positions.push(await record(api, facilityOpened({ summary: 'before restart two' })));
      await until('a failed attempt', () => receiver.requests.length >= 2);
      await api.close();
      api = undefined;
      const attemptsWhileUp = receiver.requests.length;

      receiver.answer = () => 200;
      api = await startApp(ENV, dir.path);
      positions.push(await record(api, facilityOpened({ summary: 'after restart one' })));
      positions.push(await record(api, licensingDeal({ summary: 'after restart two' })));
      await until('every delivery', () => receiver.acknowledged.includes(positions[3]!));

      expect(receiver.requests.length).toBeGreaterThan(attemptsWhileUp);
      expect(withoutRetries(receiver.positions)).toEqual(positions);
      // The attempt in flight at shutdown may have reached the receiver: it is sent again (at least once).
      expect(withoutRetries(receiver.acknowledged)).toEqual(positions);
      expect((await api.call('GET', `/webhooks/${created.body.id}`)).body).toMatchObject({
        status: 'active',
        cursor: positions[3],
      });
    } finally {
      await api?.close();
      await receiver.close();
      dir.cleanup();
    }
  });
});

describe('the webhook allow-list', () => {
  it('admits the configured hosts and ports only', async () => {
    const api = await startApp({
      ...ENV,
      TIMELINE_WEBHOOK_ALLOWED_HOSTS: 'hooks.example.com:8443, partner.example.org',
    });
    try {
      const register = (url: string) => api.call('POST', '/webhooks', { url, secret: SECRET });
      expect((await register('https://hooks.example.com:8443/timeline')).status).toBe(201);
      expect((await register('https://partner.example.org/any/path')).status).toBe(201);
      expect((await register('http://partner.example.org:8080/other-port')).status).toBe(201);
      for (const url of [
        'https://hooks.example.com/timeline',
        'http://127.0.0.1:8443/timeline',
        'https://evil.example.com:8443/',
      ]) {
        const refused = await register(url);
        expect(refused.status).toBe(422);
        expect(refused.body).toMatchObject({ code: 'WEBHOOK_HOST_NOT_ALLOWED', errors: [{ path: 'url' }] });
      }
    } finally {
      await api.close();
    }
  });
});

describe('webhook ownership and targets', () => {
  const OTHER_KEY = 'another-key-0123456789abcdef';

  it('belong to the key that registered them: another key neither sees nor manages them', async () => {
    const receiver = await Receiver.start();
    const api = await startApp({ ...ENV, TIMELINE_API_KEYS: `${TEST_KEY},${OTHER_KEY}` });
    try {
      const other = { authorization: `Bearer ${OTHER_KEY}` };
      const { id } = (await api.call('POST', '/webhooks', { url: receiver.url, secret: SECRET })).body;
      expect((await api.call('GET', '/webhooks', undefined, other)).body).toEqual({ webhooks: [] });
      for (const [method, path] of [
        ['GET', `/webhooks/${id}`],
        ['GET', `/webhooks/${id}/deliveries`],
        ['POST', `/webhooks/${id}/resume`],
        ['DELETE', `/webhooks/${id}`],
      ]) {
        expect((await api.call(method!, path!, undefined, other)).status).toBe(404);
      }
      expect((await api.call('GET', '/webhooks')).body.webhooks.map((w: { id: string }) => w.id)).toEqual([id]);
    } finally {
      await api.close();
      await receiver.close();
    }
  });

  it('may not reach loopback or private addresses unless the operator lists them, checked again at every delivery', async () => {
    const receiver = await Receiver.start();
    const dir = tempDir('webhook-targets');
    // Any host name (the default), but no network listed.
    const { TIMELINE_WEBHOOK_ALLOWED_NETWORKS: _listed, TIMELINE_WEBHOOK_ALLOWED_HOSTS: _hosts, ...unlisted } = ENV;
    let api = await startApp(unlisted, dir.path);
    try {
      for (const url of [
        receiver.url,
        receiver.url.replace('127.0.0.1', 'localhost'),
        'http://10.0.0.1/hook',
        'http://[::1]:9/hook',
        'http://169.254.169.254/',
      ]) {
        const refused = await api.call('POST', '/webhooks', { url, secret: SECRET });
        expect({ url, status: refused.status, code: refused.body.code }).toEqual({
          url,
          status: 422,
          code: 'WEBHOOK_TARGET_NOT_ALLOWED',
        });
      }
      await api.close();

      api = await startApp(ENV, dir.path);
      await api.call('POST', '/entities', entities);
      const { id } = (await api.call('POST', '/webhooks', { url: receiver.url, secret: SECRET })).body;
      await record(api, facilityOpened({ summary: 'allowed target' }));
      await until('a delivery', () => receiver.requests.length >= 1);
      await api.close();

      // The operator takes loopback off the list: the stored webhook may no longer reach it.
      api = await startApp(unlisted, dir.path);
      await record(api, facilityOpened({ summary: 'no longer allowed' }));
      const attempt = await until('a refused attempt', async () =>
        (await api.call('GET', `/webhooks/${id}/deliveries`)).body.deliveries.find(
          (d: { error: string | null }) => d.error,
        ),
      );
      expect(attempt).toMatchObject({
        statusCode: null,
        error: expect.stringContaining('not sent: 127.0.0.1 is a loopback'),
      });
      expect(receiver.requests).toHaveLength(1);
    } finally {
      await api.close();
      await receiver.close();
      dir.cleanup();
    }
  });

  it('connects to the address it checked, so a name that resolves elsewhere at delivery (DNS rebinding) reaches nothing', async () => {
    const receiver = await Receiver.start();
    try {
      const port = new URL(receiver.url).port;
      // The name resolved to a public address when the webhook was registered; now it resolves to loopback.
      const policy = new TargetPolicy([], async () => [{ address: '127.0.0.1', family: 4 }]);
      const target = { id: 'w', url: `http://rebinding.example:${port}/hooks/timeline`, secret: SECRET };
      const outcome = await sendDelivery(target, '1', '{}', 2000, new AbortController().signal, policy);
      expect(outcome).toMatchObject({
        statusCode: null,
        error: expect.stringContaining('rebinding.example resolves to 127.0.0.1'),
      });
      expect(receiver.requests).toHaveLength(0);
      // Where loopback is listed, the same delivery goes to the address checked, whatever the name is.
      const allowed = new TargetPolicy([`127.0.0.1:${port}`], async () => [{ address: '127.0.0.1', family: 4 }]);
      expect(
        await sendDelivery(target, '1', '{"position":"1"}', 2000, new AbortController().signal, allowed),
      ).toMatchObject({ statusCode: 200 });
      expect(receiver.requests[0]!.headers['webhook-id']).toBe('w_1');
    } finally {
      await receiver.close();
    }
  });

  it('makes a Standard Webhooks secret when none is given, shown once, that the library verifies with as it is', async () => {
    const receiver = await Receiver.start();
    const api = await startApp(ENV);
    try {
      await api.call('POST', '/entities', entities);
      const created = await api.call('POST', '/webhooks', { url: receiver.url });
      expect(created.body.secret).toMatch(/^whsec_/);
      expect(JSON.stringify((await api.call('GET', `/webhooks/${created.body.id}`)).body)).not.toContain(
        created.body.secret,
      );
      await record(api, facilityOpened({ summary: 'standard secret' }));
      await until('a delivery', () => receiver.requests.length >= 1);
      const { headers, rawBody } = receiver.requests[0]!;
      expect(() => new Webhook(created.body.secret).verify(rawBody, headers as Record<string, string>)).not.toThrow();
      expect(headers['webhook-signature']).toMatch(/^v1,[A-Za-z0-9+/]+=*$/);
      expect((await api.call('POST', '/webhooks', { url: receiver.url, secret: 'whsec_not base64!' })).status).toBe(
        400,
      );
    } finally {
      await api.close();
      await receiver.close();
    }
  });
});
