import { randomUUID } from 'node:crypto';
import pg from 'pg';
import type { StoredEvent } from '../../src/store/event-store.js';
import { CHANNEL } from '../../src/store/postgres/live-wakeup.js';
import { PostgresEventStore } from '../../src/store/postgres/postgres-event-store.js';
import { insertRows } from '../../src/store/postgres/statements.js';
import { createTestDatabase, describeWithPostgres, type TestDatabase } from '../support/postgres.js';

const describePostgres = await describeWithPostgres();

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until(condition: () => boolean, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await sleep(10);
  }
}

/** A reader that follows the log the obvious way: by position, after the last position it saw. */
class NaiveReader {
  readonly seen: string[] = [];
  private stopped = false;
  private readonly done: Promise<void>;

  constructor(database: TestDatabase) {
    this.done = (async () => {
      let last = '0';
      while (!this.stopped) {
        const { rows } = await database
          .query<{ id: string; position: string }>(
            'SELECT id, position FROM timeline.events WHERE position > $1 ORDER BY position',
            [last],
          )
          .catch((error: unknown) => {
            if (this.stopped) return { rows: [] };
            throw error;
          });
        for (const row of rows) {
          this.seen.push(row.id);
          last = row.position;
        }
        await sleep(5);
      }
    })();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.done;
  }
}

/** Readers still running when a test fails, stopped before the database goes. */
const readers = new Set<NaiveReader>();
function naiveReader(database: TestDatabase): NaiveReader {
  const reader = new NaiveReader(database);
  readers.add(reader);
  return reader;
}

interface OpenTransaction {
  ids: string[];
  positions: string[];
  end(commit: boolean): Promise<void>;
}

describePostgres('subscriptions on PostgreSQL with concurrent writers', () => {
  let database: TestDatabase;
  let store: PostgresEventStore;
  let writers: pg.Pool;
  /** Transactions a failed test left open, rolled back so that the pool can close. */
  const open = new Set<pg.PoolClient>();

  beforeAll(async () => {
    database = await createTestDatabase();
    store = new PostgresEventStore(database.url);
    await store.check();
    writers = new pg.Pool({ connectionString: database.url, max: 6 });
    // A connection ended by the server (the database dropped at the end) is not a test failure.
    writers.on('error', () => undefined);
  });
  afterAll(async () => {
    for (const reader of readers) await reader.stop();
    for (const client of open) {
      await client.query('ROLLBACK').catch(() => undefined);
      client.release();
    }
    await writers?.end();
    await store?.close();
    await database?.drop();
  });

  /**
   * A writer's transaction, held open: the adapter's own insert statement between BEGIN and COMMIT,
   * so it holds positions lower than those of transactions that start after it.
   */
  async function openTransaction(events: number): Promise<OpenTransaction> {
    const client = await writers.connect();
    open.add(client);
    const stream = `gap-${randomUUID()}`;
    const rows = Array.from({ length: events }, (_, revision) => ({
      id: randomUUID(),
      stream,
      revision,
      type: 'Written',
      data: { revision },
      metadata: {},
    }));
    await client.query('BEGIN');
    const {
      rows: [reserved],
    } = await client.query<{ first_position: string }>(insertRows(rows));
    const first = BigInt(reserved!.first_position);
    return {
      ids: rows.map((r) => r.id),
      positions: rows.map((_, i) => String(first + BigInt(i))),
      async end(commit) {
        await client.query(commit ? 'COMMIT' : 'ROLLBACK');
        if (commit) await client.query('SELECT pg_notify($1, $2)', [CHANNEL, 'test-writer']);
        open.delete(client);
        client.release();
      },
    };
  }

  it('delivers every event exactly once, in order, where a reader by position skips one that commits late', async () => {
    const start = await store.head();
    const subscription = store.subscribe({ after: start });
    const delivered: StoredEvent[] = [];
    const following = (async () => {
      for await (const event of subscription) delivered.push(event);
    })();
    const naive = naiveReader(database);

    // The decisive case, made certain: a transaction holding a lower position stays open while a
    // later one commits, and commits only once the naive reader has read past it.
    const low = await openTransaction(1);
    const highId = randomUUID();
    const high = await store.append(`gap-${randomUUID()}`, [{ id: highId, type: 'Written', data: {} }], 'no_stream');
    expect(store.comparePositions(low.positions[0]!, high.position)).toBeLessThan(0);
    await until(() => naive.seen.includes(highId), 'the naive reader has read the later event');
    // Neither the head nor a read goes past the transaction that is still running.
    expect(store.comparePositions((await store.head()) ?? '0', low.positions[0]!)).toBeLessThan(0);
    expect((await store.readAll({ after: start })).map((e) => e.position)).not.toContain(high.position);
    await low.end(true);

    // Then many writers at once: transactions held open for random short times, some rolled back.
    const random = mulberry32(13);
    const rawWriters = Array.from({ length: 5 }, async () => {
      for (let n = 0; n < 20; n++) {
        const transaction = await openTransaction(1 + Math.floor(random() * 3));
        await sleep(random() * 15);
        await transaction.end(random() > 0.15);
      }
    });
    const adapterWriters = Array.from({ length: 2 }, async () => {
      for (let n = 0; n < 20; n++) {
        await store.append(`gap-${randomUUID()}`, [{ id: randomUUID(), type: 'Written', data: { n } }], 'no_stream');
      }
    });
    await Promise.all([...rawWriters, ...adapterWriters]);

    const { rows } = await database.query<{ id: string; position: string }>(
      'SELECT id, position FROM timeline.events WHERE position > $1 ORDER BY position',
      [start ?? '0'],
    );
    const committed = rows.map((r) => r.id);
    // Generous, and on a timeout the comparison below shows what is missing.
    await until(() => delivered.length >= committed.length, 'the subscriber has every event', 20_000).catch(
      () => undefined,
    );
    await sleep(100);
    subscription.close();
    await following;
    await naive.stop();

    expect(delivered.map((e) => e.id)).toEqual(committed);
    expect(delivered.map((e) => e.position)).toEqual(rows.map((r) => r.position));
    expect(naive.seen).not.toContain(low.ids[0]);
    expect(naive.seen.length).toBeLessThan(committed.length);
  }, 60_000);
});

/** A small seeded generator, so a failing run can be replayed. */
function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
