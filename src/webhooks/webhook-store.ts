import Database from 'better-sqlite3';
import { chmodSync, existsSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { DeliveryAttempt, Webhook, WebhookFilter, WebhookStatus } from './webhook.js';

/** Deliveries kept per webhook; older ones are dropped as new ones are logged. */
export const DELIVERY_LOG_SIZE = 1000;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS webhooks (
  id TEXT PRIMARY KEY,
  url TEXT NOT NULL,
  secret TEXT NOT NULL,
  filter TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('active', 'paused')),
  cursor TEXT,
  consecutive_failures INTEGER NOT NULL DEFAULT 0,
  paused_reason TEXT,
  created_at TEXT NOT NULL,
  owner TEXT NOT NULL DEFAULT ''
);
CREATE TABLE IF NOT EXISTS deliveries (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  webhook_id TEXT NOT NULL REFERENCES webhooks (id) ON DELETE CASCADE,
  position TEXT NOT NULL,
  attempt INTEGER NOT NULL,
  status INTEGER,
  error TEXT,
  duration_ms INTEGER NOT NULL,
  at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS deliveries_by_webhook ON deliveries (webhook_id, seq);
`;

interface WebhookRow {
  id: string;
  owner: string;
  url: string;
  secret: string;
  filter: string;
  status: WebhookStatus;
  cursor: string | null;
  consecutive_failures: number;
  paused_reason: string | null;
  created_at: string;
}

interface DeliveryRow {
  position: string;
  attempt: number;
  status: number | null;
  error: string | null;
  duration_ms: number;
  at: string;
}

/**
 * Webhooks and their delivery log in `webhooks.db`. A delivery's log row and the cursor move in one
 * transaction with FULL sync, so a restart resumes after the last change a receiver acknowledged.
 */
export class WebhookStore {
  private readonly db: Database.Database;
  private readonly statements;

  constructor(file: string) {
    mkdirSync(dirname(file), { recursive: true });
    const created = !existsSync(file);
    this.db = new Database(file);
    // The file holds the secrets that key the signatures.
    if (created) chmodSync(file, 0o600);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = FULL');
    this.db.pragma('busy_timeout = 5000');
    this.db.pragma('foreign_keys = ON');
    this.db.exec(SCHEMA);
    const columns = this.db.prepare<[], { name: string }>("SELECT name FROM pragma_table_info('webhooks')").all();
    if (!columns.some((c) => c.name === 'owner'))
      this.db.exec("ALTER TABLE webhooks ADD COLUMN owner TEXT NOT NULL DEFAULT ''");
    this.statements = {
      insert:
        this.db.prepare(`INSERT INTO webhooks (id, owner, url, secret, filter, status, cursor, consecutive_failures, paused_reason, created_at)
        VALUES (@id, @owner, @url, @secret, @filter, @status, @cursor, @consecutiveFailures, @pausedReason, @createdAt)`),
      owned: this.db.prepare<[string], WebhookRow>(
        "SELECT * FROM webhooks WHERE owner IN (?, '') ORDER BY created_at, id",
      ),
      all: this.db.prepare<[], WebhookRow>('SELECT * FROM webhooks ORDER BY created_at, id'),
      countOwned: this.db.prepare<[string], { n: number }>('SELECT count(*) AS n FROM webhooks WHERE owner = ?'),
      active: this.db.prepare<[], WebhookRow>("SELECT * FROM webhooks WHERE status = 'active' ORDER BY created_at, id"),
      one: this.db.prepare<[string], WebhookRow>('SELECT * FROM webhooks WHERE id = ?'),
      remove: this.db.prepare<[string]>('DELETE FROM webhooks WHERE id = ?'),
      log: this.db.prepare(`INSERT INTO deliveries (webhook_id, position, attempt, status, error, duration_ms, at)
        VALUES (@webhookId, @position, @attempt, @statusCode, @error, @durationMs, @at)`),
      trim: this.db.prepare<[string, string, number]>(`DELETE FROM deliveries WHERE webhook_id = ? AND seq <=
        (SELECT seq FROM deliveries WHERE webhook_id = ? ORDER BY seq DESC LIMIT 1 OFFSET ?)`),
      delivered: this.db.prepare<[string, string]>(
        'UPDATE webhooks SET cursor = ?, consecutive_failures = 0 WHERE id = ?',
      ),
      failed: this.db.prepare<[number, string]>('UPDATE webhooks SET consecutive_failures = ? WHERE id = ?'),
      pause: this.db.prepare<[string, string]>("UPDATE webhooks SET status = 'paused', paused_reason = ? WHERE id = ?"),
      resume: this.db.prepare<[string]>(
        "UPDATE webhooks SET status = 'active', consecutive_failures = 0, paused_reason = NULL WHERE id = ?",
      ),
      deliveries: this.db.prepare<[string, number], DeliveryRow>(
        'SELECT position, attempt, status, error, duration_ms, at FROM deliveries WHERE webhook_id = ? ORDER BY seq DESC LIMIT ?',
      ),
    };
  }

  create(webhook: Webhook): void {
    this.statements.insert.run({ ...webhook, filter: JSON.stringify(webhook.filter) });
  }

  /** The webhooks `owner` may see: its own, and those registered before webhooks had owners. */
  listFor(owner: string): Webhook[] {
    return this.statements.owned.all(owner).map(toWebhook);
  }

  /** Every webhook of every key, for an admin. */
  list(): Webhook[] {
    return this.statements.all.all().map(toWebhook);
  }

  countOwnedBy(owner: string): number {
    return this.statements.countOwned.get(owner)!.n;
  }

  active(): Webhook[] {
    return this.statements.active.all().map(toWebhook);
  }

  get(id: string): Webhook | undefined {
    const row = this.statements.one.get(id);
    return row && toWebhook(row);
  }

  /** Removes the webhook and its delivery log; false when there was none. */
  remove(id: string): boolean {
    return this.statements.remove.run(id).changes > 0;
  }

  /** Logs a successful attempt and moves the cursor to its position. */
  recordDelivered(id: string, attempt: DeliveryAttempt): void {
    this.db
      .transaction(() => {
        this.log(id, attempt);
        this.statements.delivered.run(attempt.position, id);
      })
      .immediate();
  }

  /** Logs a failed attempt; with a `pauseReason`, the webhook is paused in the same transaction. */
  recordFailed(id: string, attempt: DeliveryAttempt, consecutiveFailures: number, pauseReason?: string): void {
    this.db
      .transaction(() => {
        this.log(id, attempt);
        this.statements.failed.run(consecutiveFailures, id);
        if (pauseReason !== undefined) this.statements.pause.run(pauseReason, id);
      })
      .immediate();
  }

  pause(id: string, reason: string): void {
    this.statements.pause.run(reason, id);
  }

  resume(id: string): void {
    this.statements.resume.run(id);
  }

  /** The delivery log, newest first. */
  deliveries(id: string, limit: number): DeliveryAttempt[] {
    return this.statements.deliveries.all(id, limit).map((row) => ({
      position: row.position,
      attempt: row.attempt,
      statusCode: row.status,
      error: row.error,
      durationMs: row.duration_ms,
      at: row.at,
    }));
  }

  close(): void {
    this.db.close();
  }

  private log(id: string, attempt: DeliveryAttempt): void {
    this.statements.log.run({ webhookId: id, ...attempt });
    this.statements.trim.run(id, id, DELIVERY_LOG_SIZE);
  }
}

function toWebhook(row: WebhookRow): Webhook {
  return {
    id: row.id,
    owner: row.owner,
    url: row.url,
    secret: row.secret,
    filter: JSON.parse(row.filter) as WebhookFilter,
    status: row.status,
    cursor: row.cursor,
    consecutiveFailures: row.consecutive_failures,
    pausedReason: row.paused_reason,
    createdAt: row.created_at,
  };
}
