import { once } from 'node:events';
import { PostgresEventStore } from '../../src/store/postgres/postgres-event-store.js';
import { startServer } from '../support/child.js';
import { expectNoLossNoHalfBatch, loadBatch, writeThenKill } from '../support/crash-load.js';
import { createTestDatabase, describeWithPostgres, type TestDatabase } from '../support/postgres.js';
import { tempDir } from '../support/temp-dir.js';

const KEY = 'pg-crash-test-key-0123456789';

const describePostgres = await describeWithPostgres();

describePostgres('killing the service during an import on PostgreSQL (SIGKILL)', () => {
  let database: TestDatabase;
  const dir = tempDir('pg-crash');
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => {
    await database?.drop();
    dir.cleanup();
  });

  it('loses no acknowledged development, leaves no half batch, and the log takes writes again', async () => {
    const env = {
      TIMELINE_STORE: 'postgres',
      DATABASE_URL: database.url,
      TIMELINE_DATA_DIR: dir.path,
      TIMELINE_API_KEYS: KEY,
      TIMELINE_WRITE_RATE: '1000000',
      TIMELINE_SEED: 'false',
    };
    const server = await startServer(env);
    const load = await writeThenKill(server, KEY);
    const acknowledged = load.acknowledged;

    const store = new PostgresEventStore(database.url);
    const stored = new Set(
      (await store.readAll({ filter: { types: ['FacilityAnnounced'] }, limit: 1_000_000 })).map((e) => e.id),
    );
    await store.close();
    expectNoLossNoHalfBatch(stored, load);

    const restarted = await startServer(env);
    try {
      const ready = (await (await fetch(`${restarted.url}/health/ready`)).json()) as {
        head: string;
        readModel: string;
      };
      expect(ready.readModel).toBe(ready.head);
      expect((await fetch(`${restarted.url}/developments/${acknowledged[0]![0]!}`)).status).toBe(200);
      // A writer killed while it held the positions lock would block every later append.
      const after = await fetch(`${restarted.url}/developments`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${KEY}` },
        body: JSON.stringify(loadBatch('after', 1)),
      });
      expect(after.status).toBe(201);
    } finally {
      const exited = once(restarted.child, 'exit');
      restarted.child.kill('SIGTERM');
      await exited;
    }
  }, 120_000);
});
