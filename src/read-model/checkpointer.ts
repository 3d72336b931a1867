import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/** How often the checkpointer copies what the write-ahead log holds into the file. */
const CHECKPOINT_EVERY_MS = 20;
/** How long it waits at most while nothing is written. */
const IDLE_MS = 500;
/** How long closing waits for the checkpointer's connection to close (a checkpoint may be under way). */
const CLOSE_WAIT_MS = 10_000;
/** The checkpointer's state, shared with its thread: starting, its connection open, closed (or never opened). */
const OPEN = 0;
const OPENED = 1;
const CLOSED = 2;

/**
 * The checkpointer's own code: a connection of its own to the read model's file that, every
 * `everyMs` while the service writes (less often, up to `idleMs`, while it does not), copies the
 * committed pages of the write-ahead log into the file (a PASSIVE checkpoint: it waits for no
 * reader or writer), syncing the log before and the file after (`synchronous = NORMAL`: what the
 * log held is on disk before the log is reused) unless the service's writes skip the syncs. Plain
 * JavaScript, run as a script: the same code under the tests' TypeScript and in the built service.
 */
const SCRIPT = `
const { parentPort, workerData } = require('node:worker_threads');
const { state, file, driver, everyMs, idleMs } = workerData;
function closed() {
  Atomics.store(state, 0, ${CLOSED});
  Atomics.notify(state, 0);
  parentPort.close();
}
// The service's writes skip the syncs (0) or not (1): its checkpoints do as they do, set before each.
let synced;
function follow() {
  const now = Atomics.load(state, 1);
  if (now !== synced) db.pragma(now === 1 ? 'synchronous = NORMAL' : 'synchronous = OFF');
  synced = now;
}
let db;
function run() {
  // Opened only if the service has not closed the read model meanwhile.
  if (Atomics.compareExchange(state, 0, ${OPEN}, ${OPENED}) !== ${OPEN}) return parentPort.close();
  try {
    const Database = require(driver);
    db = new Database(file, { fileMustExist: true });
    db.pragma('busy_timeout = 0');
    db.pragma('cache_size = -2048');
    follow();
  } catch (error) {
    parentPort.postMessage({ error: String(error && error.message) });
    if (db) db.close();
    return closed();
  }
  const checkpoint = db.prepare('PRAGMA wal_checkpoint(PASSIVE)');
  let failures = 0;
  let frames = -1;
  let wait = everyMs;
  let timer;
  const tick = () => {
    try {
      follow();
      const [{ log }] = checkpoint.all();
      failures = 0;
      // Nothing written since the last look: look again later and later, up to idleMs.
      wait = log === frames ? Math.min(idleMs, wait * 2) : everyMs;
      frames = log;
    } catch (error) {
      // Busy (a checkpoint the service asked for runs) or gone: tried again at the next tick.
      failures += 1;
      if (failures === 1) parentPort.postMessage({ error: String(error && error.message) });
    }
    timer = setTimeout(tick, wait);
  };
  timer = setTimeout(tick, wait);
  parentPort.on('message', (message) => {
    // Between two checkpoints: none is under way.
    if (message === 'synced') {
      follow();
      parentPort.postMessage({ synced: true });
    } else if (message === 'close') {
      clearTimeout(timer);
      try {
        db.close();
      } finally {
        closed();
      }
    }
  });
}
run();
`;

/**
 * Checkpoints a WAL database from a thread of its own. SQLite checkpoints at a commit once the log
 * holds 1,000 pages: the commit then copies them into the file and, with `synchronous = NORMAL`,
 * syncs the log and the file, on the thread that committed: one commit in a few took 20-40 ms more,
 * on the event loop. The connection that writes sets `wal_autocheckpoint = 0`; this one copies the
 * log into the file while it goes on writing, every CHECKPOINT_EVERY_MS while it does (a checkpoint
 * a second held the writer's commits longer: the sync of a larger file). Making the footprint's
 * counts again on a million developments, on a read model that syncs: 17.7 s, 155 of 672 slices over
 * 40 ms, the longest 272 ms, with SQLite's checkpoints; 10.2-12.5 s, 11-42 of about 400-480 slices
 * over 40 ms, the longest 71 ms, with this thread.
 */
export class Checkpointer {
  private readonly worker: Worker;
  /** [its state, whether its checkpoints sync (1) or not (0)], shared with its thread. */
  private readonly state = new Int32Array(new SharedArrayBuffer(8));
  private closed = false;

  constructor(file: string, onError?: (message: string) => void) {
    Atomics.store(this.state, 1, 1);
    const driver = createRequire(import.meta.url).resolve('better-sqlite3');
    this.worker = new Worker(SCRIPT, {
      eval: true,
      workerData: { state: this.state, file, driver, everyMs: CHECKPOINT_EVERY_MS, idleMs: IDLE_MS },
    });
    // It never keeps the process alive: a process that is done exits, and the last connection to
    // close checkpoints what is left.
    this.worker.unref();
    this.worker.on('message', (message: { error?: string; synced?: boolean }) => {
      if (message.error) onError?.(message.error);
      if (message.synced) this.settle();
    });
    this.worker.on('error', (error) => onError?.(error.message));
    this.worker.on('exit', () => this.settle());
  }

  /** Those waiting for the checkpointer to sync again: it does, or it is gone. */
  private waiting: (() => void)[] = [];

  private settle(): void {
    for (const resolve of this.waiting.splice(0)) resolve();
  }

  /**
   * Its checkpoints skip the syncs too, while the service's writes do (a build: the file is derived
   * from the log and built again if an OS crash damaged it).
   */
  skipSyncs(): void {
    Atomics.store(this.state, 1, 0);
  }

  /**
   * Its checkpoints sync again: resolves once none that skipped them can be under way, so that the
   * caller may then flush the file and the log and trust what is on the disk.
   */
  syncAgain(): Promise<void> {
    Atomics.store(this.state, 1, 1);
    // A thread that has not opened its connection reads it as it does; one that has closed it is done.
    if (this.closed || Atomics.load(this.state, 0) !== OPENED) return Promise.resolve();
    return new Promise((resolve) => {
      this.waiting.push(resolve);
      this.worker.postMessage('synced');
    });
  }

  /**
   * Stops checkpointing and closes the thread's connection, before the service closes its own: the
   * last connection to close copies what is left into the file and removes the log, and a file
   * closed cleanly must be left as the service's close leaves it. A thread that has not opened its
   * connection yet never will.
   */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    if (Atomics.compareExchange(this.state, 0, OPEN, CLOSED) === OPEN) return;
    this.worker.postMessage('close');
    Atomics.wait(this.state, 0, OPENED, CLOSE_WAIT_MS);
  }
}
