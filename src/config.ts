import { resolve } from 'node:path';
import { parseConfiguredKey } from './auth/roles.js';
import { parseNetwork } from './net/networks.js';
import { DEFAULT_READ_BUDGET_MS } from './views/read/paced.js';

export interface Config {
  port: number;
  host: string;
  /** The address clients reach the service at, for the links it writes (Atom); none: links are relative. */
  publicUrl?: string;
  /** Proxies whose `X-Forwarded-*` headers are believed (addresses or CIDR ranges); none: such headers are ignored. */
  trustedProxies: string[];
  /** Origins whose pages may read the service across origins (CORS); none: CORS is off. */
  corsOrigins: string[];
  dataDir: string;
  store: 'sqlite' | 'kurrentdb' | 'postgres';
  kurrentDbUrl?: string;
  /** PostgreSQL connection string, with `store: 'postgres'`. */
  databaseUrl?: string;
  /** Keys accepted, each `key` (an editor) or `role:key`; empty means a key is generated on first start. */
  apiKeys: string[];
  /** Writes allowed per key per minute. */
  writeRatePerMinute: number;
  /** Requests with a wrong key allowed per client address per minute; past that, every attempt is 429. */
  authFailuresPerMinute: number;
  logLevel: string;
  /** Import the seed timeline when the store is empty. */
  seed: boolean;
  seedDir: string;
  feed: {
    /** Interval of SSE comment lines that keep idle connections open through proxies. */
    heartbeatMs: number;
    /** How long a client may leave the server unable to write before it is sent `overflow` and closed. */
    drainTimeoutMs: number;
    /** Concurrent SSE connections per client address. */
    maxConnectionsPerClient: number;
    /** Concurrent SSE connections from all clients together. */
    maxConnections: number;
    /** Streams catching up from the log at once; the others wait their turn. */
    maxCatchUps: number;
    /** Distinct view queries watched at once: each is read again after every change. */
    maxWatchQueries: number;
  };
  http: {
    /** Time a client has to send a whole request (headers and body). */
    requestTimeoutMs: number;
    /** Time a client has to send the request's headers. */
    headersTimeoutMs: number;
    /** Heavy reads (timeline, views, Atom) answered at once; the others wait their turn. */
    readConcurrency: number;
    /** Heavy reads that may wait for a turn; beyond them a read gets 503 BUSY. */
    readQueue: number;
    /** How long one request's reading of the views may take in all; past it, 503 READ_TOO_LONG. */
    readBudgetMs: number;
  };
  /** `/health/ready` answers 503 while the read model is more events than this behind the log. */
  readyMaxLag: number;
  /** How long a write waits for the read model before it is answered 202 (stored, views catching up). */
  writeAckWaitMs: number;
  webhooks: {
    /** Host names or `host:port` that webhook URLs may point at; `*` allows any. */
    allowedHosts: string[];
    /** Loopback or private addresses (`addr`, `addr/prefix`, optionally `:port`) webhooks may reach. */
    allowedNetworks: string[];
    /** First retry delay of a failed delivery; it doubles per failure up to `retryMaxMs`. */
    retryBaseMs: number;
    retryMaxMs: number;
    /** Consecutive failed attempts after which a webhook is paused. */
    maxFailures: number;
    /** How long a receiver may take to answer one delivery. */
    timeoutMs: number;
    /** Webhooks one key may have: each change is POSTed once per webhook. */
    maxPerKey: number;
  };
}

export class ConfigError extends Error {}

