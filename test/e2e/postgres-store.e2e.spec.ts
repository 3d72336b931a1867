import { randomUUID } from 'node:crypto';
import { loadConfig } from '../../src/config.js';
import { startApp, type RunningApp } from '../support/app.js';
import { entities, facilityOpened, licensingDeal } from '../support/fixtures.js';
import { createTestDatabase, describeWithPostgres, type TestDatabase } from '../support/postgres.js';
import { SseClient } from '../support/sse-client.js';
import { tempDir } from '../support/temp-dir.js';

describe('TIMELINE_STORE=postgres configuration', () => {
  it('needs a postgres:// DATABASE_URL', () => {
    expect(() => loadConfig({ TIMELINE_STORE: 'postgres' })).toThrow(/DATABASE_URL is required/);
    expect(() => loadConfig({ TIMELINE_STORE: 'postgres', DATABASE_URL: 'mysql://db/x' })).toThrow(
      /postgres:\/\/ or postgresql:\/\//,
    );
    const config = loadConfig({ TIMELINE_STORE: 'postgres', DATABASE_URL: 'postgresql://db/x' });
    expect(config.databaseUrl).toBe('postgresql://db/x');
  });

  it('starts, and readiness says when the server cannot be reached', async () => {
    const api = await startApp({ TIMELINE_STORE: 'postgres', DATABASE_URL: 'postgres://postgres@127.0.0.1:1/none' });
    try {
      expect((await api.call('GET', '/health')).status).toBe(200);
      const ready = await api.call('GET', '/health/ready');
      expect(ready.status).toBe(503);
      expect(ready.body).toMatchObject({
        status: 'unavailable',
        checks: { store: { status: 'failed', detail: expect.stringContaining('PostgreSQL is unavailable') } },
      });
    } finally {
      await api.close();
    }
  }, 60_000);
});

const describePostgres = await describeWithPostgres();

describePostgres('the service on PostgreSQL (real server, fresh database)', () => {
  let database: TestDatabase;
  let api: RunningApp;
  const dir = tempDir('pg-e2e');
  const start = () => startApp({ TIMELINE_STORE: 'postgres', DATABASE_URL: database.url }, dir.path);

  beforeAll(async () => {
    database = await createTestDatabase();
    api = await start();
    expect((await api.call('POST', '/entities', entities)).status).toBe(201);
  });
  afterAll(async () => {
    await api?.close();
    await database?.drop();
    dir.cleanup();
  });

  it('is ready, with the head of the shared log and how far its read model is', async () => {
    const ready = await api.call('GET', '/health/ready');
    expect(ready.status).toBe(200);
    expect(ready.body).toMatchObject({ status: 'ready', checks: { store: { status: 'ok' } } });
    expect(ready.body.readModel).toBe(ready.body.head);
  });

  it('records, answers a retry as the first time, and refuses the same id with other content', async () => {
    const development = facilityOpened();
    const first = await api.call('POST', '/developments', development);
    expect(first.status).toBe(201);
    expect((await api.call('GET', `/developments/${development.id}`)).status).toBe(200);
    const retry = await api.call('POST', '/developments', development);
    expect(retry.status).toBe(200);
    expect(retry.body).toEqual({ ...first.body, duplicate: true });
    const clash = await api.call('POST', '/developments', { ...development, summary: 'something else' });
    expect(clash.status).toBe(409);
    expect(clash.body).toMatchObject({ code: 'ID_CONFLICT', errors: [{ path: 'id' }] });
  });

  it('writes nothing of a batch that the store refuses in part', async () => {
    const taken = facilityOpened();
    await api.call('POST', '/developments', taken);
    const fresh = facilityOpened({ summary: 'a new one in a refused batch' });
    const refused = await api.call('POST', '/developments', [fresh, { ...taken, summary: 'other content' }]);
    expect(refused.status).toBe(409);
    expect((await api.call('GET', `/developments/${fresh.id}`)).status).toBe(404);
    const rows = await database.query('SELECT 1 FROM timeline.events WHERE id = $1', [fresh.id]);
    expect(rows.rowCount).toBe(0);
  });

  it('lets one of concurrent corrections of the same revision win, and the others learn the new revision', async () => {
    const development = licensingDeal();
    await api.call('POST', '/developments', development);
    const answers = await Promise.all(
      ['2023-01', '2023-02', '2023-03', '2023-04'].map((date) =>
        api.call(
          'POST',
          `/developments/${development.id}/corrections`,
          { changes: { date }, reason: 'r' },
          { 'if-match': '"0"' },
        ),
      ),
    );
    expect(answers.map((a) => a.status).sort()).toEqual([201, 412, 412, 412]);
    for (const lost of answers.filter((a) => a.status === 412)) expect(lost.body).toMatchObject({ currentRevision: 1 });
  });

  it('feeds catch-up then live with no gap, and resumes with Last-Event-ID across a restart', async () => {
    const from = (await api.call('GET', '/health/ready')).body.head as string;
    const record = async (n: number) => {
      const items = Array.from({ length: n }, (_, i) =>
        facilityOpened({ summary: `pg feed ${i}` }, { facilityId: `pg-feed-${randomUUID()}` }),
      );
      expect((await api.call('POST', '/developments', items)).status).toBe(201);
    };
    await record(3);
    const client = await SseClient.connect(`${api.url}/feed?from=${from}`);
    try {
      await client.waitFor((c) => c.developments.length >= 3);
      await Promise.all([record(2), record(2)]);
      await client.waitFor((c) => c.developments.length >= 7);
    } finally {
      client.close();
    }
    const logged = await database.query<{ position: string }>(
      "SELECT position FROM timeline.events WHERE position > $1 AND stream LIKE 'development-%' ORDER BY position",
      [from],
    );
    expect(client.developments.map((d) => d.id)).toEqual(logged.rows.map((r) => r.position));

    const last = client.developments.at(-1)!.id;
    await api.close();
    api = await start();
    await record(2);
    const resumed = await SseClient.connect(`${api.url}/feed`, { 'last-event-id': last });
    try {
      await resumed.waitFor((c) => c.developments.length >= 2);
    } finally {
      resumed.close();
    }
    const after = await database.query<{ position: string }>(
      "SELECT position FROM timeline.events WHERE position > $1 AND stream LIKE 'development-%' ORDER BY position",
      [last],
    );
    expect(resumed.developments.map((d) => d.id)).toEqual(after.rows.map((r) => r.position));
  }, 60_000);
});
