import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { ReadModel } from '../../src/read-model/read-model.js';
import { SqliteEventStore } from '../../src/store/sqlite/sqlite-event-store.js';
import { tempDir } from '../support/temp-dir.js';

/**
 * The read model's write-ahead log is copied into the file by a thread of its own, not by the
 * commit that fills it (SQLite's own checkpoint at a commit, once the log holds 1,000 pages, copied
 * and synced them on the event loop: 20-30 ms more for one commit in a few).
 */
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const PAGE_OF_TEXT = 'x'.repeat(3000);

async function opened(name: string) {
  const dir = tempDir(name);
  const store = new SqliteEventStore(join(dir.path, 'events.db'));
  const file = join(dir.path, 'read-model.db');
  const readModel = new ReadModel(file, store);
  readModel.db.exec('CREATE TABLE notes (n INTEGER PRIMARY KEY, text TEXT)');
  const insert = readModel.db.prepare('INSERT INTO notes (text) VALUES (?)');
  /** About 100 pages a transaction, with a pause between: as the service writes. */
  const write = async (transactions: number) => {
    for (let t = 0; t < transactions; t++) {
      readModel.db.transaction(() => {
        for (let i = 0; i < 100; i++) insert.run(PAGE_OF_TEXT);
      })();
      await sleep(25);
    }
  };
  const walBytes = () => statSync(`${file}-wal`).size;
  /**
   * How many times the log has been started again from its beginning: the checkpoint sequence
   * number in its header (bytes 12-15), which SQLite raises each time a writer reuses a log that
   * a checkpoint copied whole into the file.
   */
  const restarts = () => {
    const header = Buffer.alloc(16);
    const fd = openSync(`${file}-wal`, 'r');
    try {
      readSync(fd, header, 0, 16, 0);
    } finally {
      closeSync(fd);
    }
    return header.readUInt32BE(12);
  };
  /**
   * Writes until the checkpointer's thread has copied the log whole at least once (it starts a
   * thread and opens a connection first: on a loaded machine that takes a while, and the log
   * grows meanwhile). Then what follows measures the steady state, not the start.
   */
  const started = async () => {
    const first = restarts();
    const until = Date.now() + 20_000;
    while (restarts() === first) {
      if (Date.now() > until) throw new Error('the checkpointer never copied the log in 20 s');
      await write(1);
    }
  };
  const close = async () => {
    readModel.close();
    await store.close();
    dir.cleanup();
  };
  return { readModel, file, write, walBytes, restarts, started, close };
}

describe("the read model's checkpoints", () => {
  it('copy the log into the file off the event loop: the commits never do, and the log stays short', async () => {
    const rm = await opened('checkpointer');
    try {
      expect(rm.readModel.db.pragma('wal_autocheckpoint', { simple: true })).toBe(0);
      await rm.started();
      // 30 transactions of ~100 pages: 3,000 pages, 12 MB. Copied into the file as it goes (every
      // 20 ms; a busy machine may make it later), the log is reused from its start again and again:
      // it never holds half of them. With no checkpoint, it would hold them all and never restart.
      // (The log's file keeps the length it once had: what counts is how much it grew.)
      const [restartsBefore, bytesBefore] = [rm.restarts(), rm.walBytes()];
      await rm.write(30);
      expect(rm.restarts() - restartsBefore).toBeGreaterThanOrEqual(2);
      expect(rm.walBytes() - bytesBefore).toBeLessThan(6 * 1024 * 1024);
      expect((rm.readModel.db.prepare('SELECT count(*) AS n FROM notes').get() as { n: number }).n).toBeGreaterThan(
        3000,
      );
    } finally {
      await rm.close();
    }
  });

  it('skip the syncs while the writes do, and sync again before the service flushes the file', async () => {
    const rm = await opened('checkpointer-syncs');
    try {
      await rm.started();
      const bytesBefore = rm.walBytes();
      rm.readModel.skipSyncs();
      await rm.write(10);
      await rm.readModel.syncAgain();
      expect(rm.readModel.db.pragma('synchronous', { simple: true })).toBe(1);
      await rm.write(20);
      expect(rm.walBytes() - bytesBefore).toBeLessThan(6 * 1024 * 1024);
    } finally {
      await rm.close();
    }
  });

  it('stop with the read model: its file is left as the last connection closing leaves it, with no log', async () => {
    const rm = await opened('checkpointer-close');
    try {
      await rm.write(5);
      rm.readModel.close();
      // The checkpointer's connection closed before the service's: the service's, the last, copied
      // the log into the file and removed it.
      expect(() => statSync(`${rm.file}-wal`)).toThrow();
      const db = new Database(rm.file, { readonly: true });
      try {
        expect((db.prepare('SELECT count(*) AS n FROM notes').get() as { n: number }).n).toBe(500);
      } finally {
        db.close();
      }
      // A read model opened and closed at once: its checkpointer never opens the file.
      const store = new SqliteEventStore(join(rm.file, '..', 'events-2.db'));
      new ReadModel(rm.file, store).close();
      await store.close();
      expect(() => statSync(`${rm.file}-wal`)).toThrow();
    } finally {
      await rm.close();
    }
  });
});
