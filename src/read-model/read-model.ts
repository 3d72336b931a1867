import type Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Logger } from 'pino';
import { delay, retryDelay } from '../retry-delay.js';
import type { EventStore, Position, StoredEvent, Subscription } from '../store/event-store.js';
import { Checkpointer } from './checkpointer.js';
import { damageSeen } from './damage.js';
import { markClosedCleanly, openReadModelFile, SCHEMA_VERSION, type SetAsideFile } from './open-file.js';
import { READ_MODEL_SCHEMA, tuneSearchMerges } from './schema.js';

/** A part of the read model that derives its rows from events, inside the caller's transaction. */
export interface ReadModelConsumer {
  apply(event: StoredEvent): void;
  /** Called inside the batch's transaction before its first event. */
  beforeBatch?(): void;
  /**
   * How the part is doing, when it can be degraded without stopping the rest (e.g. views that had
   * to set developments aside). Readiness reports every part; `failed` makes the service unready.
   */
  health?(): PartHealth;
}

export interface PartHealth {
  name: string;
  status: 'ok' | 'degraded' | 'failed';
  detail?: string;
  /** What the part had to set aside, for an operator to look at. */
  items?: unknown[];
}

/** The read model could not apply events; it keeps them and retries. */
export interface ReadModelFault {
  message: string;
  code?: string;
  since: string;
  attempts: number;
}

export interface ReadModelHealth {
  /** `failing`: the last attempt to apply events failed; the read model retries until it succeeds. */
  status: 'ok' | 'failing';
  checkpoint: Position | null;
  fault?: ReadModelFault;
  /** A damaged file moved aside at start; this read model was built anew from the log. */
  setAside?: SetAsideFile;
  parts: PartHealth[];
}

const CHECKPOINT = 'all';
const BATCH = 1000;
/**
 * How long one transaction applies events. Its commit and the reading of the next page of the log
 * come on top: catching up on 100,000 developments, turns stayed within about 40 ms with 15 (with 25,
 * 45-95 ms were seen). On a million, commits alone reach 30-60 ms now and then, and three alternating
 * pairs of whole catch-ups showed no consistent cost to the shorter slice.
 */
const SLICE_MS = 15;
/** Events read ahead of what is applied; while applying fails, the read model stops reading there. */
const READ_AHEAD = 5 * BATCH;
const RETRY_BASE_MS = 100;
const RETRY_MAX_MS = 5000;

/**
 * The local SQLite read model, fed by a catch-up subscription. Each batch of events is applied
 * in one transaction together with the checkpoint, so a restart resumes exactly where it stopped.
 * A batch that cannot be applied (the file locked by another process, the disk full) is kept and
 * retried with backoff until it goes through; nothing is skipped and nothing needs a restart.
 */
export class ReadModel {
  readonly db: Database.Database;
  /** The damaged file this read model replaced at start, if it did. */
  readonly setAside: SetAsideFile | undefined;
  private readonly consumers: ReadModelConsumer[] = [];
  private subscription: Subscription | undefined;
  private running: Promise<void> | undefined;
  private stopping = false;
  private stopped = new AbortController();
  private position: Position | undefined;
  /** The last position read from the log (applied or still in `buffer`). */
  private readTo: Position | undefined;
  private buffer: StoredEvent[] = [];
  private flushScheduled = false;
  private retryTimer: NodeJS.Timeout | undefined;
  private drainWaiters: (() => void)[] = [];
  private waiters: {
    position: Position;
    resolve: () => void;
    reject: (error: Error) => void;
    /** A write waiting to answer whether the views show it: let go when the service stops. */
    answering?: boolean;
  }[] = [];
  private readonly appliedListeners = new Set<(position: Position) => void>();
  private fault: ReadModelFault | undefined;
  private readonly checkpointer: Checkpointer | undefined;
  private lettingGo = false;
  /** Whether every page of the file was checked when it was opened (it was not closed cleanly, or changed since). */
  readonly checkedAtOpen: boolean;
  private readonly saveCheckpoint: Database.Statement;

