import { createServer, type Server } from 'node:http';
import { startApp, type RunningApp } from '../support/app.js';
import { entities, facilityOpened } from '../support/fixtures.js';
import { SseClient } from '../support/sse-client.js';

/** The value of one sample in Prometheus text, or undefined when the series is absent. */
function sample(metrics: string, series: string): number | undefined {
  const line = metrics.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

const metricsOf = async (api: RunningApp) => (await fetch(`${api.url}/metrics`)).text();

async function until(check: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 200 && !(await check()); i++) await new Promise((r) => setTimeout(r, 50));
}

describe('metrics an operator scrapes', () => {
  let api: RunningApp;
  let receiver: Server;
  let answer = 204;
  beforeAll(async () => {
    receiver = createServer((request, response) => {
      request.resume();
      request.on('end', () => response.writeHead(answer).end());
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    api = await startApp({
      TIMELINE_WEBHOOK_ALLOWED_NETWORKS: '127.0.0.1',
      TIMELINE_WEBHOOK_RETRY_BASE_MS: '20',
      TIMELINE_WEBHOOK_MAX_FAILURES: '2',
    });
    await api.call('POST', '/entities', entities);
  });
  afterAll(async () => {
    await api.close();
    await new Promise((resolve) => receiver.close(resolve));
  });

  it('has a request-duration histogram per route and status once requests were answered', async () => {
    await api.call('GET', '/timeline?limit=1');
    await api.call('GET', '/timeline?limit=oops');
    const metrics = await metricsOf(api);
    expect(metrics).toContain('# TYPE timeline_http_request_duration_seconds histogram');
    expect(
      sample(metrics, 'timeline_http_request_duration_seconds_count{method="GET",route="/timeline",status="200"}'),
    ).toBeGreaterThanOrEqual(1);
    expect(
      sample(metrics, 'timeline_http_request_duration_seconds_count{method="GET",route="/timeline",status="400"}'),
    ).toBe(1);
    expect(metrics).toMatch(
      /timeline_http_request_duration_seconds_bucket\{le="0\.05",method="GET",route="\/timeline"/,
    );
  });

  it('counts appended developments, not retries of stored ones', async () => {
    const before = sample(await metricsOf(api), 'timeline_developments_appended_total') ?? 0;
    const development = facilityOpened();
    await api.call('POST', '/developments', [development, facilityOpened()]);
    expect((await api.call('POST', '/developments', development)).status).toBe(200);
    expect(sample(await metricsOf(api), 'timeline_developments_appended_total')).toBe(before + 2);
  });

  it('counts webhook deliveries by outcome', async () => {
    const { port } = receiver.address() as { port: number };
    const series = (outcome: string) => `timeline_webhook_deliveries_total{outcome="${outcome}"}`;
    expect(sample(await metricsOf(api), series('refused'))).toBe(0);
    const registered = await api.call('POST', '/webhooks', { url: `http://127.0.0.1:${port}/hook`, from: 'now' });
    expect(registered.status).toBe(201);
    await api.call('POST', '/developments', facilityOpened());
    await until(async () => (sample(await metricsOf(api), series('delivered')) ?? 0) >= 1);
    answer = 500;
    await api.call('POST', '/developments', facilityOpened());
    await until(async () => (sample(await metricsOf(api), series('paused')) ?? 0) >= 1);
    const metrics = await metricsOf(api);
    expect(sample(metrics, series('delivered'))).toBe(1);
    expect(sample(metrics, series('refused'))).toBe(1);
    expect(sample(metrics, series('paused'))).toBe(1);
  });

  it('has a gauge of the SSE clients connected', async () => {
    const client = await SseClient.connect(`${api.url}/feed`);
    try {
      await client.waitFor((c) => c.messages.some((m) => m.event === 'ready'));
      expect(sample(await metricsOf(api), 'timeline_open_streams')).toBe(1);
    } finally {
      client.close();
    }
    await until(async () => sample(await metricsOf(api), 'timeline_open_streams') === 0);
    expect(sample(await metricsOf(api), 'timeline_open_streams')).toBe(0);
  });
});

describe('health in the IETF health-check format', () => {
  let api: RunningApp;
  beforeAll(async () => {
    api = await startApp();
  });
  afterAll(() => api.close());

  it('answers liveness as application/health+json', async () => {
    const response = await fetch(`${api.url}/health`);
    expect(response.headers.get('content-type')).toMatch(/^application\/health\+json/);
    expect(await response.json()).toMatchObject({ status: 'pass', serviceId: 'timeline' });
  });

  it('answers readiness in the draft format to a client that asks for it, and its own report otherwise', async () => {
    const response = await fetch(`${api.url}/health/ready`, { headers: { accept: 'application/health+json' } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/health\+json/);
    const body = (await response.json()) as { status: string; checks: Record<string, { status: string }[]> };
    expect(body.status).toBe('pass');
    expect(body.checks['readModel:lag']![0]).toMatchObject({ status: 'pass', observedUnit: 'events' });
    expect(body.checks['eventStore:responses']![0]).toMatchObject({ status: 'pass', componentType: 'datastore' });
    expect((await api.call('GET', '/health/ready')).body).toMatchObject({ status: 'ready' });
  });
});

describe('CORS', () => {
  const preflight = (api: RunningApp, origin: string) =>
    fetch(`${api.url}/developments`, {
      method: 'OPTIONS',
      headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization' },
    });

  it('is off by default: no page on another origin may read the service', async () => {
    const api = await startApp();
    try {
      const response = await fetch(`${api.url}/timeline`, { headers: { origin: 'https://pages.example.org' } });
      expect(response.status).toBe(200);
      expect(response.headers.get('access-control-allow-origin')).toBeNull();
      expect((await preflight(api, 'https://pages.example.org')).headers.get('access-control-allow-origin')).toBeNull();
    } finally {
      await api.close();
    }
  });

  it('lets the configured origins read and write, and no other', async () => {
    const api = await startApp({ TIMELINE_CORS_ORIGINS: 'https://pages.example.org, http://localhost:8080' });
    try {
      const allowed = await fetch(`${api.url}/feed.atom`, { headers: { origin: 'https://pages.example.org' } });
      expect(allowed.headers.get('access-control-allow-origin')).toBe('https://pages.example.org');
      expect(allowed.headers.get('access-control-expose-headers')).toContain('etag');
      const other = await fetch(`${api.url}/feed.atom`, { headers: { origin: 'https://evil.example' } });
      expect(other.headers.get('access-control-allow-origin')).toBeNull();
      const asked = await preflight(api, 'http://localhost:8080');
      expect(asked.status).toBeLessThan(300);
      expect(asked.headers.get('access-control-allow-origin')).toBe('http://localhost:8080');
      expect(asked.headers.get('access-control-allow-headers')).toContain('authorization');
    } finally {
      await api.close();
    }
  });

  it('refuses an origin list it cannot use, naming the variable', async () => {
    await expect(startApp({ TIMELINE_CORS_ORIGINS: 'https://pages.example.org/path' })).rejects.toThrow(
      /TIMELINE_CORS_ORIGINS/,
    );
  });
});
