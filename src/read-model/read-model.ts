import Database from 'better-sqlite3';
import { mkdirSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Logger } from 'pino';
import type { EventStore, Position, StoredEvent, Subscription } from '../store/event-store.js';
import { matchesQuery } from '../filters/development-filter.js';
import { READ_MODEL_SCHEMA } from './schema.js';

/** A part of the read model that derives its rows from events, inside the caller's transaction. */
export interface ReadModelConsumer {
  apply(event: StoredEvent): void;
  /** Called inside the batch's transaction before its first event. */
  beforeBatch?(): void;
}

const CHECKPOINT = 'all';

/** Bumped whenever the read model's tables change shape; an older file is dropped and rebuilt from the log. */
const SCHEMA_VERSION = 5;

function openCurrentSchema(file: string): Database.Database {
  const db = new Database(file);
  const version = db.pragma('user_version', { simple: true }) as number;
  const used = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' LIMIT 1").get() !== undefined;
  if (!used || version === SCHEMA_VERSION) return db;
  db.close();
  for (const suffix of ['', '-wal', '-shm']) rmSync(`${file}${suffix}`, { force: true });
  return new Database(file);
}

/**
 * The local SQLite read model, fed by a catch-up subscription. Each batch of events is applied
 * in one transaction together with the checkpoint, so a restart resumes exactly where it stopped.
 */
export class ReadModel {
  readonly db: Database.Database;
  private readonly consumers: ReadModelConsumer[] = [];
  private subscription: Subscription | undefined;
  private running: Promise<void> | undefined;
  private position: Position | undefined;
  private buffer: StoredEvent[] = [];
  private flushScheduled = false;
  private waiters: { position: Position; resolve: () => void; reject: (error: Error) => void }[] = [];
  private readonly appliedListeners = new Set<(position: Position) => void>();
  private failure: Error | undefined;
  private readonly saveCheckpoint: Database.Statement;

  constructor(readonly file: string, private readonly store: EventStore, private readonly log?: Logger) {
    mkdirSync(dirname(file), { recursive: true });
    this.db = openCurrentSchema(file);
    this.db.pragma('journal_mode = WAL');
    // The read model is rebuilt from the log after a crash if need be: NORMAL is enough here.
    this.db.pragma('synchronous = NORMAL');
    this.db.pragma('busy_timeout = 5000');
    this.db.pragma('cache_size = -65536');
    this.db.exec(READ_MODEL_SCHEMA);
    // `q` in SQL is the same test as everywhere else: see filterSql.
    this.db.function('matches_query', { deterministic: true }, (state: unknown, q: unknown) =>
      (matchesQuery(JSON.parse(String(state)) as Parameters<typeof matchesQuery>[0], String(q)) ? 1 : 0));
    this.db.pragma(`user_version = ${SCHEMA_VERSION}`);
    this.saveCheckpoint = this.db.prepare('INSERT INTO checkpoint (name, position) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET position = excluded.position');
    this.position = this.readCheckpoint();
  }

  private readCheckpoint(): Position | undefined {
    return this.db.prepare<[string], { position: string }>('SELECT position FROM checkpoint WHERE name = ?').get(CHECKPOINT)?.position;
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

  start(): void {
    if (this.running) return;
    this.subscription = this.store.subscribe({ after: this.position });
    const subscription = this.subscription;
    this.running = (async () => {
      try {
        for await (const event of subscription) this.enqueue(event);
      } catch (error) {
        this.failure = error as Error;
        this.log?.error({ err: error }, 'read model stopped following the log');
      }
    })();
  }

  /** Resolves once every event up to `position` is reflected in the read model. */
  waitFor(position: Position, timeoutMs = 10_000): Promise<void> {
    if (this.failure) return Promise.reject(this.failure);
    if (this.position !== undefined && this.store.comparePositions(this.position, position) >= 0) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = Number.isFinite(timeoutMs)
        ? setTimeout(() => reject(new Error(`read model did not reach position ${position} in ${timeoutMs} ms`)), timeoutMs)
        : undefined;
      this.waiters.push({ position, resolve: () => { clearTimeout(timer); resolve(); }, reject: (error) => { clearTimeout(timer); reject(error); } });
    });
  }

  /** Applies everything up to the store's current head, however long that takes. */
  async catchUp(): Promise<void> {
    const head = await this.store.head();
    if (head !== undefined) await this.waitFor(head, Number.POSITIVE_INFINITY);
  }

  async stop(): Promise<void> {
    this.subscription?.close();
    await this.running;
    this.flush();
    this.running = undefined;
  }

  close(): void {
    this.db.close();
  }

  private enqueue(event: StoredEvent): void {
    this.buffer.push(event);
    if (this.buffer.length >= 1000) this.flush();
    else if (!this.flushScheduled) {
      this.flushScheduled = true;
      setImmediate(() => this.flush());
    }
  }

  private flush(): void {
    this.flushScheduled = false;
    if (this.buffer.length === 0) return;
    const batch = this.buffer;
    this.buffer = [];
    const last = batch[batch.length - 1]!.position;
    try {
      // Another process (the CLI beside the server) may feed the same file: skip what it already applied.
      this.db.transaction(() => {
        const stored = this.readCheckpoint();
        for (const consumer of this.consumers) consumer.beforeBatch?.();
        for (const event of batch) {
          if (stored !== undefined && this.store.comparePositions(event.position, stored) <= 0) continue;
          for (const consumer of this.consumers) consumer.apply(event);
        }
        if (stored === undefined || this.store.comparePositions(last, stored) > 0) this.saveCheckpoint.run(CHECKPOINT, last);
      }).immediate();
    } catch (error) {
      this.failure = error as Error;
      this.subscription?.close();
      this.log?.error({ err: error, position: batch[0]!.position }, 'read model could not apply events; it stays at its checkpoint');
      for (const waiter of this.waiters.splice(0)) waiter.reject(this.failure);
      return;
    }
    this.position = last;
    const reached = this.waiters.filter((w) => this.store.comparePositions(last, w.position) >= 0);
    this.waiters = this.waiters.filter((w) => !reached.includes(w));
    for (const waiter of reached) waiter.resolve();
    for (const listener of this.appliedListeners) listener(last);
  }
}
