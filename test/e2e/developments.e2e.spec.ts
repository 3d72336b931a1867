import { entities, facilityOpened, licensingDeal } from '../support/fixtures.js';
import { startApp, type RunningApp } from '../support/app.js';

describe('recording developments over HTTP', () => {
  let api: RunningApp;
  beforeAll(async () => {
    api = await startApp();
    expect((await api.call('POST', '/entities', entities)).status).toBe(201);
  });
  afterAll(() => api.close());

  it('records a development and serves it back with an ETag', async () => {
    const development = facilityOpened();
    const created = await api.call('POST', '/developments', development);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ id: development.id, revision: 0, duplicate: false });
    expect(created.headers.get('location')).toBe(`/developments/${development.id}`);
    const read = await api.call('GET', `/developments/${development.id}`);
    expect(read.status).toBe(200);
    expect(read.headers.get('etag')).toBe('"0"');
    expect(read.body).toMatchObject({ id: development.id, type: 'FacilityOpened', date: '2025-07', corrections: [] });
  });

  it('answers an idempotent retry with the same result and stores nothing new', async () => {
    const development = facilityOpened();
    const first = await api.call('POST', '/developments', development);
    const retry = await api.call('POST', '/developments', development);
    expect(retry.status).toBe(200);
    expect(retry.body).toEqual({ ...first.body, duplicate: true });
    const timeline = await api.call('GET', `/timeline?q=${encodeURIComponent('hungary')}&limit=500`);
    expect(timeline.body.developments.filter((d: { id: string }) => d.id === development.id)).toHaveLength(1);
  });

  it('rejects the same id with different content as a conflict', async () => {
    const development = facilityOpened();
    await api.call('POST', '/developments', development);
    const clash = await api.call('POST', '/developments', { ...development, summary: 'something else' });
    expect(clash.status).toBe(409);
    expect(clash.body).toMatchObject({ code: 'ID_CONFLICT', errors: [{ path: 'id' }] });
  });

  it('corrects a development with If-Match and refuses a stale revision with 412', async () => {
    const development = licensingDeal();
    await api.call('POST', '/developments', development);
    const correction = { changes: { date: '2023-02-13' }, reason: 'the announcement gives the day' };
    const corrected = await api.call('POST', `/developments/${development.id}/corrections`, correction, {
      'if-match': '"0"',
    });
    expect(corrected.status).toBe(201);
    expect(corrected.body.revision).toBe(1);
    const stale = await api.call('POST', `/developments/${development.id}/corrections`, correction, {
      'if-match': '"0"',
    });
    expect(stale.status).toBe(412);
    expect(stale.body).toMatchObject({ code: 'REVISION_MISMATCH', currentRevision: 1 });
    const read = await api.call('GET', `/developments/${development.id}`);
    expect(read.body.date).toBe('2023-02-13');
    expect(read.body.corrections).toEqual([
      expect.objectContaining({ revision: 1, reason: 'the announcement gives the day' }),
    ]);
  });

  it('validates a correction against the development type', async () => {
    const development = licensingDeal();
    await api.call('POST', '/developments', development);
    const bad = await api.call('POST', `/developments/${development.id}/corrections`, {
      changes: { data: { licensor: 42 } },
      reason: 'x',
    });
    expect(bad.status).toBe(422);
    expect(bad.body.errors[0].path).toBe('changes.data.licensor');
    const badDate = await api.call('POST', `/developments/${development.id}/corrections`, {
      changes: { date: '2023-13' },
      reason: 'x',
    });
    expect(badDate.status).toBe(422);
    expect(badDate.body.errors[0].path).toBe('changes.date');
  });

  it('retracts a development: gone from the timeline unless asked for, still readable', async () => {
    const development = facilityOpened({ summary: 'A plant that was never opened' });
    await api.call('POST', '/developments', development);
    const retracted = await api.call('POST', `/developments/${development.id}/retraction`, { reason: 'misreported' });
    expect(retracted.status).toBe(201);
    const again = await api.call('POST', `/developments/${development.id}/retraction`, { reason: 'twice' });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('DEVELOPMENT_RETRACTED');
    const visible = await api.call('GET', '/timeline?q=never%20opened');
    expect(visible.body.developments).toHaveLength(0);
    const all = await api.call('GET', '/timeline?q=never%20opened&includeRetracted=true');
    expect(all.body.developments[0]).toMatchObject({ id: development.id, retracted: { reason: 'misreported' } });
  });

  it('records a batch all-or-nothing, naming each failing item', async () => {
    const good = facilityOpened({ summary: 'batch item one' });
    const bad = facilityOpened({ summary: 'batch item two', date: '2025-02-30' });
    const unknown = facilityOpened({ summary: 'batch item three', subjects: ['org:nobody'] });
    const rejected = await api.call('POST', '/developments', [good, bad, unknown]);
    expect(rejected.status).toBe(422);
    expect(rejected.body.errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ index: 1, path: 'date' }),
        expect.objectContaining({ index: 2, path: 'subjects.0', code: 'unknown_subject' }),
      ]),
    );
    expect((await api.call('GET', `/developments/${good.id}`)).status).toBe(404);
    const accepted = await api.call('POST', '/developments', [good, facilityOpened({ summary: 'batch item four' })]);
    expect(accepted.status).toBe(201);
    expect(accepted.body).toMatchObject({ created: 2, duplicates: 0 });
  });

  it('lists the timeline in valid-time order with filters and cursor pagination', async () => {
    const dates = ['2021', '2019-05', '2020-03-01', '2019', '2022-41'];
    for (const date of dates) {
      await api.call(
        'POST',
        '/developments',
        licensingDeal({
          date,
          summary: `paging test ${date}`,
          data: { dealId: `d-${date}`, licensor: 'org:catl', licensee: 'org:ford', technology: 'paging' },
        }),
      );
    }
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await api.call('GET', `/timeline?q=paging%20test&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.status).toBe(200);
      seen.push(...page.body.developments.map((d: { date: string }) => d.date));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual(['2019', '2019-05', '2020-03-01', '2021', '2022-41']);
    const ranged = await api.call('GET', '/timeline?q=paging%20test&from=2020-01-01&to=2021-06-30');
    expect(ranged.body.developments.map((d: { date: string }) => d.date)).toEqual(['2020-03-01', '2021']);
    const byCountry = await api.call('GET', '/timeline?country=US&type=LicensingDealSigned&subject=org:catl&limit=500');
    expect(byCountry.body.developments.length).toBeGreaterThanOrEqual(5);
    expect((await api.call('GET', '/timeline?country=HU&type=LicensingDealSigned')).body.developments).toHaveLength(0);
  });

  it('answers knownAt with what was recorded by then', async () => {
    const development = licensingDeal({ summary: 'knownAt subject' });
    await api.call('POST', '/developments', development);
    await new Promise((r) => setTimeout(r, 5));
    const before = new Date().toISOString();
    await new Promise((r) => setTimeout(r, 5));
    await api.call('POST', `/developments/${development.id}/corrections`, {
      changes: { date: '2024' },
      reason: 'later year',
    });
    const now = await api.call('GET', '/timeline?q=knownat%20subject');
    expect(now.body.developments[0].date).toBe('2024');
    const then = await api.call('GET', `/timeline?q=knownat%20subject&knownAt=${before}`);
    expect(then.body.developments[0].date).toBe('2023');
    const single = await api.call('GET', `/developments/${development.id}?knownAt=${before}`);
    expect(single.body.date).toBe('2023');
    const earlier = await api.call('GET', '/timeline?q=knownat%20subject&knownAt=2000-01-01');
    expect(earlier.body.developments).toHaveLength(0);
  });

  it('serves the catalogue with a JSON Schema per type', async () => {
    const catalogue = await api.call('GET', '/catalogue');
    const types = catalogue.body.types.map((t: { type: string }) => t.type);
    expect(types).toEqual(
      expect.arrayContaining(['PolicyIssued', 'FacilityClosed', 'DevelopmentCorrected', 'EntityRegistered']),
    );
    const facility = catalogue.body.types.find((t: { type: string }) => t.type === 'FacilityOpened');
    expect(facility.schema.properties.kind.enum).toContain('rnd-centre');
  });
});

describe('bad input over HTTP', () => {
  let api: RunningApp;
  beforeAll(async () => {
    api = await startApp({ TIMELINE_WRITE_RATE: '1000' });
    await api.call('POST', '/entities', entities);
  });
  afterAll(() => api.close());

  const cases: [string, () => Promise<{ status: number; body: any }>, number, string][] = [
    ['malformed JSON', () => api.call('POST', '/developments', '{"type": '), 400, 'MALFORMED_JSON'],
    [
      'wrong content type',
      () => api.call('POST', '/developments', 'type=x', { 'content-type': 'application/x-www-form-urlencoded' }),
      415,
      'UNSUPPORTED_MEDIA_TYPE',
    ],
    ['a body that is not an object', () => api.call('POST', '/developments', '42'), 400, 'BODY_REQUIRED'],
    [
      'unknown type',
      () => api.call('POST', '/developments', facilityOpened({ type: 'PlantBuilt' })),
      422,
      'VALIDATION_FAILED',
    ],
    [
      'bad date',
      () => api.call('POST', '/developments', facilityOpened({ date: 'late 2025' })),
      422,
      'VALIDATION_FAILED',
    ],
    [
      'unknown subject',
      () => api.call('POST', '/developments', facilityOpened({ subjects: ['org:acme'] })),
      422,
      'UNKNOWN_SUBJECT',
    ],
    [
      'missing key',
      () => api.call('POST', '/developments', facilityOpened(), { authorization: '' }),
      401,
      'UNAUTHORIZED',
    ],
    [
      'bad key',
      () => api.call('POST', '/developments', facilityOpened(), { authorization: 'Bearer nope' }),
      401,
      'UNAUTHORIZED',
    ],
    ['not found', () => api.call('GET', '/developments/0b7c1a3e-5d0f-4c9b-9a51-0f1c2d3e4f50'), 404, 'NOT_FOUND'],
    ['an id that is not a UUID', () => api.call('GET', '/developments/42'), 400, 'BAD_ID'],
    [
      'a bad timeline filter',
      () => api.call('GET', '/timeline?from=2025-02-30&limit=0&type=Nope'),
      400,
      'INVALID_PARAMETER',
    ],
    ['an unknown query parameter', () => api.call('GET', '/timeline?colour=red'), 400, 'INVALID_PARAMETER'],
    ['a forged cursor', () => api.call('GET', '/timeline?cursor=abc'), 400, 'BAD_CURSOR'],
    [
      'a bad If-Match',
      () =>
        api.call(
          'POST',
          '/developments/0b7c1a3e-5d0f-4c9b-9a51-0f1c2d3e4f50/retraction',
          { reason: 'x' },
          { 'if-match': 'yesterday' },
        ),
      400,
      'BAD_IF_MATCH',
    ],
    ['an empty batch', () => api.call('POST', '/developments', []), 422, 'VALIDATION_FAILED'],
    ['an empty entity batch', () => api.call('POST', '/entities', []), 422, 'VALIDATION_FAILED'],
    [
      'an invalid entity',
      () => api.call('POST', '/entities', { entityId: 'org:x', kind: 'government', name: 'X', homeCountry: 'XX' }),
      422,
      'VALIDATION_FAILED',
    ],
    [
      'an oversized development',
      () => api.call('POST', '/developments', facilityOpened({ summary: 'x', dateNote: 'y'.repeat(1024 * 1024) })),
      413,
      'EVENT_TOO_LARGE',
    ],
    [
      'an oversized body',
      () => api.call('POST', '/developments', `[${'"x",'.repeat(4.2 * 1024 * 1024)}"x"]`),
      413,
      'PAYLOAD_TOO_LARGE',
    ],
    [
      'a batch over 1,000',
      () =>
        api.call(
          'POST',
          '/developments',
          Array.from({ length: 1001 }, () => ({})),
        ),
      413,
      'BATCH_TOO_LARGE',
    ],
  ];

  it.each(cases)('%s gets its 4xx problem+json with a stable code', async (_name, send, status, code) => {
    const response = await send();
    expect(response.status).toBe(status);
    expect(response.body).toMatchObject({
      status,
      code,
      type: expect.any(String),
      title: expect.any(String),
      detail: expect.any(String),
    });
  });

  it('names the failing fields', async () => {
    const response = await api.call(
      'POST',
      '/developments',
      facilityOpened({ date: '2025-00-10' }, { kind: 'castle' }),
    );
    expect(response.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['data.kind', 'date']);
    const query = await api.call('GET', '/timeline?from=2025-02-30&limit=0');
    expect(query.body.errors.map((e: { path: string }) => e.path)).toEqual(expect.arrayContaining(['from', 'limit']));
  });

  it('serves problem+json as its content type', async () => {
    const response = await fetch(`${api.url}/developments/42`);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
  });

  it('rate-limits writes per key with a 429 and Retry-After', async () => {
    const limited = await startApp({ TIMELINE_WRITE_RATE: '3' });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 5; i++) statuses.push((await limited.call('POST', '/entities', entities[0])).status);
      expect(statuses.slice(0, 3)).toEqual([201, 200, 200]); // the same entity again: a retry
      const response = await limited.call('POST', '/entities', entities[0]);
      expect(response.status).toBe(429);
      expect(response.headers.get('retry-after')).toMatch(/^\d+$/);
      expect(response.body.code).toBe('RATE_LIMITED');
    } finally {
      await limited.close();
    }
  });

  it('serves OpenAPI and Swagger UI at /docs, and health', async () => {
    const spec = await api.call('GET', '/docs/openapi.json');
    expect(spec.body.paths['/developments']).toBeDefined();
    expect(spec.body.paths['/timeline']).toBeDefined();
    const page = await fetch(`${api.url}/docs`);
    expect(await page.text()).toContain('swagger-ui-bundle.js');
    expect((await fetch(`${api.url}/docs/assets/swagger-ui-bundle.js`)).status).toBe(200);
    expect((await api.call('GET', '/health')).body).toMatchObject({ status: 'pass' });
    expect((await api.call('GET', '/health/ready')).body).toMatchObject({
      status: 'ready',
      checks: { store: { status: 'ok' }, readModel: { status: 'ok', lag: 0 } },
    });
  });
});
