import { join } from 'node:path';
import Database from 'better-sqlite3';
import { SqliteEventStore } from '../../src/store/sqlite/sqlite-event-store.js';
import { tempDir } from '../support/temp-dir.js';
import { eventStoreContract } from './event-store.contract.js';

describe('SqliteEventStore (real SQLite file)', () => {
  const dirs: (() => void)[] = [];
  afterAll(() => dirs.forEach((cleanup) => cleanup()));

  describe('contract', () => {
    eventStoreContract(async () => {
      const dir = tempDir('store');
      dirs.push(dir.cleanup);
      const file = join(dir.path, 'events.db');
      const target = {
        store: new SqliteEventStore(file),
        reopen: async () => {
          await target.store.close();
          target.store = new SqliteEventStore(file);
          return target.store;
        },
      };
      return target;
    });
  });

  it('runs WAL with synchronous=FULL and keeps positions gapless after a failed append', async () => {
    const dir = tempDir('store');
    dirs.push(dir.cleanup);
    const file = join(dir.path, 'events.db');
    const store = new SqliteEventStore(file);
    await store.append('s-1', [{ id: crypto.randomUUID(), type: 'A', data: {} }], 'no_stream');
    await expect(
      store.append('s-1', [{ id: crypto.randomUUID(), type: 'A', data: {} }], 'no_stream'),
    ).rejects.toThrow();
    await store.append('s-2', [{ id: crypto.randomUUID(), type: 'A', data: {} }], 'no_stream');
    const positions = (await store.readAll()).map((e) => e.position);
    expect(positions).toEqual(['1', '2']);
    await store.close();
    const raw = new Database(file);
    expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
    raw.close();
    const check = new SqliteEventStore(file);
    expect((check as unknown as { db: Database.Database }).db.pragma('synchronous', { simple: true })).toBe(2);
    await check.close();
  });
});
