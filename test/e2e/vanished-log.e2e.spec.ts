import Database from 'better-sqlite3';
import { existsSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { run, SERVER, startServer, stopServer } from '../support/child.js';
import { entities, meetingHeld } from '../support/fixtures.js';
import { tempDir } from '../support/temp-dir.js';

const KEY = 'vanished-log-key-0123456789';
const headers = { 'content-type': 'application/json', authorization: `Bearer ${KEY}` };

async function post(url: string, path: string, body: unknown) {
  const response = await fetch(`${url}${path}`, { method: 'POST', headers, body: JSON.stringify(body) });
  return { status: response.status, retryAfter: response.headers.get('retry-after'), body: await response.json() };
}

async function timelineIds(url: string): Promise<string[]> {
  const page = (await (await fetch(`${url}/timeline?limit=500`)).json()) as { developments: { id: string }[] };
  return page.developments.map((d) => d.id);
}

/** An operator's `rm events.db`, or a restore that puts another file at its path while the service runs. */
async function loseLog(file: string, how: 'deleted' | 'replaced'): Promise<void> {
  if (how === 'deleted') {
    rmSync(file);
    return;
  }
  const db = new Database(file, { readonly: true });
  await db.backup(`${file}.restored`);
  db.close();
  renameSync(`${file}.restored`, file);
}

describe.each(['deleted', 'replaced'] as const)('the event log %s while the service runs', (how) => {
  const dir = tempDir(`log-${how}`);
  const env = { TIMELINE_DATA_DIR: dir.path, TIMELINE_API_KEYS: KEY, TIMELINE_SEED: 'false' };
  const log = join(dir.path, 'events.db');
  const acknowledged: string[] = [];
  afterAll(() => dir.cleanup());

  it('refuses every later write with a 503 naming the file, and readiness says the store is unavailable', async () => {
    const server = await startServer(env);
    try {
      expect((await post(server.url, '/entities', entities)).status).toBe(201);
      for (let n = 0; n < 5; n++) {
        const development = meetingHeld(n);
        expect((await post(server.url, '/developments', development)).status).toBe(201);
        acknowledged.push(development.id);
      }
      await loseLog(log, how);

      const answers = [];
      for (let n = 100; n < 120; n++) answers.push(await post(server.url, '/developments', meetingHeld(n)));
      expect(answers.map((a) => a.status)).toEqual(answers.map(() => 503));
      expect(answers[0]).toMatchObject({
        retryAfter: expect.any(String),
        body: { status: 503, code: 'STORE_UNAVAILABLE', detail: expect.stringContaining(`${log} was ${how}`) },
      });
      const ready = await fetch(`${server.url}/health/ready`);
      expect(ready.status).toBe(503);
      expect(await ready.json()).toMatchObject({
        status: 'unavailable',
        checks: { store: { status: 'failed', detail: expect.stringContaining(log) } },
      });
    } finally {
      await stopServer(server.child);
    }
  }, 60_000);

  if (how === 'replaced') {
    it('after a restart, shows every acknowledged write and nothing that was refused', async () => {
      const server = await startServer(env);
      try {
        expect(new Set(await timelineIds(server.url))).toEqual(new Set(acknowledged));
        expect((await post(server.url, '/developments', meetingHeld(200))).status).toBe(201);
      } finally {
        await stopServer(server.child);
      }
    }, 60_000);
  } else {
    it('refuses to restart on the missing log, saying so, and creates nothing', async () => {
      const readModel = join(dir.path, 'read-model.db');
      const before = statSync(readModel).mtimeMs;
      const restart = await run(SERVER, [], { ...env, PORT: '0' });
      expect(restart.code).toBe(1);
      expect(restart.stderr).toMatch(/refusing to start: the event log .*events\.db is missing/);
      expect(existsSync(log)).toBe(false);
      expect(statSync(readModel).mtimeMs).toBe(before);
    }, 60_000);
  }
});