const ALLOWED_HOST =
  /^(\*|[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*(:\d{1,5})?|\[[0-9a-f:.]+\](:\d{1,5})?)$/;

export const POSTGRES_URL = /^postgres(ql)?:\/\//;

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

/** Reads the configuration from the environment; throws a ConfigError naming every bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const problems: string[] = [];
  const port = integer(env, 'PORT', 3000, 0, 65535, problems);
  const store = env.TIMELINE_STORE ?? 'sqlite';
  if (store !== 'sqlite' && store !== 'kurrentdb' && store !== 'postgres') {
    problems.push(`TIMELINE_STORE must be sqlite, kurrentdb or postgres, got "${store}"`);
  }
  if (store === 'kurrentdb' && !env.KURRENTDB_URL)
    problems.push('KURRENTDB_URL is required when TIMELINE_STORE=kurrentdb');
  if (store === 'postgres' && !env.DATABASE_URL) problems.push('DATABASE_URL is required when TIMELINE_STORE=postgres');
  if (store === 'postgres' && env.DATABASE_URL && !POSTGRES_URL.test(env.DATABASE_URL)) {
    problems.push('DATABASE_URL must be a postgres:// or postgresql:// connection string');
  }
  const logLevel = env.LOG_LEVEL ?? 'info';
  if (!LOG_LEVELS.includes(logLevel))
    problems.push(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, got "${logLevel}"`);
  const seed = env.TIMELINE_SEED ?? 'true';
  if (seed !== 'true' && seed !== 'false') problems.push(`TIMELINE_SEED must be true or false, got "${seed}"`);
  const apiKeys = (env.TIMELINE_API_KEYS ?? '')
    .split(',')
    .map((k) => k.trim())
    .filter(Boolean);
  for (const key of apiKeys)
    if (parseConfiguredKey(key).key.length < 16)
      problems.push('TIMELINE_API_KEYS: every key needs at least 16 characters');
  const writeRatePerMinute = integer(env, 'TIMELINE_WRITE_RATE', 600, 1, 1_000_000, problems);
  const authFailuresPerMinute = integer(env, 'TIMELINE_AUTH_FAILURE_RATE', 20, 1, 1_000_000, problems);
  const feed = {
    heartbeatMs: integer(env, 'TIMELINE_FEED_HEARTBEAT_MS', 15_000, 100, 3_600_000, problems),
    drainTimeoutMs: integer(env, 'TIMELINE_FEED_DRAIN_TIMEOUT_MS', 10_000, 10, 600_000, problems),
    maxConnectionsPerClient: integer(env, 'TIMELINE_FEED_MAX_CONNECTIONS', 100, 1, 100_000, problems),
    maxConnections: integer(env, 'TIMELINE_FEED_MAX_STREAMS', 5000, 1, 1_000_000, problems),
    maxCatchUps: integer(env, 'TIMELINE_FEED_MAX_CATCHUPS', 2, 1, 1000, problems),
    maxWatchQueries: integer(env, 'TIMELINE_WATCH_MAX_QUERIES', 100, 1, 100_000, problems),
  };
  const http = {
    requestTimeoutMs: integer(env, 'TIMELINE_REQUEST_TIMEOUT_MS', 30_000, 100, 3_600_000, problems),
    headersTimeoutMs: integer(env, 'TIMELINE_HEADERS_TIMEOUT_MS', 10_000, 100, 3_600_000, problems),
    readConcurrency: integer(env, 'TIMELINE_READ_CONCURRENCY', 2, 1, 1000, problems),
    readQueue: integer(env, 'TIMELINE_READ_QUEUE', 200, 0, 100_000, problems),
    readBudgetMs: integer(env, 'TIMELINE_READ_BUDGET_MS', DEFAULT_READ_BUDGET_MS, 1, 3_600_000, problems),
  };
  const readyMaxLag = integer(env, 'TIMELINE_READY_MAX_LAG', 1000, 0, 1_000_000_000, problems);
  const writeAckWaitMs = integer(env, 'TIMELINE_WRITE_ACK_WAIT_MS', 5000, 0, 600_000, problems);
  const webhooks = {
    allowedHosts: allowedHosts(env, problems),
    allowedNetworks: allowedNetworks(env, problems),
    retryBaseMs: integer(env, 'TIMELINE_WEBHOOK_RETRY_BASE_MS', 1000, 1, 3_600_000, problems),
    retryMaxMs: integer(env, 'TIMELINE_WEBHOOK_RETRY_MAX_MS', 300_000, 1, 86_400_000, problems),
    maxFailures: integer(env, 'TIMELINE_WEBHOOK_MAX_FAILURES', 10, 1, 1000, problems),
    timeoutMs: integer(env, 'TIMELINE_WEBHOOK_TIMEOUT_MS', 10_000, 100, 600_000, problems),
    maxPerKey: integer(env, 'TIMELINE_WEBHOOKS_PER_KEY', 25, 1, 100_000, problems),
  };
  const publicUrl = publicUrlOf(env, problems);
  const trustedProxies = trustedProxiesOf(env, problems);
  const corsOrigins = corsOriginsOf(env, problems);
  if (problems.length > 0) throw new ConfigError(`invalid configuration:\n  - ${problems.join('\n  - ')}`);
  return {
    port,
    host: env.HOST ?? '0.0.0.0',
    publicUrl,
    trustedProxies,
    corsOrigins,
    dataDir: resolve(env.TIMELINE_DATA_DIR ?? './data'),
    store: store as Config['store'],
    kurrentDbUrl: env.KURRENTDB_URL,
    databaseUrl: env.DATABASE_URL,
    apiKeys: [...new Set(apiKeys)],
    writeRatePerMinute,
    authFailuresPerMinute,
    logLevel,
    seed: seed === 'true',
    feed,
    http,
    readyMaxLag,
    writeAckWaitMs,
    webhooks,
    seedDir: resolve(env.TIMELINE_SEED_DIR ?? new URL('../../seed', import.meta.url).pathname),
  };
}

function integer(
  env: NodeJS.ProcessEnv,
  name: string,
  fallback: number,
  min: number,
  max: number,
  problems: string[],
): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    problems.push(`${name} must be an integer from ${min} to ${max}, got "${raw}"`);
    return fallback;
  }
  return value;
}

function publicUrlOf(env: NodeJS.ProcessEnv, problems: string[]): string | undefined {
  const raw = env.TIMELINE_PUBLIC_URL?.trim();
  if (!raw) return undefined;
  const url = URL.canParse(raw) ? new URL(raw) : undefined;
  if (!url || !/^https?:$/.test(url.protocol) || url.search || url.hash || url.username) {
    problems.push(`TIMELINE_PUBLIC_URL must be an http(s) URL without query, fragment or credentials, got "${raw}"`);
    return undefined;
  }
  return url.href.replace(/\/+$/, '');
}

/** Addresses or ranges as the webhook networks are written (`10.0.0.1`, `10.0.0.0/8`, `[::1]`), without ports. */
function trustedProxiesOf(env: NodeJS.ProcessEnv, problems: string[]): string[] {
  const entries = list(env.TIMELINE_TRUST_PROXY);
  for (const entry of entries) {
    const network = parseNetwork(entry);
    if (!network || network.port !== undefined)
      problems.push(`TIMELINE_TRUST_PROXY: "${entry}" is not an address or address/prefix (IPv6 in brackets)`);
  }
  return entries;
}

function corsOriginsOf(env: NodeJS.ProcessEnv, problems: string[]): string[] {
  const entries = list(env.TIMELINE_CORS_ORIGINS);
  for (const entry of entries) {
    const url = entry === '*' ? undefined : URL.canParse(entry) ? new URL(entry) : undefined;
    if (entry !== '*' && (!url || url.origin !== entry))
      problems.push(`TIMELINE_CORS_ORIGINS: "${entry}" is not an origin (scheme://host[:port], no path) or *`);
  }
  return entries;
}

function list(raw: string | undefined): string[] {
  return [
    ...new Set(
      (raw ?? '')
        .split(',')
        .map((e) => e.trim())
        .filter(Boolean),
    ),
  ];
}

function allowedHosts(env: NodeJS.ProcessEnv, problems: string[]): string[] {
  const raw = env.TIMELINE_WEBHOOK_ALLOWED_HOSTS;
  if (raw === undefined || raw.trim() === '') return ['*'];
  const hosts = raw
    .split(',')
    .map((h) => h.trim().toLowerCase())
    .filter(Boolean);
  for (const host of hosts) {
    if (!ALLOWED_HOST.test(host))
      problems.push(`TIMELINE_WEBHOOK_ALLOWED_HOSTS: "${host}" is not a host name, host:port or *`);
  }
  return [...new Set(hosts)];
}

function allowedNetworks(env: NodeJS.ProcessEnv, problems: string[]): string[] {
  const entries = (env.TIMELINE_WEBHOOK_ALLOWED_NETWORKS ?? '')
    .split(',')
    .map((n) => n.trim().toLowerCase())
    .filter(Boolean);
  for (const entry of entries) {
    if (!parseNetwork(entry)) {
      problems.push(
        `TIMELINE_WEBHOOK_ALLOWED_NETWORKS: "${entry}" is not an address, address/prefix, or either with :port`,
      );
    }
  }
  return [...new Set(entries)];
}
