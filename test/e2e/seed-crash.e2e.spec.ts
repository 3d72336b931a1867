import Database from 'better-sqlite3';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, SERVER, freePort, startServer, stopServer } from '../support/child.js';
import { tempDir } from '../support/temp-dir.js';

const KEY = 'seed-crash-key-0123456789';
const records = (file: string) => readFileSync(file, 'utf8').split('\n').filter(Boolean).length;
const SEED_DEVELOPMENTS = readdirSync(join(ROOT, 'seed', 'developments')).reduce(
  (n, f) => n + records(join(ROOT, 'seed', 'developments', f)),
  0,
);
const SEED_ENTITIES = records(join(ROOT, 'seed', 'entities.jsonl'));
/** How long a kill point may wait for the seeding process to reach it: generous, for a busy machine. */
const REACH_MS = 120_000;

interface Counts {
  developments: number;
  entities: number;
}

function countStreams(db: Database.Database): Counts {
  const count = (prefix: string) =>
    db
      .prepare<[string], { n: number }>('SELECT count(DISTINCT stream) AS n FROM events WHERE stream LIKE ?')
      .get(`${prefix}%`)!.n;
  return { developments: count('development-'), entities: count('entity-') };
}

/** The service started on `dir` with the seed on, not waited for: the test kills it while it seeds. */
async function spawnSeeding(dir: string): Promise<ChildProcess> {
  const port = await freePort();
  return spawn(process.execPath, [SERVER], {
    env: {
      ...process.env,
      LOG_LEVEL: 'warn',
      TIMELINE_DATA_DIR: dir,
      TIMELINE_API_KEYS: KEY,
      TIMELINE_SEED: 'true',
      PORT: String(port),
      HOST: '127.0.0.1',
    },
    stdio: 'ignore',
  });
}

/**
 * Waits, without yielding to the event loop (the service is another process and keeps running), until
 * `reached` holds for the log, then takes its write lock, so that the service cannot commit its next
 * batch before it is killed. Returns the counts the kill leaves, read under the lock.
 */
function holdLogWhen(file: string, reached: (counts: Counts) => boolean): { counts: Counts; release: () => void } {
  const deadline = Date.now() + REACH_MS;
  const pause = new Int32Array(new SharedArrayBuffer(4));
  let db: Database.Database | undefined;
  for (;;) {
    if (Date.now() > deadline) throw new Error('the seeding service never reached the kill point');
    try {
      db ??= existsSync(file) ? new Database(file, { timeout: 0 }) : undefined;
      // Reading takes no lock a writer waits for: only once the point is reached is the writer held back.
      if (db && reached(countStreams(db))) {
        db.exec('BEGIN IMMEDIATE');
        const held = db;
        return {
          counts: countStreams(held),
          release: () => {
            held.exec('ROLLBACK');
            held.close();
          },
        };
      }
    } catch {
      // The schema is not there yet, or the service holds the write lock right now: look again.
    }
    Atomics.wait(pause, 0, 0, 1);
  }
}

async function killed(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGKILL');
  await exited;
}

/** The kill points: as soon as the log exists, between the entities and the developments, right after both. */
const KILL_POINTS: [string, (counts: Counts) => boolean, (counts: Counts) => void][] = [
  ['as the log is created', () => true, () => undefined],
  [
    'between the entities and the developments',
    (c) => c.entities > 0,
    (c) => expect(c).toEqual({ entities: SEED_ENTITIES, developments: 0 }),
  ],
  ['right after the developments', (c) => c.developments > 0, () => undefined],
];

describe('a crash while the first start imports the seed timeline', () => {
  it.each(KILL_POINTS)(
    'killed %s: the next start completes the seed',
    async (_point, reached, left) => {
      const dir = tempDir('seed-crash');
      try {
        const child = await spawnSeeding(dir.path);
        let hold: { counts: Counts; release: () => void } | undefined;
        try {
          hold = holdLogWhen(join(dir.path, 'events.db'), reached);
          await killed(child);
        } finally {
          hold?.release();
          await killed(child);
        }
        left(hold.counts);

        const server = await startServer({
          TIMELINE_DATA_DIR: dir.path,
          TIMELINE_API_KEYS: KEY,
          TIMELINE_SEED: 'true',
        });
        try {
          const ready = (await (await fetch(`${server.url}/health/ready`)).json()) as { status: string };
          expect(ready.status).toBe('ready');
        } finally {
          await stopServer(server.child);
        }
        const db = new Database(join(dir.path, 'events.db'), { readonly: true });
        try {
          expect(countStreams(db)).toEqual({ developments: SEED_DEVELOPMENTS, entities: SEED_ENTITIES });
        } finally {
          db.close();
        }
      } finally {
        dir.cleanup();
      }
    },
    300_000,
  );
});
