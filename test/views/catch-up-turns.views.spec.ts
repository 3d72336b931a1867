import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { ReadModel } from '../../src/read-model/read-model.js';
import { SqliteEventStore } from '../../src/store/sqlite/sqlite-event-store.js';
import { tempDir } from '../support/temp-dir.js';

/** Spins for `ms`: a part of the read model that is slow to apply an event. */
function spin(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until);
}

describe('catching the read model up with a long log', () => {
  it('applies events in turns of the event loop of their own, never inside the reading of a page of the log', async () => {
    const dir = tempDir('catch-up-turns');
    const store = new SqliteEventStore(join(dir.path, 'events.db'));
    const readModel = new ReadModel(join(dir.path, 'read-model.db'), store);
    try {
      for (let stream = 0; stream < 6; stream++)
        await store.append(
          `notes-${stream}`,
          Array.from({ length: 500 }, () => ({ id: randomUUID(), type: 'Noted', data: {} })),
          'no_stream',
        );
      // Applying is slower than reading (a fifth of a millisecond an event): the reader gets
      // ahead, as it does on a long log. Where each transaction was begun from is kept.
      const begunFrom: string[] = [];
      let applied = 0;
      readModel.register({
        beforeBatch: () => begunFrom.push(new Error().stack ?? ''),
        apply: () => {
          applied += 1;
          spin(0.2);
        },
      });
      readModel.start();
      await readModel.catchUp();

      expect(applied).toBe(3000);
      expect(begunFrom.length).toBeGreaterThan(1);
      // Begun from a turn of its own (an immediate), never from buffering an event the reader
      // handed over: then a transaction and the reading of a page would hold the loop together.
      expect(begunFrom.filter((stack) => stack.includes('enqueue'))).toEqual([]);
      expect(begunFrom.every((stack) => stack.includes('processImmediate'))).toBe(true);
    } finally {
      await readModel.stop();
      readModel.close();
      await store.close();
      dir.cleanup();
    }
  });
});
