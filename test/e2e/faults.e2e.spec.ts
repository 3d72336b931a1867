import Database from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import { existsSync, openSync, rmSync, writeSync, closeSync } from 'node:fs';
import { join } from 'node:path';
import { ReadModel } from '../../src/read-model/read-model.js';
import { SqliteEventStore } from '../../src/store/sqlite/sqlite-event-store.js';
import { startApp } from '../support/app.js';
import { CLI, run, SERVER, startServer, stopServer } from '../support/child.js';
import { entities, meetingHeld } from '../support/fixtures.js';
import { tempDir } from '../support/temp-dir.js';

const KEY = 'faults-test-key-0123456789';
const headers = { 'content-type': 'application/json', authorization: `Bearer ${KEY}` };

async function post(url: string, path: string, body: unknown): Promise<{ status: number; body: any }> {
  const response = await fetch(`${url}${path}`, { method: 'POST', headers, body: JSON.stringify(body) });
  return { status: response.status, body: await response.json() };
}

async function until<T>(what: string, probe: () => Promise<T | undefined | false>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const readiness = async (url: string) => {
  const response = await fetch(`${url}/health/ready`);
  return { status: response.status, body: (await response.json()) as any };
};

describe('another process holding the read model (a long CLI import or rebuild)', () => {
  const dir = tempDir('locked');
  afterAll(() => dir.cleanup());

  it('answers writes 201 or 202, never 500; readiness says why it is not ready; everything shows once the lock is gone', async () => {
    const env = {
      TIMELINE_DATA_DIR: dir.path,
      TIMELINE_API_KEYS: KEY,
      TIMELINE_SEED: 'false',
      TIMELINE_WRITE_ACK_WAIT_MS: '300',
    };
    const server = await startServer(env);
    try {
      expect((await post(server.url, '/entities', entities)).status).toBe(201);
      const holder = new Database(join(dir.path, 'read-model.db'));
      holder.exec('BEGIN IMMEDIATE');
      const statuses: number[] = [];
      const ids: string[] = [];
      // Longer than the 5 s an older service waited on a lock before giving up for good.
      const lockedUntil = Date.now() + 5500;
      for (let n = 0; Date.now() < lockedUntil; n++) {
        const development = meetingHeld(n, { summary: `locked meeting ${n}` });
        const answer = await post(server.url, '/developments', development);
        statuses.push(answer.status);
        if (answer.status === 202) ids.push(development.id);
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      const unready = await readiness(server.url);
      holder.exec('ROLLBACK');
      holder.close();
      expect(new Set(statuses)).toEqual(new Set([202]));
      expect(unready.status).toBe(503);
      expect(unready.body.checks.readModel).toMatchObject({
        status: 'failed',
        lag: ids.length,
        fault: { code: expect.stringMatching(/^SQLITE_BUSY/) },
      });

      await until('the read model to recover', async () => (await readiness(server.url)).status === 200);
      const timeline = (await (await fetch(`${server.url}/timeline?q=locked%20meeting&limit=500`)).json()) as {
        developments: { id: string }[];
      };
      expect(new Set(timeline.developments.map((d) => d.id))).toEqual(new Set(ids));
      expect((await post(server.url, '/developments', meetingHeld(999))).status).toBe(201);
    } finally {
      await stopServer(server.child);
    }
  }, 60_000);
});

describe('readiness and metrics', () => {
  it('answers 503 while the read model is further behind than allowed, and says how far in /metrics', async () => {
    const api = await startApp({ TIMELINE_READY_MAX_LAG: '3', TIMELINE_WRITE_ACK_WAIT_MS: '100' });
    try {
      await api.call('POST', '/entities', entities);
      expect((await api.call('GET', '/health/ready')).status).toBe(200);
      const readModel = api.app.get(ReadModel);
      await readModel.stop();
      for (let n = 0; n < 5; n++) expect((await api.call('POST', '/developments', meetingHeld(n))).status).toBe(202);
      const behind = await api.call('GET', '/health/ready');
      expect(behind.status).toBe(503);
      expect(behind.body).toMatchObject({
        status: 'unavailable',
        checks: { store: { status: 'ok' }, readModel: { status: 'lagging', lag: 5, maxLag: 3 } },
      });
      const metrics = await (await fetch(`${api.url}/metrics`)).text();
      expect(metrics).toMatch(/^timeline_read_model_lag_events 5$/m);
      expect(metrics).toMatch(/^timeline_read_model_failing 0$/m);
      expect(metrics).toMatch(/^nodejs_eventloop_lag_p99_seconds /m);
      expect(metrics).toMatch(/^timeline_open_streams 0$/m);
      expect(metrics).toMatch(/^timeline_writes_total\{route="\/developments",status="202"\} 5$/m);
      expect(metrics).toMatch(/^timeline_errors_total\{route="\/health\/ready",status="503"\} 1$/m);
      readModel.start();
      await until('the read model to catch up', async () => (await api.call('GET', '/health/ready')).status === 200);
    } finally {
      await api.close();
    }
  });
});

describe('a read model ahead of its log', () => {
  it('refuses to start, and to run CLI commands, saying what happened; nothing is changed', async () => {
    const dir = tempDir('ahead');
    try {
      const env = { TIMELINE_DATA_DIR: dir.path, TIMELINE_API_KEYS: KEY, TIMELINE_SEED: 'false' };
      const server = await startServer(env);
      await post(server.url, '/entities', entities);
      for (let n = 0; n < 3; n++) await post(server.url, '/developments', meetingHeld(n));
      await stopServer(server.child);

      for (const suffix of ['', '-wal', '-shm']) rmSync(join(dir.path, `events.db${suffix}`), { force: true });
      const lost = await run(SERVER, [], { ...env, PORT: '0', TIMELINE_SEED: 'true' });
      expect(lost.code).toBe(1);
      expect(lost.stderr).toMatch(
        /refusing to start: the event log .*events\.db is missing.*: the event log was lost, emptied or replaced/,
      );
      expect(existsSync(join(dir.path, 'read-model.db'))).toBe(true);
      expect(existsSync(join(dir.path, 'events.db'))).toBe(false);
      const cli = await run(CLI, ['timeline'], env);
      expect(cli.code).toBe(2);
      expect(cli.stderr).toContain('lost, emptied or replaced');

      // A log that is there but shorter than what the read model applied: replaced, or restored from an older backup.
      const shorter = new SqliteEventStore(join(dir.path, 'events.db'));
      await shorter.append(
        'entity-org:x',
        [{ id: crypto.randomUUID(), type: 'EntityRegistered', data: {} }],
        'no_stream',
      );
      await shorter.close();
      const replaced = await run(SERVER, [], { ...env, PORT: '0' });
      expect(replaced.code).toBe(1);
      expect(replaced.stderr).toMatch(/ends at position 1/);
    } finally {
      dir.cleanup();
    }
  }, 60_000);
});

describe('a damaged read-model file at start', () => {
  const damages: [string, (file: string) => void][] = [
    ['a table overwritten', (file) => damageTable(file, 'development_refs')],
    ['its header overwritten (not a database any more)', (file) => damageHeader(file)],
  ];

  it.each(damages)(
    '%s: moves it aside, names it in the log and readiness, and rebuilds it from the log',
    async (_, damage) => {
      const dir = tempDir('damaged');
      const env = { TIMELINE_DATA_DIR: dir.path, TIMELINE_API_KEYS: KEY, TIMELINE_SEED: 'false' };
      const file = join(dir.path, 'read-model.db');
      try {
        let server = await startServer(env);
        await post(server.url, '/entities', entities);
        const ids: string[] = [];
        for (let n = 0; n < 40; n++) {
          const development = meetingHeld(n);
          expect((await post(server.url, '/developments', development)).status).toBe(201);
          ids.push(development.id);
        }
        await stopServer(server.child);
        damage(file);

        server = await startServer({ ...env, LOG_LEVEL: 'error' });
        try {
          const ready = await readiness(server.url);
          expect(ready.status).toBe(200);
          expect(ready.body).toMatchObject({
            status: 'degraded',
            checks: {
              readModel: {
                status: 'ok',
                setAside: { file, movedTo: expect.stringContaining('read-model.db.damaged-') },
              },
            },
          });
          const { movedTo } = ready.body.checks.readModel.setAside;
          expect(existsSync(movedTo)).toBe(true);
          expect(server.output()).toContain(`the read model ${file} is damaged`);
          const timeline = (await (await fetch(`${server.url}/timeline?limit=500`)).json()) as {
            developments: { id: string }[];
          };
          expect(new Set(timeline.developments.map((d) => d.id))).toEqual(new Set(ids));
          expect((await post(server.url, '/developments', meetingHeld(100))).status).toBe(201);
        } finally {
          await stopServer(server.child);
        }
      } finally {
        dir.cleanup();
      }
    },
    60_000,
  );
});

/** Overwrites the file's first page, SQLite's header among it. */
function damageHeader(file: string): void {
  const db = new Database(file);
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  const fd = openSync(file, 'r+');
  writeSync(fd, Buffer.alloc(4096, 0xa5), 0, 4096, 0);
  closeSync(fd);
}

/** Overwrites every page of one table with garbage, as a failing disk or a stray write would. */
function damageTable(file: string, table: string): void {
  const db = new Database(file);
  db.pragma('wal_checkpoint(TRUNCATE)');
  const pageSize = db.pragma('page_size', { simple: true }) as number;
  const pages = db
    .prepare<[string], { pageno: number }>('SELECT pageno FROM dbstat WHERE name = ?')
    .all(table)
    .map((p) => p.pageno);
  db.close();
  const fd = openSync(file, 'r+');
  for (const page of pages) writeSync(fd, Buffer.alloc(pageSize, 0xa5), 0, pageSize, (page - 1) * pageSize);
  closeSync(fd);
}

describe('a full disk', () => {
  const mountable = spawnSync(
    'unshare',
    ['--mount', '--propagation', 'private', 'sh', '-c', 'mount -t tmpfs -o size=1m tmpfs /mnt'],
    { encoding: 'utf8' },
  );
  const reason =
    mountable.status === 0
      ? undefined
      : `a small tmpfs cannot be mounted here (${(mountable.stderr || mountable.error?.message || '').trim()})`;

  it('answers 507 and stores nothing, keeps every acknowledged write, and recovers by itself once there is space', async () => {
    if (reason) {
      console.warn(`skipped: ${reason}`);
      return;
    }
    const dir = tempDir('full');
    const env = {
      TIMELINE_DATA_DIR: dir.path,
      TIMELINE_API_KEYS: KEY,
      TIMELINE_SEED: 'false',
      TIMELINE_WRITE_ACK_WAIT_MS: '300',
    };
    const { child, url } = await startInTmpfs(dir.path, '4m', env);
    try {
      await post(url, '/entities', entities);
      const quote = 'q'.repeat(1000);
      const sources = Array.from({ length: 20 }, (_, i) => ({
        title: `Source ${i}`,
        url: 'https://example.org',
        quote,
      }));
      const acknowledged: string[] = [];
      const statuses: number[] = [];
      let full: any;
      for (let n = 0; n < 400 && !full; n++) {
        const batch = Array.from({ length: 10 }, (_, i) => meetingHeld(n * 10 + i, { sources }));
        const answer = await post(url, '/developments', batch);
        statuses.push(answer.status);
        if (answer.status === 201 || answer.status === 202) acknowledged.push(...batch.map((d) => d.id));
        if (answer.status === 507) full = answer.body;
      }
      expect(statuses.filter((s) => ![201, 202, 507].includes(s))).toEqual([]);
      expect(full).toMatchObject({
        status: 507,
        code: 'INSUFFICIENT_STORAGE',
        detail: expect.stringContaining('nothing was stored'),
      });

      const grown = spawnSync(
        'nsenter',
        ['--target', String(child.pid), '--mount', 'mount', '-o', 'remount,size=64m', dir.path],
        { encoding: 'utf8' },
      );
      expect(grown.stderr).toBe('');
      const next = meetingHeld(9999, { sources });
      await until('a write to be taken again', async () =>
        [201, 202].includes((await post(url, '/developments', next)).status),
      );
      acknowledged.push(next.id);
      await until('readiness', async () => (await readiness(url)).status === 200);
      const shown = new Set<string>();
      for (let cursor: string | undefined, first = true; first || cursor; first = false) {
        const page = (await (await fetch(`${url}/timeline?limit=500${cursor ? `&cursor=${cursor}` : ''}`)).json()) as {
          developments: { id: string }[];
          nextCursor?: string;
        };
        for (const d of page.developments) shown.add(d.id);
        cursor = page.nextCursor;
      }
      expect(acknowledged.filter((id) => !shown.has(id))).toEqual([]);
    } finally {
      await stopServer(child);
      dir.cleanup();
    }
  }, 120_000);
});

/** The service in a mount namespace of its own, its data directory a tmpfs of `size`. */
async function startInTmpfs(dataDir: string, size: string, env: Record<string, string>) {
  const { spawn } = await import('node:child_process');
  const { freePort } = await import('../support/child.js');
  const port = await freePort();
  const child = spawn(
    'unshare',
    [
      '--mount',
      '--propagation',
      'private',
      'sh',
      '-c',
      `mount -t tmpfs -o size=${size} tmpfs "${dataDir}" && exec "${process.execPath}" "${SERVER}"`,
    ],
    { env: { ...process.env, LOG_LEVEL: 'warn', ...env, PORT: String(port), HOST: '127.0.0.1' } },
  );
  let output = '';
  child.stdout.on('data', (d) => {
    output += d;
  });
  child.stderr.on('data', (d) => {
    output += d;
  });
  const url = `http://127.0.0.1:${port}`;
  await until(`the service (${output})`, async () => {
    if (child.exitCode !== null) throw new Error(`service exited: ${output}`);
    return fetch(`${url}/health/ready`).then(
      (r) => r.ok,
      () => false,
    );
  });
  return { child, url };
}
