import { randomUUID } from 'node:crypto';
import { StoreUnavailableError } from '../../src/store/errors.js';
import type { EventStore, StoredEvent } from '../../src/store/event-store.js';
import { PostgresEventStore } from '../../src/store/postgres/postgres-event-store.js';
import { SCHEMA_VERSION } from '../../src/store/postgres/schema.js';
import { createTestDatabase, describeWithPostgres, type TestDatabase } from '../support/postgres.js';
import { eventStoreContract } from './event-store.contract.js';

const describePostgres = await describeWithPostgres();

const event = (data: unknown = {}, metadata?: Record<string, unknown>) => ({
  id: randomUUID(),
  type: 'Happened',
  data,
  metadata,
});

/** Collects what a subscription delivers until closed. */
function follow(store: EventStore, after?: string) {
  const subscription = store.subscribe({ after });
  const events: StoredEvent[] = [];
  const done = (async () => {
    for await (const e of subscription) events.push(e);
  })();
  return {
    events,
    async until(count: number, timeoutMs = 20_000) {
      const deadline = Date.now() + timeoutMs;
      while (events.length < count && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
      expect(events).toHaveLength(count);
    },
    async close() {
      subscription.close();
      await done;
    },
  };
}

describePostgres('PostgresEventStore (real PostgreSQL server, fresh database)', () => {
  let database: TestDatabase;
  const stores: EventStore[] = [];
  const open = (options = {}) => {
    const store = new PostgresEventStore(database.url, options);
    stores.push(store);
    return store;
  };
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterEach(async () => {
    for (const store of stores.splice(0)) await store.close();
  });
  afterAll(async () => {
    await database?.drop();
  });

  describe('contract', () => {
    eventStoreContract(async () => {
      const target = {
        store: new PostgresEventStore(database.url),
        reopen: async () => {
          await target.store.close();
          target.store = new PostgresEventStore(database.url);
          return target.store;
        },
      };
      return target;
    });
  });

  it('creates its schema once when instances start together, and refuses a schema newer than it knows', async () => {
    const fresh = await createTestDatabase();
    try {
      const starting = Array.from({ length: 4 }, () => new PostgresEventStore(fresh.url));
      await Promise.all(starting.map((s) => s.check()));
      await Promise.all(starting.map((s) => s.close()));
      const { rows } = await fresh.query<{ version: number }>('SELECT version FROM timeline.schema_version');
      expect(rows).toEqual([{ version: SCHEMA_VERSION }]);
      await fresh.query('UPDATE timeline.schema_version SET version = version + 1');
      const older = new PostgresEventStore(fresh.url);
      await expect(older.check()).rejects.toThrow(`newer than this service's ${SCHEMA_VERSION}`);
      await older.close();
    } finally {
      await fresh.drop();
    }
  });

  it('gives back data and metadata exactly as appended', async () => {
    const store = open();
    const data = {
      z: 1,
      a: [1.5, 'x', null, { y: true }],
      text: 'é \u0000 \u2028 "q"',
      big: 9007199254740991,
      neg: -0.001,
    };
    const e = event(data, { recordedBy: 'key:1', nested: { b: 2, a: 1 } });
    await store.append(`exact-${e.id}`, [e], 'no_stream');
    const [stored] = await store.readStream(`exact-${e.id}`);
    expect(stored!.data).toEqual(data);
    expect(Object.keys(stored!.data as object)).toEqual(Object.keys(data));
    expect(stored!.metadata).toEqual({ recordedBy: 'key:1', nested: { b: 2, a: 1 } });
  });

  it('never records a time earlier than one already given out, even when the server clock is behind', async () => {
    const store = open();
    await store.append(`clock-${randomUUID()}`, [event()], 'no_stream');
    const ahead = Date.now() + 3_600_000;
    await database.query("SELECT setval('timeline.clock_ms', $1)", [ahead]);
    const later = await store.append(`clock-${randomUUID()}`, [event()], 'no_stream');
    expect(later.recordedAt).toBe(new Date(ahead).toISOString());
  });

  it("keeps a migrated event's original time, never later than now nor earlier than the last one", async () => {
    const fresh = await createTestDatabase();
    const store = new PostgresEventStore(fresh.url);
    try {
      const original = '2021-03-04T05:06:07.089Z';
      const first = await store.append(
        'migrated-1',
        [event({}, { recordedBy: 'seed', recordedAt: original })],
        'no_stream',
      );
      expect(first.recordedAt).toBe(original);
      const [stored] = await store.readStream('migrated-1');
      expect(stored).toMatchObject({ recordedAt: original, metadata: { recordedBy: 'seed' } });
      const earlier = await store.append(
        'migrated-2',
        [event({}, { recordedAt: '2020-01-01T00:00:00.000Z' })],
        'no_stream',
      );
      expect(earlier.recordedAt).toBe(original);
      const future = await store.append(
        'migrated-3',
        [event({}, { recordedAt: '2999-01-01T00:00:00.000Z' })],
        'no_stream',
      );
      expect(Date.parse(future.recordedAt)).toBeLessThanOrEqual(Date.now());
    } finally {
      await store.close();
      await fresh.drop();
    }
  });

  it('commits appends synchronously whatever the session asked for', async () => {
    await open().check();
    const { rows } = await database.query<{ setting: string }>(`
      WITH off AS (SELECT set_config('synchronous_commit', 'off', true)),
           written AS (SELECT * FROM timeline.reserve(1, NULL), off)
      SELECT current_setting('synchronous_commit') AS setting FROM written`);
    expect(rows).toEqual([{ setting: 'on' }]);
  });

  it('gives concurrent appends to one stream distinct revisions (each retries after losing a race)', async () => {
    const store = open();
    const stream = `race-any-${randomUUID()}`;
    const racing = await Promise.all(Array.from({ length: 8 }, () => store.append(stream, [event()], 'any')));
    expect(racing.map((a) => a.revision).sort()).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  });

  it('wakes a subscriber in another instance by NOTIFY, and again after the server dropped every connection', async () => {
    // Polling only once a minute: within the test's time, only a notification delivers.
    const reader = open({ pollMs: 60_000 });
    const writer = open();
    const live = follow(reader, await reader.head());
    await writer.append(`notify-${randomUUID()}`, [event()], 'no_stream');
    await live.until(1);
    await database.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity
      WHERE datname = current_database() AND pid <> pg_backend_pid()`);
    for (let tries = 0; ; tries++) {
      try {
        await writer.append(`notify-${randomUUID()}`, [event()], 'no_stream');
        break;
      } catch (error) {
        expect(error).toBeInstanceOf(StoreUnavailableError);
        if (tries > 50) throw error;
      }
    }
    await live.until(2);
    await live.close();
  });

  it('reports an unreachable server as unavailable', async () => {
    const unreachable = new PostgresEventStore('postgres://postgres@127.0.0.1:1/none', { timeoutMs: 1000 });
    stores.push(unreachable);
    await expect(unreachable.check()).rejects.toBeInstanceOf(StoreUnavailableError);
    await expect(unreachable.append('s', [event()], 'any')).rejects.toBeInstanceOf(StoreUnavailableError);
  });
});
