import { randomUUID } from 'node:crypto';
import { Agent, request } from 'node:http';
import { parentPort, workerData } from 'node:worker_threads';

/** The requests that froze the service once, each run from its own thread while `/health` is timed. */
export type FreezingLoadKind = 'watches-with-writes' | 'no-match-searches' | 'mixed-heavy-reads' | 'csv-export';

export interface FreezingLoadRequest {
  kind: FreezingLoadKind;
  baseUrl: string;
  apiKey: string;
  durationMs: number;
}

export interface FreezingLoadResult {
  /** Answers by status code. */
  statuses: Record<string, number>;
  /** Writes answered while the watches were open, and their latency. */
  writes?: number;
  writeP99Ms?: number;
  writeMaxMs?: number;
  /** Change messages the watches received. */
  changes?: number;
  /** Bytes and lines of the whole-log CSV export, and how long it took. */
  exportBytes?: number;
  exportLines?: number;
  exportMs?: number;
}

const { kind, baseUrl, apiKey, durationMs } = workerData as FreezingLoadRequest;
const agent = new Agent({ keepAlive: true, maxSockets: 700 });
const statuses: Record<string, number> = {};

function call(method: string, path: string, body?: unknown): Promise<number> {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const req = request(
      `${baseUrl}${path}`,
      {
        method,
        agent,
        headers: {
          authorization: `Bearer ${apiKey}`,
          ...(payload ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } : {}),
        },
      },
      (res) => {
        res.resume();
        res.on('end', () => {
          const status = String(res.statusCode);
          statuses[status] = (statuses[status] ?? 0) + 1;
          resolve(res.statusCode ?? 0);
        });
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

/** Opens an SSE stream and counts its `change` messages until `signal` aborts. */
function watch(path: string, signal: AbortSignal, onChange: () => void): Promise<void> {
  return new Promise((resolve) => {
    const req = request(`${baseUrl}${path}`, { agent: new Agent({ keepAlive: false }) }, (res) => {
      const status = String(res.statusCode);
      statuses[status] = (statuses[status] ?? 0) + 1;
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        for (const _ of chunk.matchAll(/^event: change$/gm)) onChange();
      });
      res.on('close', () => resolve());
      resolve();
    });
    req.on('error', () => resolve());
    signal.addEventListener('abort', () => req.destroy());
    req.end();
  });
}

const facility = (n: number) => ({
  id: randomUUID(),
  type: 'FacilityOpened',
  date: `20${10 + (n % 15)}-0${1 + (n % 9)}`,
  summary: `Bench plant ${n} opens`,
  subjects: ['org:bench-owner', 'country:HU'],
  sources: [{ title: 'Bench', url: 'https://example.org/bench', quote: 'it opened' }],
  data: { facilityId: `bench-plant-${n}`, owner: 'org:bench-owner', kind: 'plant', country: 'HU' },
});

async function watchesWithWrites(): Promise<FreezingLoadResult> {
  await call('POST', '/entities', {
    entityId: 'org:bench-owner',
    kind: 'organisation',
    name: 'Bench owner',
    homeCountry: 'CN',
  });
  const stop = new AbortController();
  let changes = 0;
  // 100 distinct queries (one asOf each): every write changes some answers, and each query is read again.
  await Promise.all(
    Array.from({ length: 100 }, (_, i) =>
      watch(
        `/state/facilities/watch?country=HU&asOf=${2010 + (i % 15)}-12-${String(1 + Math.floor(i / 15)).padStart(2, '0')}`,
        stop.signal,
        () => {
          changes++;
        },
      ),
    ),
  );
  const latencies: number[] = [];
  const end = performance.now() + durationMs;
  for (let n = 0; performance.now() < end; n++) {
    const started = performance.now();
    await call('POST', '/developments', facility(n));
    latencies.push(performance.now() - started);
  }
  stop.abort();
  latencies.sort((a, b) => a - b);
  return {
    statuses,
    writes: latencies.length,
    writeP99Ms: latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * 0.99))],
    writeMaxMs: latencies.at(-1),
    changes,
  };
}

async function noMatchSearches(): Promise<FreezingLoadResult> {
  const end = performance.now() + durationMs;
  await Promise.all(
    Array.from({ length: 10 }, async (_, i) => {
      while (performance.now() < end)
        await call('GET', i % 2 ? `/feed.atom?q=no-such-words-${i}` : `/timeline?q=no-such-words-${i}&limit=500`);
    }),
  );
  return { statuses };
}

const HEAVY_READS = [
  '/timeline?limit=500',
  '/timeline?q=no-such-words&limit=500',
  '/feed.atom?limit=200',
  '/feed.atom?q=no-such-words',
  '/state/facilities?asOf=2025-12-31&limit=500',
  '/state/footprint?asOf=2025-12-31',
  '/expectations?asOf=2026-06-30',
  '/state/facilities/series?from=2010-01-01&to=2025-12-31',
  '/timeline?limit=500&from=2020-01-01',
  '/replay?subject=org:bench-owner',
];

async function mixedHeavyReads(): Promise<FreezingLoadResult> {
  await Promise.all(Array.from({ length: 600 }, (_, i) => call('GET', HEAVY_READS[i % HEAVY_READS.length]!)));
  return { statuses };
}

/** The whole log as CSV (`/timeline?format=csv`, no filter: every development), read as fast as it comes. */
function csvExport(): Promise<FreezingLoadResult> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = request(`${baseUrl}/timeline?format=csv`, { agent }, (res) => {
      const status = String(res.statusCode);
      statuses[status] = (statuses[status] ?? 0) + 1;
      let bytes = 0;
      let lines = 0;
      res.on('data', (chunk: Buffer) => {
        bytes += chunk.length;
        for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) lines++;
      });
      res.on('end', () =>
        resolve({ statuses, exportBytes: bytes, exportLines: lines, exportMs: performance.now() - started }),
      );
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

const run = {
  'watches-with-writes': watchesWithWrites,
  'no-match-searches': noMatchSearches,
  'mixed-heavy-reads': mixedHeavyReads,
  'csv-export': csvExport,
};
try {
  parentPort!.postMessage(await run[kind]());
} finally {
  agent.destroy();
}
