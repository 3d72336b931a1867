import { existsSync, openSync, closeSync, utimesSync, writeSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { cleanMarkOf } from '../../src/read-model/open-file.js';
import { ReadModel } from '../../src/read-model/read-model.js';
import { startApp } from '../support/app.js';
import { startServer, stopServer } from '../support/child.js';
import { entities, facilityOpened } from '../support/fixtures.js';
import { tempDir } from '../support/temp-dir.js';

const KEY = 'clean-close-key-0123456789';

/** Starts the service in this process on `dataDir`: whether it checked every page of its read model, then stops it. */
async function checkedAtStart(dataDir: string): Promise<boolean> {
  const api = await startApp({ TIMELINE_API_KEYS: KEY }, dataDir);
  try {
    expect((await api.call('GET', '/state/facilities?asOf=2026-01-01')).body.rows).toHaveLength(1);
    return api.app.get(ReadModel).checkedAtOpen;
  } finally {
    await api.close();
  }
}

describe('a start on a read model closed cleanly', () => {
  const dir = tempDir('clean-close');
  const file = join(dir.path, 'read-model.db');
  const env = { TIMELINE_DATA_DIR: dir.path, TIMELINE_API_KEYS: KEY, TIMELINE_SEED: 'false' };
  afterAll(() => dir.cleanup());

  it('trusts it without reading every page; after a crash or any change since, it checks it', async () => {
    const first = await startServer(env);
    const post = (path: string, body: unknown) =>
      fetch(`${first.url}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${KEY}` },
        body: JSON.stringify(body),
      });
    expect((await post('/entities', entities)).status).toBe(201);
    expect((await post('/developments', facilityOpened())).status).toBe(201);
    // Killed: no clean close, no mark; the next start checks the file.
    await stopServer(first.child, 'SIGKILL');
    expect(existsSync(cleanMarkOf(file))).toBe(false);
    expect(await checkedAtStart(dir.path)).toBe(true);

    // Stopped cleanly (in the service's own process): marked, and the next start trusts it.
    const second = await startServer(env);
    await stopServer(second.child);
    expect(existsSync(cleanMarkOf(file))).toBe(true);
    expect(await checkedAtStart(dir.path)).toBe(false);

    // Changed since the clean close (here only its time): checked again.
    expect(existsSync(cleanMarkOf(file))).toBe(true);
    const later = new Date(statSync(file).mtimeMs + 5_000);
    utimesSync(file, later, later);
    expect(await checkedAtStart(dir.path)).toBe(true);
  }, 60_000);

  it('finds damage written after a clean close, moves the file aside and rebuilds it', async () => {
    const before = await startServer(env);
    await stopServer(before.child);
    expect(existsSync(cleanMarkOf(file))).toBe(true);
    // Overwrite the header: the mark no longer matches, and the file is no database.
    const fd = openSync(file, 'r+');
    writeSync(fd, Buffer.alloc(100, 0x41), 0, 100, 0);
    closeSync(fd);
    const api = await startApp({ TIMELINE_API_KEYS: KEY }, dir.path);
    try {
      const ready = await api.call('GET', '/health/ready');
      expect(JSON.stringify(ready.body)).toContain('read-model.db');
      expect((await api.call('GET', '/state/facilities?asOf=2026-01-01')).body.rows).toHaveLength(1);
    } finally {
      await api.close();
    }
  }, 60_000);
});
