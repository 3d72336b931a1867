import { randomUUID } from 'node:crypto';
import { SqliteEventStore } from '../../src/store/sqlite/sqlite-event-store.js';
import { startServer } from '../support/child.js';
import { tempDir } from '../support/temp-dir.js';
import { join } from 'node:path';
import { existsSync } from 'node:fs';

const KEY = 'crash-test-key-0123456789';
const headers = { 'content-type': 'application/json', authorization: `Bearer ${KEY}` };

const COUNTRIES = ['DE', 'FR', 'HU', 'PL', 'ES', 'IT', 'BR', 'MX', 'IN', 'TH'];

function batch(label: string, size: number) {
  return Array.from({ length: size }, (_, i) => ({
    id: randomUUID(), type: 'FacilityAnnounced', date: '2024-05', summary: `${label} item ${i}`,
    subjects: ['org:acme'], sources: [{ title: 'Load', url: 'https://example.org', quote: 'load' }],
    data: { facilityId: `f-${label}-${i}`, owner: 'org:acme', kind: 'plant', country: COUNTRIES[i % COUNTRIES.length] },
  }));
}

describe('killing the service during an import (SIGKILL)', () => {
  const dir = tempDir('crash');
  afterAll(() => dir.cleanup());

  it('loses no acknowledged development and leaves no half batch; the seed timeline loads on first start', async () => {
    const env = { TIMELINE_DATA_DIR: dir.path, TIMELINE_API_KEYS: KEY, TIMELINE_WRITE_RATE: '1000000' };
    const server = await startServer(env);
    const seeded = await (await fetch(`${server.url}/timeline?limit=500`)).json() as { developments: unknown[] };
    expect(seeded.developments.length).toBeGreaterThan(0);
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
    const exited = new Promise((r) => server.child.once('exit', r));
    server.child.kill('SIGKILL');
    await Promise.all([writers, exited].flat());

    const store = new SqliteEventStore(join(dir.path, 'events.db'));
    const stored = new Set((await store.readAll({ filter: { types: ['FacilityAnnounced'] }, limit: 1_000_000 })).map((e) => e.id));
    await store.close();
    for (const ids of acknowledged) for (const id of ids) expect(stored.has(id)).toBe(true);
    for (const ids of sent) {
      const present = ids.filter((id) => stored.has(id)).length;
      expect([0, ids.length]).toContain(present);
    }

    const restarted = await startServer(env);
    try {
      const ready = await (await fetch(`${restarted.url}/health/ready`)).json() as { head: string; readModel: string };
      expect(ready.readModel).toBe(ready.head);
      const first = acknowledged[0]![0]!;
      expect((await fetch(`${restarted.url}/developments/${first}`)).status).toBe(200);
    } finally {
      const exited = new Promise((r) => restarted.child.once('exit', r));
      restarted.child.kill('SIGTERM');
      await exited;
      // A graceful stop closes the database cleanly: SQLite folds the WAL back and removes it.
      expect(String(restarted.child.signalCode ?? restarted.child.exitCode)).toMatch(/^(SIGTERM|0)$/);
      expect(existsSync(join(dir.path, 'events.db-wal'))).toBe(false);
    }
  }, 120_000);
});
