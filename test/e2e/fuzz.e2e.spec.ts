import fc from 'fast-check';
import { startApp, TEST_KEY, type RunningApp } from '../support/app.js';
import { entities, facilityOpened, licensingDeal } from '../support/fixtures.js';

const REQUESTS = 3000;
const BUDGET_MS = 25_000;

const hostileText = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 20 }),
  fc.constantFrom(
    '',
    ' ',
    '%',
    '%00',
    '..',
    '../..',
    '-1',
    '0',
    '1e309',
    'NaN',
    'null',
    'true',
    '[]',
    '{}',
    '2025-W01',
    '20250101T000000Z',
    '2025-001',
    '2025-02-30',
    '9999-99-99',
    '2025-01-01T00:00:00',
    'org:byd',
    'country:HU',
    'a'.repeat(600),
    '\u0000',
    '🙂',
    '<script>',
  ),
);

const json = fc.oneof(
  fc.jsonValue({ maxDepth: 4 }),
  fc.integer({ min: 1, max: 200 }).map((depth) => JSON.parse(`${'['.repeat(depth)}${']'.repeat(depth)}`) as unknown),
  fc.record({ changes: fc.jsonValue({ maxDepth: 3 }), reason: hostileText }),
  fc
    .tuple(fc.constantFrom(...Object.keys(facilityOpened())), fc.jsonValue({ maxDepth: 2 }))
    .map(([field, value]) => ({ ...facilityOpened(), [field]: value })),
  fc
    .tuple(
      fc.constantFrom('facilityId', 'owner', 'kind', 'country', 'investment', 'extra'),
      fc.jsonValue({ maxDepth: 2 }),
    )
    .map(([field, value]) => facilityOpened({}, { [field]: value })),
  fc.record({ url: hostileText, secret: hostileText, filter: fc.jsonValue({ maxDepth: 2 }), from: hostileText }),
  fc.array(fc.jsonValue({ maxDepth: 2 }), { maxLength: 5 }),
);

interface FuzzRequest {
  method: string;
  path: string;
  query: [string, string][];
  body?: string;
  headers: Record<string, string>;
}

function requests(ids: { development: string }): fc.Arbitrary<FuzzRequest> {
  const segment = fc.oneof(fc.constant(ids.development), fc.uuid(), hostileText.map(encodeURIComponent), hostileText);
  const view = fc.oneof(
    fc.constantFrom('facilities', 'licensing', 'policies', 'agreements', 'investments', 'footprint'),
    hostileText.map(encodeURIComponent),
  );
  const route = fc.oneof(
    fc.constantFrom(
      '/timeline',
      '/entities',
      '/feed.atom',
      '/catalogue',
      '/health',
      '/health/ready',
      '/metrics',
      '/webhooks',
      '/replay',
      '/docs/openapi.json',
    ),
    segment.map((s) => `/developments/${s}`),
    segment.map((s) => `/entities/${s}`),
    view.map((v) => `/state/${v}`),
    view.map((v) => `/state/${v}/changes`),
    segment.map((s) => `/webhooks/${s}`),
    segment.map((s) => `/webhooks/${s}/deliveries`),
    fc.constantFrom('/feed', '/replay/stream', '/state/facilities/watch'),
    hostileText.map((t) => `/${t}`),
  );
  const write = fc.oneof(
    fc.constant('/developments'),
    fc.constant('/entities'),
    fc.constant('/webhooks'),
    segment.map((s) => `/developments/${s}/corrections`),
    segment.map((s) => `/developments/${s}/retraction`),
    segment.map((s) => `/webhooks/${s}/resume`),
  );
  const params = fc.array(
    fc.tuple(
      fc.constantFrom(
        'knownAt',
        'asOf',
        'from',
        'to',
        'type',
        'subject',
        'country',
        'q',
        'cursor',
        'limit',
        'includeRetracted',
        'certainty',
        'status',
        'speed',
        'maxPauseMs',
        'unknown',
      ),
      hostileText,
    ),
    { maxLength: 4 },
  );
  const headers = fc.record({
    authorization: fc.constantFrom(
      `Bearer ${TEST_KEY}`,
      `Bearer ${TEST_KEY}`,
      '',
      'Bearer wrong-key-0123456789',
      'Basic abc',
    ),
    'content-type': fc.constantFrom(
      'application/json',
      'application/json',
      'text/plain',
      'application/merge-patch+json',
      '',
    ),
    'last-event-id': fc.oneof(fc.constant(''), hostileText, fc.nat().map(String)),
    'if-match': fc.oneof(
      fc.constant(''),
      hostileText,
      fc.nat(5).map((n) => `"${n}"`),
    ),
  });
  const body = fc.oneof(
    json.map((v) => JSON.stringify(v)),
    hostileText,
    fc.constant(undefined),
  );
  return fc
    .oneof(
      fc.record({ method: fc.constant('GET'), path: route, query: params, headers }),
      fc.record({
        method: fc.constantFrom('POST', 'POST', 'DELETE', 'PUT', 'PATCH'),
        path: fc.oneof(write, route),
        query: params,
        headers,
        body,
      }),
    )
    .map((r) => ({
      ...r,
      headers: Object.fromEntries(
        Object.entries(r.headers)
          .map(([k, v]) => [k, asHeader(v)])
          .filter(([, v]) => v !== ''),
      ),
    }));
}

/** Header values are bytes a client can send: printable ASCII, not starting or ending with a space. */
function asHeader(value: string): string {
  return value.replace(/[^\x20-\x7e]/g, '').trim();
}

describe('fuzzing every route', () => {
  let api: RunningApp;
  let development: string;
  beforeAll(async () => {
    api = await startApp({ TIMELINE_WRITE_RATE: '1000000', TIMELINE_FEED_HEARTBEAT_MS: '100000' });
    await api.call('POST', '/entities', entities);
    development = (await api.call('POST', '/developments', licensingDeal())).body.id;
  });
  afterAll(() => api.close());

  it(`answers ${REQUESTS} random and hostile requests without a 5xx, every error as problem+json`, async () => {
    const samples = fc.sample(requests({ development }), { numRuns: REQUESTS, seed: 20261127 });
    const deadline = Date.now() + BUDGET_MS;
    const failures: string[] = [];
    let sent = 0;
    for (const r of samples) {
      if (Date.now() > deadline) break;
      const query = new URLSearchParams(r.query).toString();
      const controller = new AbortController();
      const timer = setTimeout(() => controller.abort(), 5000);
      try {
        const response = await fetch(`${api.url}${r.path}${query ? `?${query}` : ''}`, {
          method: r.method,
          headers: r.headers,
          body: r.method === 'GET' ? undefined : r.body,
          signal: controller.signal,
        });
        const type = response.headers.get('content-type') ?? '';
        if (type.startsWith('text/event-stream')) controller.abort();
        else await response.text();
        if (response.status >= 500 || (response.status >= 400 && !type.startsWith('application/problem+json'))) {
          failures.push(`${r.method} ${r.path}?${query} -> ${response.status} ${type}`);
        }
      } catch (error) {
        if (!controller.signal.aborted || (error as Error).name !== 'AbortError')
          failures.push(`${r.method} ${r.path}?${query} -> ${(error as Error).message}`);
      } finally {
        clearTimeout(timer);
      }
      sent += 1;
    }
    expect(failures).toEqual([]);
    expect(sent).toBeGreaterThan(REQUESTS / 4);
    expect((await api.call('GET', '/health/ready')).status).toBe(200);
  }, 60_000);
});
