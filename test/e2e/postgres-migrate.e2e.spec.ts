import { join } from 'node:path';
import { PostgresEventStore } from '../../src/store/postgres/postgres-event-store.js';
import { SqliteEventStore } from '../../src/store/sqlite/sqlite-event-store.js';
import type { StoredEvent } from '../../src/store/event-store.js';
import { startApp, type RunningApp } from '../support/app.js';
import { CLI, run } from '../support/child.js';
import { entities, facilityOpened, licensingDeal } from '../support/fixtures.js';
import { createTestDatabase, describeWithPostgres, type TestDatabase } from '../support/postgres.js';
import { tempDir } from '../support/temp-dir.js';

const describePostgres = await describeWithPostgres();

const copied = ({ id, stream, revision, type, data, metadata, recordedAt }: StoredEvent) => ({
  id,
  stream,
  revision,
  type,
  data,
  metadata,
  recordedAt,
});

async function readLog(open: () => SqliteEventStore | PostgresEventStore): Promise<StoredEvent[]> {
  const store = open();
  try {
    return await store.readAll({ limit: 100_000 });
  } finally {
    await store.close();
  }
}

describePostgres('timeline migrate --to postgres://... (embedded log into a real PostgreSQL server)', () => {
  let database: TestDatabase;
  const source = tempDir('pg-migrate-source');
  const target = tempDir('pg-migrate-target');
  const env = { TIMELINE_DATA_DIR: source.path };
  const sqlite = () => new SqliteEventStore(join(source.path, 'events.db'));
  const postgres = () => new PostgresEventStore(database.url);
  const development = licensingDeal();

  async function onEmbedded(work: (api: RunningApp) => Promise<void>): Promise<void> {
    const api = await startApp({}, source.path);
    try {
      await work(api);
    } finally {
      await api.close();
    }
  }

  beforeAll(async () => {
    database = await createTestDatabase();
    await onEmbedded(async (api) => {
      await api.call('POST', '/entities', entities);
      await api.call('POST', '/developments', [development, facilityOpened()]);
      await api.call('POST', `/developments/${development.id}/corrections`, {
        changes: { date: '2023-02-13' },
        reason: 'day given',
      });
    });
  });
  afterAll(async () => {
    await database?.drop();
    source.cleanup();
    target.cleanup();
  });

  it('copies every event with its id, stream, revision, order and recorded time; running again copies nothing', async () => {
    const first = await run(CLI, ['migrate', '--to', database.url], env);
    expect(first.stderr).not.toContain('Error');
    expect(first.code).toBe(0);
    const embedded = await readLog(sqlite);
    expect(first.stdout).toContain(`copied ${embedded.length}, already there 0`);
    expect((await readLog(postgres)).map(copied)).toEqual(embedded.map(copied));

    const again = await run(CLI, ['migrate', '--to', database.url], env);
    expect(again.stdout).toContain(`copied 0, already there ${embedded.length}`);
  }, 60_000);

  it('copies only what the embedded log gained since, and the service then serves the log from PostgreSQL', async () => {
    await onEmbedded(async (api) => {
      await api.call('POST', `/developments/${development.id}/retraction`, { reason: 'withdrawn' });
    });
    const embedded = await readLog(sqlite);
    const resumed = await run(CLI, ['migrate', '--to', database.url], env);
    expect(resumed.stdout).toContain(`copied 1, already there ${embedded.length - 1}`);
    expect((await readLog(postgres)).map(copied)).toEqual(embedded.map(copied));

    const api = await startApp({ TIMELINE_STORE: 'postgres', DATABASE_URL: database.url }, target.path);
    try {
      const read = await api.call('GET', `/developments/${development.id}`);
      const original = embedded.find((e) => e.id === development.id)!;
      expect(read.body).toMatchObject({
        revision: 2,
        recordedAt: original.recordedAt,
        date: '2023-02-13',
        retracted: { reason: 'withdrawn' },
      });
    } finally {
      await api.close();
    }
  }, 60_000);
});
