import { startApp, type RunningApp } from '../support/app.js';
import { entities, facilityOpened } from '../support/fixtures.js';

/** Plants of one organisation in one country: enough that folding them again takes many slices of 20 ms (about 250 ms in all). */
const PLANTS = 8_000;
const HEAVY = '/state/footprint?asOf=2026-01-01&publishedBy=2026-01-01';

async function plants(api: RunningApp): Promise<void> {
  await api.call('POST', '/entities', entities);
  for (let start = 0; start < PLANTS; start += 1000) {
    const batch = Array.from({ length: 1000 }, (_, i) =>
      facilityOpened(
        {
          summary: `BYD opens plant ${start + i} in Hungary`,
          sources: [{ title: 'A report', url: 'https://example.org/r', quote: 'opened', published: '2025-08' }],
        },
        { facilityId: `byd-${start + i}` },
      ),
    );
    expect((await api.call('POST', '/developments', batch)).status).toBe(201);
  }
}

describe('a long reading of the views', () => {
  let api: RunningApp;
  beforeAll(async () => {
    api = await startApp({ TIMELINE_WRITE_RATE: '100000' });
    await plants(api);
  }, 60_000);
  afterAll(() => api.close());

  it('gives way to /health while it runs, and answers in full', async () => {
    const order: string[] = [];
    const heavy = fetch(`${api.url}${HEAVY}`).then(async (response) => {
      const body = (await response.json()) as { rows: { value: { facilities: object; moreFacilities?: number } }[] };
      order.push('footprint');
      return { status: response.status, body };
    });
    // The footprint is admitted and reading before /health is asked.
    await new Promise((resolve) => setTimeout(resolve, 100));
    const health = fetch(`${api.url}/health`).then(async (response) => {
      await response.text();
      order.push('health');
      return response.status;
    });
    const [footprint, healthStatus] = await Promise.all([heavy, health]);
    expect(healthStatus).toBe(200);
    expect(order).toEqual(['health', 'footprint']);
    expect(footprint.status).toBe(200);
    expect(footprint.body.rows).toHaveLength(1);
    // A row lists the first 100 facilities by id and counts the others.
    expect(Object.keys(footprint.body.rows[0]!.value.facilities)).toHaveLength(100);
    expect(footprint.body.rows[0]!.value.moreFacilities).toBe(PLANTS - 100);
  });

  it('answers the same across turns as in one', async () => {
    const paced = await api.call('GET', HEAVY);
    const { ViewReader } = await import('../../src/views/read/view-reader.js');
    const { ViewEngine } = await import('../../src/views/build/view-engine.js');
    const reader = new ViewReader(api.app.get(ViewEngine));
    const whole = reader.page('footprint', { asOf: '2026-01-01', publishedBy: '2026-01-01', limit: 100 });
    expect(JSON.parse(JSON.stringify(whole.rows))).toEqual(paced.body.rows);
  });
});

describe('a reading past its time budget', () => {
  let api: RunningApp;
  beforeAll(async () => {
    api = await startApp({ TIMELINE_WRITE_RATE: '100000', TIMELINE_READ_BUDGET_MS: '1' });
    await plants(api);
  }, 60_000);
  afterAll(() => api.close());

  it('stops with 503 READ_TOO_LONG saying how to narrow it, and the service answers on', async () => {
    const stopped = await api.call('GET', HEAVY);
    expect(stopped.status).toBe(503);
    expect(stopped.headers.get('content-type')).toContain('application/problem+json');
    expect(stopped.body).toMatchObject({ code: 'READ_TOO_LONG', detail: expect.stringContaining('narrow it') });
    // A reading of the current views from their index is not budgeted: it answers.
    expect((await api.call('GET', '/state/footprint?asOf=2026-01-01')).status).toBe(200);
    expect((await api.call('GET', '/health')).status).toBe(200);
  });
});
