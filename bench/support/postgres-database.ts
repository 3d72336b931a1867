import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** The server benchmarks create their databases on (`BENCH_POSTGRES_URL`; trust auth on the loopback by default). */
export const BENCH_POSTGRES_URL = process.env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** Runs `work` with the URL of a fresh database named timeline_bench_<random>, dropped afterwards. */
export async function withPostgresDatabase<T>(work: (url: string) => Promise<T>): Promise<T> {
  const name = `timeline_bench_${randomBytes(6).toString('hex')}`;
  await admin(`CREATE DATABASE ${name}`);
  const url = new URL(BENCH_POSTGRES_URL);
  url.pathname = `/${name}`;
  try {
    return await work(url.toString());
  } finally {
    await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  }
}

async function admin(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: BENCH_POSTGRES_URL });
  try {
    await client.connect();
    await client.query(sql);
  } catch (error) {
    throw new Error(`PostgreSQL at ${BENCH_POSTGRES_URL} (set BENCH_POSTGRES_URL): ${(error as Error).message}`);
  } finally {
    await client.end().catch(() => undefined);
  }
}
