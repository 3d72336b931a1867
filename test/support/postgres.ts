import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** The server the PostgreSQL tests use; each test file makes a database of its own on it. */
export const POSTGRES_ADMIN_URL = process.env.TIMELINE_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** Why the PostgreSQL tests cannot run here, or undefined when the server answers. */
export async function postgresUnavailable(): Promise<string | undefined> {
  const client = new pg.Client({ connectionString: POSTGRES_ADMIN_URL, connectionTimeoutMillis: 3000 });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query('SELECT 1');
    return undefined;
  } catch (error) {
    return (
      `no PostgreSQL server answers at ${POSTGRES_ADMIN_URL} (${(error as Error).message}); ` +
      'start one, or point TIMELINE_TEST_POSTGRES_URL at one'
    );
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** `describe`, or `describe.skip` with the reason printed when no server answers. */
export async function describeWithPostgres(): Promise<jest.Describe> {
  const reason = await postgresUnavailable();
  if (reason === undefined) return describe;
  console.warn(`PostgreSQL tests skipped: ${reason}`);
  return describe.skip;
}

export interface TestDatabase {
  url: string;
  /** A connection to it, for the checks a test makes beside the service. */
  query<R extends pg.QueryResultRow>(text: string, values?: unknown[]): Promise<pg.QueryResult<R>>;
  drop(): Promise<void>;
}

/** A fresh, empty database named timeline_test_<random>; `drop` removes it (closing what still uses it). */
export async function createTestDatabase(): Promise<TestDatabase> {
  const name = `timeline_test_${randomBytes(6).toString('hex')}`;
  await admin(`CREATE DATABASE ${name}`);
  const url = new URL(POSTGRES_ADMIN_URL);
  url.pathname = `/${name}`;
  const pool = new pg.Pool({ connectionString: url.toString(), max: 4 });
  pool.on('error', () => undefined);
  return {
    url: url.toString(),
    query: (text, values) => pool.query(text, values),
    async drop() {
      await pool.end();
      await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    },
  };
}

async function admin(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
  client.on('error', () => undefined);
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
