import { randomUUID } from 'node:crypto';
import { ConcurrencyError, DuplicateEventIdError } from '../../src/store/errors.js';
import type { EventStore, NewEvent, StoredEvent } from '../../src/store/event-store.js';

export interface ContractTarget {
  store: EventStore;
  /** False where the adapter cannot see an id reused in another stream (KurrentDB keeps no global id index). */
  uniqueIdsAcrossStreams?: boolean;
  /** Closes the store and opens it again on the same data. */
  reopen?: () => Promise<EventStore>;
}

const event = (type = 'Happened', data: unknown = { n: 1 }): NewEvent => ({ id: randomUUID(), type, data });

/** The behaviour every EventStore adapter must have; run it against each adapter. */
export function eventStoreContract(open: () => Promise<ContractTarget>): void {
  let target: ContractTarget;
  let store: EventStore;
  let prefix: string;
  const s = (name: string) => `${prefix}${name}`;

  beforeEach(async () => {
    target = await open();
    store = target.store;
    prefix = `t${randomUUID().slice(0, 8)}-`;
  });
  afterEach(async () => {
    await store.close();
  });

  describe('append', () => {
    it('starts a stream at revision 0 and continues it with the expected revision', async () => {
      const first = await store.append(s('a'), [event(), event()], 'no_stream');
      expect(first.revision).toBe(1);
      const next = await store.append(s('a'), [event()], 1);
      expect(next.revision).toBe(2);
      const events = await store.readStream(s('a'));
      expect(events.map((e) => e.revision)).toEqual([0, 1, 2]);
    });

    it('rejects a wrong expected revision with a ConcurrencyError and writes nothing', async () => {
      await store.append(s('b'), [event()], 'no_stream');
      await expect(store.append(s('b'), [event()], 5)).rejects.toBeInstanceOf(ConcurrencyError);
      await expect(store.append(s('b'), [event()], 'no_stream')).rejects.toBeInstanceOf(ConcurrencyError);
      await expect(store.append(s('missing'), [event()], 'exists')).rejects.toBeInstanceOf(ConcurrencyError);
      expect(await store.readStream(s('b'))).toHaveLength(1);
    });

    it('treats the same id with the same content as a retry: same answer, nothing new', async () => {
      const e = event('Happened', { b: 2, a: 1 });
      const first = await store.append(s('c'), [e], 'no_stream');
      const retry = await store.append(s('c'), [{ ...e, data: { a: 1, b: 2 } }], 'no_stream');
      expect(retry).toMatchObject({
        duplicate: true,
        revision: first.revision,
        position: first.position,
        recordedAt: first.recordedAt,
      });
      expect(await store.readStream(s('c'))).toHaveLength(1);
    });

    it('answers concurrent retries of one append once: one write, the same answer for all', async () => {
      const e = event('Happened', { n: 3 });
      const answers = await Promise.all([1, 2, 3].map(() => store.append(s('c2'), [e], 'no_stream')));
      expect(answers.filter((a) => !a.duplicate)).toHaveLength(1);
      expect(new Set(answers.map((a) => `${a.position}@${a.recordedAt}`)).size).toBe(1);
      expect(await store.readStream(s('c2'))).toHaveLength(1);
    });

    it('continues a stream that one batch names twice', async () => {
      const results = await store.appendMany([
        { stream: s('twice'), events: [event()], expectedRevision: 'no_stream' },
        { stream: s('twice'), events: [event()], expectedRevision: 0 },
      ]);
      expect(results.map((r) => r.revision)).toEqual([0, 1]);
      expect(store.comparePositions(results[1]!.position, results[0]!.position)).toBeGreaterThan(0);
    });

    it('rejects the same id with different content', async () => {
      const e = event('Happened', { n: 1 });
      await store.append(s('d'), [e], 'no_stream');
      await expect(store.append(s('d'), [{ ...e, data: { n: 2 } }], 'any')).rejects.toBeInstanceOf(
        DuplicateEventIdError,
      );
      if (target.uniqueIdsAcrossStreams === false) return;
      await expect(store.append(s('other'), [e], 'any')).rejects.toBeInstanceOf(DuplicateEventIdError);
    });

    it('appends to several streams all-or-nothing', async () => {
      await store.append(s('taken'), [event()], 'no_stream');
      await expect(
        store.appendMany([
          { stream: s('new-1'), events: [event()], expectedRevision: 'no_stream' },
          { stream: s('taken'), events: [event()], expectedRevision: 'no_stream' },
        ]),
      ).rejects.toBeInstanceOf(ConcurrencyError);
      expect(await store.readStream(s('new-1'))).toHaveLength(0);
      const results = await store.appendMany([
        { stream: s('new-1'), events: [event()], expectedRevision: 'no_stream' },
        { stream: s('new-2'), events: [event()], expectedRevision: 'no_stream' },
      ]);
      expect(results.map((r) => r.revision)).toEqual([0, 0]);
    });

    it('assigns increasing positions and non-decreasing recorded times', async () => {
      const results = await Promise.all(
        Array.from({ length: 20 }, (_, i) => store.append(s(`p${i}`), [event()], 'no_stream')),
      );
      const all = await store.readAll({ filter: { streamPrefix: prefix } });
      expect(all).toHaveLength(20);
      for (let i = 1; i < all.length; i++) {
        expect(store.comparePositions(all[i]!.position, all[i - 1]!.position)).toBeGreaterThan(0);
        expect(all[i]!.recordedAt >= all[i - 1]!.recordedAt).toBe(true);
      }
      expect(new Set(results.map((r) => r.position)).size).toBe(20);
    });

    it('isolates a failing append from concurrent ones', async () => {
      await store.append(s('x'), [event()], 'no_stream');
      const outcomes = await Promise.allSettled([
        store.append(s('y'), [event()], 'no_stream'),
        store.append(s('x'), [event()], 'no_stream'),
        store.append(s('z'), [event()], 'no_stream'),
      ]);
      expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    });
  });

  describe('readAll', () => {
    it('reads after a position with type and stream-prefix filters', async () => {
      await store.append(s('f1'), [event('Alpha'), event('Beta')], 'no_stream');
      await store.append(`other-${prefix}`, [event('Alpha')], 'no_stream');
      const alphas = await store.readAll({ filter: { types: ['Alpha'], streamPrefix: prefix } });
      expect(alphas.map((e) => e.type)).toEqual(['Alpha']);
      const all = await store.readAll({ filter: { streamPrefix: prefix } });
      const after = await store.readAll({ after: all[0]!.position, filter: { streamPrefix: prefix } });
      expect(after.map((e) => e.id)).toEqual([all[1]!.id]);
      expect(await store.readAll({ filter: { streamPrefix: prefix }, limit: 1 })).toHaveLength(1);
    });
  });

  describe('subscribe', () => {
    it('catches up, then goes live, with no gap and no duplicate at the switch', async () => {
      const start = await store.head();
      for (let i = 0; i < 5; i++) await store.append(s(`sub-${i}`), [event()], 'no_stream');
      const subscription = store.subscribe({ after: start, filter: { streamPrefix: prefix } });
      const seen: StoredEvent[] = [];
      const done = (async () => {
        for await (const e of subscription) {
          seen.push(e);
          if (seen.length === 3) {
            // Appends while the subscriber is between catch-up pages and live.
            void store.append(s('live-a'), [event()], 'no_stream');
            void store.append(s('live-b'), [event()], 'no_stream');
          }
          if (seen.length === 9) break;
        }
      })();
      await new Promise((r) => setTimeout(r, 50));
      await store.append(s('live-c'), [event(), event()], 'no_stream');
      await done;
      subscription.close();
      const positions = seen.map((e) => e.position);
      expect(new Set(positions).size).toBe(9);
      const sorted = [...positions].sort(store.comparePositions.bind(store));
      expect(positions).toEqual(sorted);
      const all = await store.readAll({ after: start, filter: { streamPrefix: prefix } });
      expect(all.map((e) => e.position)).toEqual(positions);
    });

    it('delivers only events matching the filter', async () => {
      const start = await store.head();
      const subscription = store.subscribe({ after: start, filter: { types: ['Wanted'], streamPrefix: prefix } });
      const first = (async () => {
        for await (const e of subscription) return e;
        return undefined;
      })();
      await store.append(s('g'), [event('Unwanted'), event('Wanted', { k: 'yes' })], 'no_stream');
      expect((await first)?.data).toEqual({ k: 'yes' });
      subscription.close();
    });
  });

  it('keeps acknowledged events across a reopen', async () => {
    if (!target.reopen) return;
    const result = await store.append(s('durable'), [event('Kept')], 'no_stream');
    store = await target.reopen();
    const events = await store.readStream(s('durable'));
    expect(events.map((e) => e.position)).toEqual([result.position]);
  });
}
