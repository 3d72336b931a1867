import pg from 'pg';
import { startApp, type RunningApp } from '../support/app.js';
import { entities, meetingHeld } from '../support/fixtures.js';
import { createTestDatabase, describeWithPostgres, type TestDatabase } from '../support/postgres.js';
import { SseClient } from '../support/sse-client.js';

/** Deadlines for what a busy machine does in well under a second: generous, they only stop a stuck test. */
const PATIENCE_MS = 60_000;

async function until<T>(what: string, probe: () => Promise<T | undefined | false>): Promise<T> {
  const deadline = Date.now() + PATIENCE_MS;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const describePostgres = await describeWithPostgres();

describePostgres('PostgreSQL queries cancelled or connections terminated under the service', () => {
  let database: TestDatabase;
  let api: RunningApp;
  let feed: SseClient;

  /** The service's queries waiting for a lock the test holds. */
  const waiting = async () =>
    (
      await database.query<{ pid: number; query: string }>(
        `SELECT pid, query FROM pg_stat_activity
          WHERE datname = current_database() AND application_name = 'timeline' AND wait_event_type = 'Lock'`,
      )
    ).rows;
  const cancel = (pids: number[]) =>
    database.query('SELECT pg_cancel_backend(pid) FROM unnest($1::int[]) AS pid', [pids]);
  const received = (id: string) =>
    feed.waitFor((c) => c.developments.some((d) => d.data.development.id === id), PATIENCE_MS);

  beforeAll(async () => {
    database = await createTestDatabase();
    api = await startApp({ TIMELINE_STORE: 'postgres', DATABASE_URL: database.url, TIMELINE_WRITE_ACK_WAIT_MS: '300' });
    expect((await api.call('POST', '/entities', entities)).status).toBe(201);
    feed = await SseClient.connect(`${api.url}/feed`);
    const first = meetingHeld(0);
    // Stored either way: 202 when the views take longer than the short wait set above (a busy
    // machine); the feed below is what the cases need.
    expect([201, 202]).toContain((await api.call('POST', '/developments', first)).status);
    await received(first.id);
  }, PATIENCE_MS);
  afterAll(async () => {
    feed?.close();
    await api?.close();
    await database?.drop();
  });

  it(
    'a cancelled read: readiness says so, a cancelled write is a 503 with Retry-After, and the live feed goes on',
    async () => {
      const holder = new pg.Client({ connectionString: database.url });
      await holder.connect();
      let released = false;
      const release = async () => {
        if (released) return;
        released = true;
        await holder.query('ROLLBACK');
        await holder.end();
      };
      try {
        await holder.query('BEGIN');
        await holder.query('LOCK TABLE timeline.events IN ACCESS EXCLUSIVE MODE');
        // The read model's and the live feed's subscriptions look for new events, and wait for the lock.
        const readers = await until('the subscriptions to wait for the lock', async () => {
          const rows = await waiting();
          return rows.length >= 2 && rows;
        });
        await cancel(readers.map((r) => r.pid));

        // Asked before the cancelled reads have failed, readiness may first say the locked log's head
        // could not be read in time: wait for it to name the subscription.
        const ready = await until('readiness to report the failing subscription', async () => {
          const answer = await api.call('GET', '/health/ready');
          return answer.status === 503 && /subscription/i.test(JSON.stringify(answer.body)) && answer;
        });
        expect(ready.body).toMatchObject({
          status: 'unavailable',
          checks: { store: { status: 'failed', detail: expect.stringMatching(/subscription.*cancel/i) } },
        });

        const write = api.call('POST', '/developments', meetingHeld(1));
        await until('the write to wait for the lock', async () =>
          (await waiting()).some((r) => /insert/i.test(r.query)),
        );
        // Cancel everything waiting (the subscriptions retry meanwhile): the write among them.
        let answered = false;
        void write.finally(() => {
          answered = true;
        });
        const deadline = Date.now() + PATIENCE_MS;
        while (!answered) {
          if (Date.now() > deadline) throw new Error('timed out waiting for the cancelled write to be answered');
          await cancel((await waiting()).map((r) => r.pid));
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
        const refused = await write;
        expect(refused.status).toBe(503);
        expect(refused.headers.get('retry-after')).toMatch(/^\d+$/);
        expect(refused.body).toMatchObject({ code: 'STORE_UNAVAILABLE' });
        await release();

        const next = meetingHeld(2);
        expect([201, 202]).toContain((await api.call('POST', '/developments', next)).status);
        await received(next.id);
        await until('readiness to recover', async () => (await api.call('GET', '/health/ready')).status === 200);
      } finally {
        await release();
      }
    },
    4 * PATIENCE_MS,
  );

  it(
    'readiness answers while the log is locked, before any query is cancelled: unavailable, within its bound',
    async () => {
      const holder = new pg.Client({ connectionString: database.url });
      await holder.connect();
      try {
        await holder.query('BEGIN');
        await holder.query('LOCK TABLE timeline.events IN ACCESS EXCLUSIVE MODE');
        const started = Date.now();
        const answer = await Promise.race([
          api.call('GET', '/health/ready'),
          new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), 20_000)),
        ]);
        expect({ answered: answer !== undefined, status: answer?.status }).toEqual({ answered: true, status: 503 });
        expect(Date.now() - started).toBeLessThan(20_000);
      } finally {
        await holder.query('ROLLBACK');
        await holder.end();
      }
      await until('readiness to recover', async () => (await api.call('GET', '/health/ready')).status === 200);
    },
    2 * PATIENCE_MS,
  );

  it(
    'terminated connections (the LISTEN one too): the live feed goes on',
    async () => {
      await database.query(
        `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
        WHERE datname = current_database() AND application_name LIKE 'timeline%'`,
      );
      const next = meetingHeld(3);
      // A write that meets a terminated pool connection is a 503 with Retry-After; retried, as a client does, it is stored.
      await until('the write to be stored', async () => {
        const { status } = await api.call('POST', '/developments', next);
        expect([201, 202, 503]).toContain(status);
        return status !== 503;
      });
      await received(next.id);
      expect(feed.developments.map((d) => d.data.development.id)).toHaveLength(3);
    },
    2 * PATIENCE_MS,
  );
});