  constructor(
    readonly file: string,
    private readonly store: EventStore,
    private readonly log?: Logger,
  ) {
    mkdirSync(dirname(file), { recursive: true });
    ({ db: this.db, setAside: this.setAside, checked: this.checkedAtOpen } = openReadModelFile(file, log));
    this.db.pragma('journal_mode = WAL');
    // The read model is rebuilt from the log after a crash if need be: NORMAL is enough here.
    this.db.pragma('synchronous = NORMAL');
    // Waiting on a lock blocks the whole process: wait briefly, then retry later without blocking.
    this.db.pragma('busy_timeout = 200');
    this.db.pragma('cache_size = -65536');
    this.db.exec(READ_MODEL_SCHEMA);
    tuneSearchMerges(this.db);
    // Written only when it changes: a start on a full disk then needs no write here.
    if (this.db.pragma('user_version', { simple: true }) !== SCHEMA_VERSION)
      this.db.pragma(`user_version = ${SCHEMA_VERSION}`);
    this.saveCheckpoint = this.db.prepare(
      'INSERT INTO checkpoint (name, position) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET position = excluded.position',
    );
    this.position = this.readCheckpoint();
    this.readTo = this.position;
    // The log is copied into the file by a thread of its own, not by the commit that fills it.
    if (!this.db.memory) {
      this.db.pragma('wal_autocheckpoint = 0');
      this.checkpointer = new Checkpointer(this.db.name, (message) =>
        this.log?.warn({ message }, 'the read model could not be checkpointed; trying again'),
      );
    }
  }

  private readCheckpoint(): Position | undefined {
    return this.db
      .prepare<[string], { position: string }>('SELECT position FROM checkpoint WHERE name = ?')
      .get(CHECKPOINT)?.position;
  }

  /** Calls `listener` after each batch of events is committed; returns the function that stops it. */
  onApplied(listener: (position: Position) => void): () => void {
    this.appliedListeners.add(listener);
    return () => this.appliedListeners.delete(listener);
  }

  register(consumer: ReadModelConsumer): void {
    this.consumers.push(consumer);
  }

  get checkpoint(): Position | undefined {
    return this.position;
  }

  /** The checkpoint, every part's health, and the fault that keeps the read model from applying events, if any. */
  health(): ReadModelHealth {
    const parts = this.consumers.flatMap((c) => (c.health ? [c.health()] : []));
    return {
      status: this.fault ? 'failing' : 'ok',
      checkpoint: this.position ?? null,
      ...(this.fault ? { fault: this.fault } : {}),
      ...(this.setAside ? { setAside: this.setAside } : {}),
      parts,
    };
  }

  /** Follows the log; a subscription that fails is opened again after the last event read. */
  start(): void {
    if (this.running) return;
    this.stopping = false;
    this.stopped = new AbortController();
    this.running = (async () => {
      for (let failures = 1; !this.stopping; failures++) {
        this.subscription = this.store.subscribe({ after: this.readTo });
        try {
          for await (const event of this.subscription) {
            failures = 1;
            await this.enqueue(event);
          }
        } catch (error) {
          this.noteFault(error, 'read model lost its subscription to the log; following it again');
        }
        await delay(retryDelay(failures, RETRY_BASE_MS, RETRY_MAX_MS), this.stopped.signal);
      }
    })();
  }

