import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { PostgresEventStore } from '../../src/store/postgres/postgres-event-store.js';
import { startServer } from '../support/child.js';
import { createTestDatabase, describeWithPostgres, type TestDatabase } from '../support/postgres.js';
import { tempDir } from '../support/temp-dir.js';

const KEY = 'pg-crash-test-key-0123456789';
const headers = { 'content-type': 'application/json', authorization: `Bearer ${KEY}` };
const COUNTRIES = ['DE', 'FR', 'HU', 'PL', 'ES', 'IT', 'BR', 'MX', 'IN', 'TH'];

function batch(label: string, size: number) {
  return Array.from({ length: size }, (_, i) => ({
    id: randomUUID(), type: 'FacilityAnnounced', date: '2024-05', summary: `${label} item ${i}`,
    subjects: ['org:acme'], sources: [{ title: 'Load', url: 'https://example.org', quote: 'load' }],
    data: { facilityId: `f-${label}-${i}`, owner: 'org:acme', kind: 'plant', country: COUNTRIES[i % COUNTRIES.length] },
  }));
}

const describePostgres = await describeWithPostgres();

describePostgres('killing the service during an import on PostgreSQL (SIGKILL)', () => {
  let database: TestDatabase;
  const dir = tempDir('pg-crash');
  beforeAll(async () => { database = await createTestDatabase(); });
  afterAll(async () => {
    await database?.drop();
    dir.cleanup();
  });

  it('loses no acknowledged development, leaves no half batch, and the log takes writes again', async () => {
    const env = {
      TIMELINE_STORE: 'postgres', DATABASE_URL: database.url, TIMELINE_DATA_DIR: dir.path,
      TIMELINE_API_KEYS: KEY, TIMELINE_WRITE_RATE: '1000000', TIMELINE_SEED: 'false',
    };
    const server = await startServer(env);
    await fetch(`${server.url}/entities`, { method: 'POST', headers, body: JSON.stringify({ entityId: 'org:acme', kind: 'organisation', name: 'Acme', homeCountry: 'DE' }) });

    const acknowledged: string[][] = [];
    const sent: string[][] = [];
    let killed = false;
    const writers = Array.from({ length: 4 }, async (_, w) => {
      for (let n = 0; !killed; n++) {
        const items = batch(`w${w}-b${n}`, 200);
        sent.push(items.map((i) => i.id));
        try {
          const response = await fetch(`${server.url}/developments`, { method: 'POST', headers, body: JSON.stringify(items) });
          if (response.status === 201) acknowledged.push(items.map((i) => i.id));
        } catch {
          return;
        }
      }
    });
    while (acknowledged.length < 10) await new Promise((r) => setTimeout(r, 20));
    killed = true;
    const exited = once(server.child, 'exit');
    server.child.kill('SIGKILL');
    await Promise.all([...writers, exited]);

    const store = new PostgresEventStore(database.url);
    const stored = new Set((await store.readAll({ filter: { types: ['FacilityAnnounced'] }, limit: 1_000_000 })).map((e) => e.id));
    await store.close();
    for (const ids of acknowledged) for (const id of ids) expect(stored.has(id)).toBe(true);
    for (const ids of sent) expect([0, ids.length]).toContain(ids.filter((id) => stored.has(id)).length);

    const restarted = await startServer(env);
    try {
      const ready = await (await fetch(`${restarted.url}/health/ready`)).json() as { head: string; readModel: string };
      expect(ready.readModel).toBe(ready.head);
      expect((await fetch(`${restarted.url}/developments/${acknowledged[0]![0]!}`)).status).toBe(200);
      // A writer killed while it held the positions lock would block every later append.
      const after = await fetch(`${restarted.url}/developments`, { method: 'POST', headers, body: JSON.stringify(batch('after', 1)) });
      expect(after.status).toBe(201);
    } finally {
      const exited = once(restarted.child, 'exit');
      restarted.child.kill('SIGTERM');
      await exited;
    }
  }, 120_000);
});
