import Database from 'better-sqlite3';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CLI, run, startServer, stopServer } from '../support/child.js';
import { entities, meetingHeld } from '../support/fixtures.js';
import { SseClient } from '../support/sse-client.js';
import { tempDir } from '../support/temp-dir.js';

const KEY = 'shutdown-test-key-0123456789';
const post = (url: string, path: string, body: unknown, key = KEY) =>
  fetch(`${url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
    body: JSON.stringify(body),
  });

describe('SIGTERM with streams open and a write in flight', () => {
  const dir = tempDir('sigterm');
  afterAll(() => dir.cleanup());

  it('finishes the write, ends the streams, exits; the clients resume with Last-Event-ID and miss nothing', async () => {
    const env = {
      TIMELINE_DATA_DIR: dir.path,
      TIMELINE_API_KEYS: KEY,
      TIMELINE_SEED: 'false',
      TIMELINE_WRITE_ACK_WAIT_MS: '1500',
    };
    const server = await startServer(env);
    await post(server.url, '/entities', entities);
    const first = (await (await post(server.url, '/developments', meetingHeld(1))).json()) as { position: string };
    const clients = await Promise.all([0, 1, 2].map(() => SseClient.connect(`${server.url}/feed?from=0`)));
    await Promise.all(clients.map((c) => c.waitFor((x) => x.developments.length >= 1)));

    // Another process holds the read model, so this write waits for it when the signal comes.
    const holder = new Database(join(dir.path, 'read-model.db'));
    holder.exec('BEGIN IMMEDIATE');
    const inFlight = post(server.url, '/developments', meetingHeld(2));
    await new Promise((resolve) => setTimeout(resolve, 300));
    const ended = stopServer(server.child);
    const write = await inFlight;
    holder.exec('ROLLBACK');
    holder.close();
    expect(await ended).toMatch(/^(SIGTERM|0)$/);
    expect(write.status).toBe(202);
    const written = (await write.json()) as { position: string };
    for (const client of clients) {
      await client.done;
      expect(client.ended).toBe(true);
      expect(client.developments.map((d) => d.id)).toEqual([first.position]);
    }

    const restarted = await startServer(env);
    try {
      const resumed = await SseClient.connect(`${restarted.url}/feed`, { 'last-event-id': first.position });
      await resumed.waitFor((c) => c.developments.length >= 1);
      resumed.close();
      expect(resumed.developments.map((d) => d.id)).toEqual([written.position]);
    } finally {
      await stopServer(restarted.child);
    }
  }, 60_000);
});

describe('timeline keys', () => {
  const dir = tempDir('keys');
  const dataDir = join(dir.path, 'data');
  const env = { TIMELINE_DATA_DIR: dataDir, TIMELINE_SEED: 'false', TIMELINE_API_KEYS: '' };
  afterAll(() => dir.cleanup());

  it('reading commands create nothing where there is no timeline yet', async () => {
    const listed = await run(CLI, ['timeline'], env);
    expect(listed.code).toBe(2);
    expect(listed.stderr).toContain('no timeline in');
    expect((await run(CLI, ['keys', 'list'], env)).stdout).toBe('');
    expect(existsSync(dataDir)).toBe(false);
  });

  it('creates, lists, rotates and revokes keys, which a running service honours at once', async () => {
    const created = await run(CLI, ['keys', 'create', '--label', 'ingest'], env);
    expect(created.code).toBe(0);
    const key = created.stdout.trim();
    expect(key).toMatch(/^tl_/);
    const listed = (await run(CLI, ['keys', 'list', '--json'], env)).stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(listed).toEqual([
      { id: expect.stringMatching(/^key:/), role: 'editor', label: 'ingest', createdAt: expect.any(String) },
    ]);
    expect(readFileSync(join(dataDir, 'api-keys.json'), 'utf8')).not.toContain(key);

    // A key file exists, so the first start makes no key of its own.
    const server = await startServer(env);
    try {
      expect(server.output()).not.toContain('Generated admin key');
      expect((await post(server.url, '/entities', entities, key)).status).toBe(201);
      const rotated = await run(CLI, ['keys', 'rotate', listed[0].id], env);
      const newKey = rotated.stdout.trim();
      await waitForStatus(server.url, key, 401);
      expect((await post(server.url, '/entities', entities, newKey)).status).toBe(200); // registered before: a retry
      expect((await run(CLI, ['keys', 'revoke', listed[0].id], env)).code).toBe(0);
      await waitForStatus(server.url, newKey, 401);
      expect((await run(CLI, ['keys', 'revoke', 'key:nope'], env)).code).toBe(2);
    } finally {
      await stopServer(server.child);
    }
  }, 60_000);

  it('makes and shows one key at a first start with no key at all, and never again', async () => {
    const fresh = join(dir.path, 'fresh');
    const freshEnv = { ...env, TIMELINE_DATA_DIR: fresh };
    const first = await startServer(freshEnv);
    await stopServer(first.child);
    const key = /Generated admin key key:\w+ .*\n\n {2}(tl_\S+)/.exec(first.output())?.[1];
    expect(key).toBeDefined();
    const second = await startServer(freshEnv);
    try {
      expect(second.output()).not.toContain('Generated admin key');
      expect((await post(second.url, '/entities', entities, key)).status).toBe(201);
      const me = await fetch(`${second.url}/keys/me`, { headers: { authorization: `Bearer ${key}` } });
      expect(((await me.json()) as { role: string }).role).toBe('admin');
    } finally {
      await stopServer(second.child);
    }
  }, 60_000);

  it("makes keys of each role, with a name that is unique, and changes a key's role", async () => {
    const rolesEnv = { ...env, TIMELINE_DATA_DIR: join(dir.path, 'roles') };
    const reader = await run(CLI, ['keys', 'create', '--role', 'reader', '--name', 'Partner feed'], rolesEnv);
    expect([reader.code, reader.stderr]).toEqual([0, expect.stringContaining('created reader key key:')]);
    const again = await run(CLI, ['keys', 'create', '--role', 'editor', '--name', 'Partner feed'], rolesEnv);
    expect([again.code, again.stderr]).toEqual([2, expect.stringContaining('a key named "Partner feed" exists')]);
    const bad = await run(CLI, ['keys', 'create', '--role', 'owner'], rolesEnv);
    expect([bad.code, bad.stderr]).toEqual([2, expect.stringContaining('--role must be one of reader, editor, admin')]);
    const [listed] = (await run(CLI, ['keys', 'list', '--json'], rolesEnv)).stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(listed).toMatchObject({ name: 'Partner feed', role: 'reader' });
    expect((await run(CLI, ['keys', 'role', listed.id, 'editor'], rolesEnv)).code).toBe(0);
    expect((await run(CLI, ['keys', 'list'], rolesEnv)).stdout).toMatch(/key:\w+ {2}editor {2}Partner feed/);
    expect((await run(CLI, ['keys', 'role', 'key:nope', 'editor'], rolesEnv)).code).toBe(2);
  }, 60_000);

  it('writes down the role of keys made before roles when the service starts, and logs it', async () => {
    const oldDir = join(dir.path, 'old');
    mkdirSync(oldDir);
    writeFileSync(
      join(oldDir, 'api-keys.json'),
      JSON.stringify({ keys: [{ id: 'key:aaaaaaaaaaaa', sha256: 'ab'.repeat(32), label: 'made at first start' }] }),
    );
    const server = await startServer({ ...env, TIMELINE_DATA_DIR: oldDir, LOG_LEVEL: 'info' });
    await stopServer(server.child);
    expect(server.output()).toContain('key key:aaaaaaaaaaaa was made before roles: it is now an admin');
    expect(JSON.parse(readFileSync(join(oldDir, 'api-keys.json'), 'utf8')).keys[0].role).toBe('admin');
  }, 60_000);
});

async function waitForStatus(url: string, key: string, status: number): Promise<void> {
  for (let i = 0; i < 50; i++) {
    if ((await post(url, '/entities', entities, key)).status === status) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`the service never answered ${status}`);
}

describe('timeline backup', () => {
  it("copies a running service's records consistently; a service started on the copy rebuilds its views and answers the same", async () => {
    const dir = tempDir('backup');
    const env = { TIMELINE_DATA_DIR: join(dir.path, 'live'), TIMELINE_API_KEYS: KEY, TIMELINE_SEED: 'false' };
    const server = await startServer(env);
    try {
      await post(server.url, '/entities', entities);
      for (let n = 0; n < 20; n++) await post(server.url, '/developments', meetingHeld(n));
      const backup = await run(CLI, ['backup', join(dir.path, 'copy')], env);
      expect(backup.code).toBe(0);
      expect(existsSync(join(dir.path, 'copy', 'read-model.db'))).toBe(false);
      expect((await run(CLI, ['backup', join(dir.path, 'copy')], env)).code).toBe(2);
      const live = await (await fetch(`${server.url}/timeline?limit=500`)).json();
      const restored = await startServer({ ...env, TIMELINE_DATA_DIR: join(dir.path, 'copy') });
      try {
        expect(await (await fetch(`${restored.url}/timeline?limit=500`)).json()).toEqual(live);
      } finally {
        await stopServer(restored.child);
      }
    } finally {
      await stopServer(server.child);
      dir.cleanup();
    }
  }, 60_000);
});
