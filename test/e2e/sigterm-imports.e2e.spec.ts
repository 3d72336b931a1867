import Database from 'better-sqlite3';
import { join } from 'node:path';
import { startServer, stopServer } from '../support/child.js';
import { entities, meetingHeld } from '../support/fixtures.js';
import { tempDir } from '../support/temp-dir.js';

const KEY = 'sigterm-imports-key-0123456789';

/** Three imports of 10,000 developments each (30,000, the largest a client may send at once in three files). */
function importFiles(): { ids: string[]; body: string }[] {
  return [0, 1, 2].map((file) => {
    const rows = Array.from({ length: 10_000 }, (_, i) => meetingHeld(file * 10_000 + i));
    return { ids: rows.map((r) => r.id), body: rows.map((r) => JSON.stringify(r)).join('\n') };
  });
}

describe('SIGTERM while 30,000 developments are being imported, or just after', () => {
  // 300 ms: the imports are being read and checked; 1,500 ms: stored, the read model applying them.
  it.each([300, 1_500])(
    'signalled after %i ms: exits within 10 s; an import answered 201 is all in the log, any other all or nothing',
    async (afterMs) => {
      const dir = tempDir('sigterm-imports');
      const env = { TIMELINE_DATA_DIR: dir.path, TIMELINE_API_KEYS: KEY, TIMELINE_SEED: 'false' };
      const server = await startServer(env);
      const headers = { authorization: `Bearer ${KEY}` };
      const registered = await fetch(`${server.url}/entities`, {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json' },
        body: JSON.stringify(entities),
      });
      expect(registered.status).toBe(201);
      const files = importFiles();
      const answers = files.map(({ body }) =>
        fetch(`${server.url}/imports`, {
          method: 'POST',
          headers: { ...headers, 'content-type': 'application/x-ndjson' },
          body,
        }).then(
          async (response) => ({ status: response.status, body: (await response.json()) as { recorded?: number } }),
          (error: Error) => ({ status: 0, body: { error: error.message } as { recorded?: number } }),
        ),
      );
      await new Promise((resolve) => setTimeout(resolve, afterMs));
      const signalled = performance.now();
      const exit = await stopServer(server.child);
      const tookMs = performance.now() - signalled;
      expect(exit).toMatch(/^(SIGTERM|0)$/);
      expect(tookMs).toBeLessThan(10_000);
      const answered = await Promise.all(answers);

      const log = new Database(join(dir.path, 'events.db'), { readonly: true });
      const stored = log.prepare('SELECT count(*) AS n FROM events WHERE stream = ?');
      try {
        files.forEach(({ ids }, i) => {
          const present = ids.filter((id) => (stored.get(`development-${id}`) as { n: number }).n > 0).length;
          if (answered[i]!.status === 201) {
            expect(answered[i]!.body.recorded).toBe(ids.length);
            expect(present).toBe(ids.length);
          } else {
            // Not acknowledged: an import is all or nothing, never half written.
            expect([0, ids.length]).toContain(present);
          }
        });
      } finally {
        log.close();
        dir.cleanup();
      }
    },
    120_000,
  );
});

describe('SIGTERM while a stored write waits for the views', () => {
  it('answers it 202 at once and exits, rather than waiting out its 30 s', async () => {
    const dir = tempDir('sigterm-waiting-write');
    const env = {
      TIMELINE_DATA_DIR: dir.path,
      TIMELINE_API_KEYS: KEY,
      TIMELINE_SEED: 'false',
      TIMELINE_WRITE_ACK_WAIT_MS: '30000',
    };
    const server = await startServer(env);
    const headers = { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' };
    const holder = new Database(join(dir.path, 'read-model.db'));
    try {
      expect(
        (await fetch(`${server.url}/entities`, { method: 'POST', headers, body: JSON.stringify(entities) })).status,
      ).toBe(201);
      // The read model cannot apply anything while another connection holds its write lock.
      holder.exec('BEGIN IMMEDIATE');
      const development = meetingHeld(1);
      const answer = fetch(`${server.url}/developments`, {
        method: 'POST',
        headers,
        body: JSON.stringify(development),
      }).then((response) => response.status);
      // Stored, and waiting for the views: the log has it.
      const log = new Database(join(dir.path, 'events.db'), { readonly: true });
      const stored = () =>
        (
          log.prepare('SELECT count(*) AS n FROM events WHERE stream = ?').get(`development-${development.id}`) as {
            n: number;
          }
        ).n;
      for (let i = 0; i < 100 && stored() === 0; i++) await new Promise((resolve) => setTimeout(resolve, 50));
      expect(stored()).toBe(1);
      log.close();
      const signalled = performance.now();
      const exit = await stopServer(server.child);
      expect(await answer).toBe(202);
      expect(exit).toMatch(/^(SIGTERM|0)$/);
      expect(performance.now() - signalled).toBeLessThan(8_000);
    } finally {
      holder.close();
      dir.cleanup();
    }
  }, 60_000);
});
