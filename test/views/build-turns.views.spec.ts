import { PROJECTIONS } from '../../projections/index.js';
import { buildViews } from '../../src/views/build/view-build.js';
import { facility, World } from '../support/world.js';

/**
 * A build writes in slices, each a transaction of about 25 ms, and lets other work have the event
 * loop between them: two transactions in one turn of the loop held it for 50-80 ms (the last slice
 * of a batch of folded keys and the first of the index rows kept, or of the counts spilled).
 */
describe('building the views', () => {
  it('writes each transaction in a turn of the event loop of its own', async () => {
    const world = await World.open();
    try {
      const steps = [];
      for (let n = 0; n < 400; n++)
        steps.push({
          record: {
            ...facility('FacilityOpened', `20${10 + (n % 14)}-0${1 + (n % 9)}`, {
              facilityId: `plant-${n}`,
              country: n % 3 ? 'HU' : 'DE',
            }),
            subjects: [`org:maker-${n % 40}`],
          },
        });
      await world.given(...steps);
      const views = world.parts.views;
      views.markForBuild(PROJECTIONS);
      // A counter moved once a turn (at the check phase, as the build's own yielding is): each
      // transaction notes the turn it ran in.
      let turn = 0;
      let counting = true;
      const tick = () => {
        turn += 1;
        if (counting) setImmediate(tick);
      };
      setImmediate(tick);
      const turns: number[] = [];
      const store = views.store;
      const transaction = store.transaction.bind(store);
      store.transaction = ((work: () => unknown, bulk?: boolean) => {
        turns.push(turn);
        return transaction(work as () => never, bulk);
      }) as typeof store.transaction;
      try {
        // Few index rows kept at a time: they are written many times during the build.
        await buildViews(views, views.pending(), { refMemory: 50 });
      } finally {
        counting = false;
        store.transaction = transaction;
      }
      expect(turns.length).toBeGreaterThan(10);
      const shared = turns.filter((t, i) => i > 0 && t === turns[i - 1]);
      expect(shared).toEqual([]);
    } finally {
      await world.close();
    }
  });
});

describe('a read model built without syncs', () => {
  it('has what it wrote flushed, off the event loop, before syncs resume, the WAL holding pages or none', async () => {
    const world = await World.open();
    try {
      const { readModel } = world.parts;
      readModel.skipSyncs();
      await readModel.syncAgain();
      expect(readModel.db.pragma('synchronous', { simple: true })).toBe(1);
      readModel.skipSyncs();
      readModel.db.pragma('wal_checkpoint(TRUNCATE)');
      await readModel.syncAgain();
      expect(readModel.db.pragma('synchronous', { simple: true })).toBe(1);
    } finally {
      await world.close();
    }
  });
});