  /** Resolves once every event up to `position` is reflected in the read model. */
  waitFor(position: Position, timeoutMs = 10_000, answering = false): Promise<void> {
    if (this.position !== undefined && this.store.comparePositions(this.position, position) >= 0)
      return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = Number.isFinite(timeoutMs)
        ? setTimeout(
            () => reject(new Error(`read model did not reach position ${position} in ${timeoutMs} ms`)),
            timeoutMs,
          )
        : undefined;
      this.waiters.push({
        position,
        answering,
        resolve: () => {
          clearTimeout(timer);
          resolve();
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      });
    });
  }

  /**
   * When the service stops: writes waiting for the views are answered at once (stored, the views
   * not showing them yet: 202) rather than holding the shutdown until their wait ends.
   */
  letWritesGo(): void {
    this.lettingGo = true;
    const waiting = this.waiters;
    this.waiters = waiting.filter((w) => !w.answering);
    for (const w of waiting) if (w.answering) w.reject(new Error('the service is stopping'));
  }

  /**
   * True once `position` is applied, false if it is not within `timeoutMs` or the read model is
   * failing: a write is stored either way, and the caller says whether the views show it yet.
   */
  async reached(position: Position, timeoutMs: number): Promise<boolean> {
    if (this.fault && !this.isAt(position)) return false;
    if (this.lettingGo) return this.isAt(position);
    return this.waitFor(position, timeoutMs, true).then(
      () => true,
      () => false,
    );
  }

  /**
   * Applies everything up to the store's current head. Rejects, with the reason, once applying has
   * failed for `patienceMs` (0: at the first failure).
   */
  async catchUp(patienceMs = 0): Promise<void> {
    const head = await this.store.head();
    if (head === undefined || this.isAt(head)) return;
    await new Promise<void>((resolve, reject) => {
      const check = setInterval(() => {
        if (this.fault && Date.now() - Date.parse(this.fault.since) >= patienceMs) {
          clearInterval(check);
          reject(new Error(`the read model cannot apply the log: ${this.fault.message}`));
        }
      }, 50);
      void this.waitFor(head, Number.POSITIVE_INFINITY).then(() => {
        clearInterval(check);
        resolve();
      });
    });
  }

  /**
   * Stops following the log. `drain` applies what is already read first (a scratch build wants
   * it all); the service leaves it, since applying thousands of events would hold its shutdown
   * and the next start reads them again from the checkpoint.
   */
  async stop({ drain = true } = {}): Promise<void> {
    this.stopFollowing();
    await this.running;
    while (drain && this.buffer.length > 0 && !this.fault) this.flush();
    this.buffer = [];
    this.readTo = this.position;
    this.running = undefined;
  }

  /** Stops reading the log: the subscription closed, its retries cancelled, a reader waiting for room woken. */
  private stopFollowing(): void {
    this.stopping = true;
    this.stopped.abort();
    this.subscription?.close();
    clearTimeout(this.retryTimer);
    for (const wake of this.drainWaiters.splice(0)) wake();
  }

  /**
   * Writes skip the syncs (`synchronous = OFF`), the checkpoints too: for a read model built from
   * nothing or views built anew, derived from the log (12-15 % of a rebuild). A process crash
   * meanwhile is harmless (WAL); an OS crash may damage the file, which the next start finds.
   */
  skipSyncs(): void {
    this.db.pragma('synchronous = OFF');
    this.checkpointer?.skipSyncs();
  }

  /**
   * Writes made without syncs (`skipSyncs`) are flushed to the disk off the event loop, then syncs
   * resume. Left to the next checkpoint, the flush of hundreds of megabytes a build wrote held the
   * event loop for a quarter of a second (at 100,000 developments) at its first fsync. The
   * checkpointer syncs again first: no checkpoint that skipped them runs after the flush.
   */
  async syncAgain(): Promise<void> {
    await this.checkpointer?.syncAgain();
    for (const file of [this.file, `${this.file}-wal`]) {
      const handle = await open(file, 'r').catch(() => undefined);
      if (!handle) continue;
      try {
        await handle.datasync();
      } finally {
        await handle.close();
      }
    }
    this.db.pragma('synchronous = NORMAL');
  }

  /**
   * Closes the file. A file closed with no fault and no damage seen is marked so (see
   * `openReadModelFile`): the next start need not read every page of it to trust it.
   */
  close({ scratch = false } = {}): void {
    // Closed while still following the log (not stopped first): it stops, dropping what it read and
    // had not applied (the next start reads it again), rather than asking a closed log again for ever.
    this.stopFollowing();
    this.buffer = [];
    this.checkpointer?.close();
    this.db.close();
    if (!scratch && !this.fault && !damageSeen()) markClosedCleanly(this.file);
  }

  private isAt(position: Position): boolean {
    return this.position !== undefined && this.store.comparePositions(this.position, position) >= 0;
  }

  /**
   * Buffers an event and schedules applying it: applying is always a turn of its own (one slice),
   * never inside the reading of a page, so the event loop is held by one of them at a time. Waits
   * while too much is buffered, so that a long fault does not fill memory.
   */
  private async enqueue(event: StoredEvent): Promise<void> {
    this.buffer.push(event);
    this.readTo = event.position;
    if (!this.flushScheduled && !this.retryTimer) {
      this.flushScheduled = true;
      setImmediate(() => this.flush());
    }
    while (this.buffer.length >= READ_AHEAD && !this.stopping)
      await new Promise<void>((resolve) => this.drainWaiters.push(resolve));
  }

  /** Applies one slice of the buffer; the rest follows after other work has had its turn. */
  private flush(): void {
    this.flushScheduled = false;
    clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    if (this.buffer.length === 0) return;
    let applied: number;
    try {
      applied = this.apply(this.buffer.slice(0, BATCH));
    } catch (error) {
      this.noteFault(error, 'read model could not apply events; it keeps them and retries');
      if (!this.stopping)
        this.retryTimer = setTimeout(() => this.flush(), retryDelay(this.fault!.attempts, RETRY_BASE_MS, RETRY_MAX_MS));
      return;
    }
    const last = this.buffer[applied - 1]!.position;
    this.buffer.splice(0, applied);
    this.applied(last);
    if (this.buffer.length > 0 && !this.flushScheduled) {
      this.flushScheduled = true;
      setImmediate(() => this.flush());
    }
    // The reader goes on once there is room for a batch: reading and applying take turns.
    if (this.buffer.length <= READ_AHEAD - BATCH) for (const wake of this.drainWaiters.splice(0)) wake();
  }

  /**
   * Applies events from the start of `batch`, with the checkpoint, in one transaction, for at most
   * SLICE_MS: the event loop is never held longer. Returns how many it applied (at least one).
   */
  private apply(batch: StoredEvent[]): number {
    const started = performance.now();
    let count = 0;
    // Another process (the CLI beside the server) may feed the same file: skip what it already applied.
    this.db
      .transaction(() => {
        const stored = this.readCheckpoint();
        for (const consumer of this.consumers) consumer.beforeBatch?.();
        for (const event of batch) {
          count += 1;
          if (stored === undefined || this.store.comparePositions(event.position, stored) > 0) {
            for (const consumer of this.consumers) consumer.apply(event);
          }
          if (performance.now() - started >= SLICE_MS) break;
        }
        const last = batch[count - 1]!.position;
        if (stored === undefined || this.store.comparePositions(last, stored) > 0)
          this.saveCheckpoint.run(CHECKPOINT, last);
      })
      .immediate();
    return count;
  }

  private applied(last: Position): void {
    if (this.fault) {
      this.log?.warn(
        { position: last, attempts: this.fault.attempts, since: this.fault.since },
        'read model recovered',
      );
      this.fault = undefined;
    }
    this.position = last;
    const reached = this.waiters.filter((w) => this.store.comparePositions(last, w.position) >= 0);
    this.waiters = this.waiters.filter((w) => !reached.includes(w));
    for (const waiter of reached) waiter.resolve();
    for (const listener of this.appliedListeners) listener(last);
  }

  private noteFault(error: unknown, message: string): void {
    const attempts = (this.fault?.attempts ?? 0) + 1;
    const { message: reason, code } = error as { message?: string; code?: unknown };
    this.fault = {
      message: String(reason ?? error),
      ...(typeof code === 'string' ? { code } : {}),
      since: this.fault?.since ?? new Date().toISOString(),
      attempts,
    };
    // The first failure and then every tenth: a long fault should not flood the log.
    if (attempts === 1 || attempts % 10 === 0)
      this.log?.error({ err: error, position: this.position, attempts }, message);
  }
}
