import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { readRecords } from '../../src/import/read-records.js';
import { ROOT, startServer } from '../support/child.js';
import { facilityOpened } from '../support/fixtures.js';
import { createTestDatabase, describeWithPostgres, type TestDatabase } from '../support/postgres.js';
import { tempDir } from '../support/temp-dir.js';

const KEY = 'two-instances-key-0123456789';
const headers = { 'content-type': 'application/json', authorization: `Bearer ${KEY}` };

const describePostgres = await describeWithPostgres();

interface Instance {
  child: ChildProcess;
  url: string;
  output: () => string;
}

const post = (instance: Instance, path: string, body: unknown, extra: Record<string, string> = {}) =>
  fetch(`${instance.url}${path}`, { method: 'POST', headers: { ...headers, ...extra }, body: JSON.stringify(body) });

/** Polls until the development answers 200 on this instance; the time it takes is the benchmark's business. */
async function visibleOn(instance: Instance, id: string, timeoutMs = 20_000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if ((await fetch(`${instance.url}/developments/${id}`)).status === 200) return true;
    await new Promise((r) => setTimeout(r, 25));
  }
  return false;
}

describePostgres('two service processes on one PostgreSQL log, each with its own read model', () => {
  let database: TestDatabase;
  const dirs = [tempDir('pg-a'), tempDir('pg-b')];
  let a: Instance;
  let b: Instance;

  beforeAll(async () => {
    database = await createTestDatabase();
    // Started together on an empty log: both find it empty and import the seed timeline.
    const [first, second] = await Promise.all(
      dirs.map((dir) =>
        startServer({
          TIMELINE_STORE: 'postgres',
          DATABASE_URL: database.url,
          TIMELINE_DATA_DIR: dir.path,
          TIMELINE_API_KEYS: KEY,
          TIMELINE_WRITE_RATE: '1000000',
        }),
      ),
    );
    a = first!;
    b = second!;
  }, 120_000);
  afterAll(async () => {
    for (const instance of [a, b]) {
      if (!instance || instance.child.exitCode !== null) continue;
      const exited = once(instance.child, 'exit');
      instance.child.kill('SIGTERM');
      await exited;
    }
    await database?.drop();
    for (const dir of dirs) dir.cleanup();
  });

  it('holds the seed timeline once although both instances imported it at the same time', async () => {
    const seed = readRecords(join(ROOT, 'seed'));
    const { rows } = await database.query<{ events: string; ids: string }>(
      'SELECT count(*) AS events, count(DISTINCT id) AS ids FROM timeline.events',
    );
    expect(Number(rows[0]!.events)).toBe(seed.length);
    expect(Number(rows[0]!.ids)).toBe(seed.length);
    for (const instance of [a, b]) {
      const timeline = (await (await fetch(`${instance.url}/timeline?limit=500`)).json()) as {
        developments: unknown[];
      };
      expect(timeline.developments).toHaveLength(seed.filter((r) => !('entityId' in (r.value as object))).length);
      expect(instance.output()).not.toContain('seed record rejected');
    }
  });

  it('shows a write acknowledged by one instance on the other, and the writer reads its own write at once', async () => {
    const onA = facilityOpened({ summary: 'recorded through instance A' }, { facilityId: 'pg-two-a' });
    expect((await post(a, '/developments', onA)).status).toBe(201);
    expect((await fetch(`${a.url}/developments/${onA.id}`)).status).toBe(200);
    expect(await visibleOn(b, onA.id)).toBe(true);

    const onB = facilityOpened({ summary: 'recorded through instance B' }, { facilityId: 'pg-two-b' });
    expect((await post(b, '/developments', onB)).status).toBe(201);
    expect((await fetch(`${b.url}/developments/${onB.id}`)).status).toBe(200);
    expect(await visibleOn(a, onB.id)).toBe(true);
  });

  it('checks expected revisions across instances: a correction through B makes a stale one through A fail', async () => {
    const development = facilityOpened({ summary: 'corrected from two places' }, { facilityId: 'pg-two-c' });
    expect((await post(a, '/developments', development)).status).toBe(201);
    expect(await visibleOn(b, development.id)).toBe(true);
    const correction = { changes: { date: '2025-08' }, reason: 'the report gives the month' };
    expect(
      (await post(b, `/developments/${development.id}/corrections`, correction, { 'if-match': '"0"' })).status,
    ).toBe(201);
    const stale = await post(a, `/developments/${development.id}/corrections`, correction, { 'if-match': '"0"' });
    expect(stale.status).toBe(412);
    expect(await stale.json()).toMatchObject({ code: 'REVISION_MISMATCH', currentRevision: 1 });
    const read = (await (await fetch(`${b.url}/developments/${development.id}`)).json()) as { date: string };
    expect(read.date).toBe('2025-08');
  });
});
