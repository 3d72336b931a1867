import { join } from 'node:path';
import { ReadModel } from '../../src/read-model/read-model.js';
import { SqliteEventStore } from '../../src/store/sqlite/sqlite-event-store.js';
import { tempDir } from '../support/temp-dir.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('a read model closed while it follows the log', () => {
  it('stops following it: it does not go on asking a closed log, and keeps no process alive', async () => {
    const dir = tempDir('read-model-close');
    const store = new SqliteEventStore(join(dir.path, 'events.db'));
    const readModel = new ReadModel(join(dir.path, 'read-model.db'), store);
    try {
      readModel.start();
      await readModel.catchUp();
      // Closed without `stop()` first, and the log closed after it.
      readModel.close();
      await store.close();
      // Its reading of the log ends, rather than retrying the closed log for ever (a timer each time,
      // which kept a process that had finished its work from exiting).
      const following = (readModel as unknown as { running: Promise<void> | undefined }).running;
      const ended = await Promise.race([(following ?? Promise.resolve()).then(() => 'ended'), sleep(5_000)]);
      expect(ended).toBe('ended');
    } finally {
      dir.cleanup();
    }
  });
});
