import { SqliteEventStore } from '../../src/store/sqlite/sqlite-event-store.js';
import { startServer } from '../support/child.js';
import { expectNoLossNoHalfBatch, writeThenKill } from '../support/crash-load.js';
import { tempDir } from '../support/temp-dir.js';
import { join } from 'node:path';
import { existsSync } from 'node:fs';

const KEY = 'crash-test-key-0123456789';

describe('killing the service during an import (SIGKILL)', () => {
  const dir = tempDir('crash');
  afterAll(() => dir.cleanup());

  it('loses no acknowledged development and leaves no half batch; the seed timeline loads on first start', async () => {
    const env = { TIMELINE_DATA_DIR: dir.path, TIMELINE_API_KEYS: KEY, TIMELINE_WRITE_RATE: '1000000' };
    const server = await startServer(env);
    const seeded = (await (await fetch(`${server.url}/timeline?limit=500`)).json()) as { developments: unknown[] };
    expect(seeded.developments.length).toBeGreaterThan(0);
    const load = await writeThenKill(server, KEY);
    const acknowledged = load.acknowledged;

    const store = new SqliteEventStore(join(dir.path, 'events.db'));
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
