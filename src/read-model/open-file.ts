import Database from 'better-sqlite3';
import { existsSync, renameSync, rmSync } from 'node:fs';
import type { Logger } from 'pino';

/** Bumped whenever the read model's tables change shape; an older file is dropped and rebuilt from the log. */
export const SCHEMA_VERSION = 9;

/** A damaged read-model file found at start, and where it was moved. */
export interface SetAsideFile {
  file: string;
  movedTo: string;
  reason: string;
  at: string;
}

const DAMAGE = /^SQLITE_(CORRUPT|NOTADB)/;

/**
 * Opens the read model's file at the current schema. The read model is derived from the log, so a
 * damaged file is not a reason to stay down: it is moved aside (kept for an operator to look at)
 * and a new one is built from the log. `quick_check` reads every page once, so damage anywhere is
 * found here rather than by a request later.
 */
export function openReadModelFile(file: string, log?: Logger): { db: Database.Database; setAside?: SetAsideFile } {
  try {
    return { db: openSound(file) };
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (typeof code !== 'string' || !DAMAGE.test(code)) throw error;
    const at = new Date().toISOString();
    const movedTo = `${file}.damaged-${at.replace(/[:.]/g, '-')}`;
    for (const suffix of ['', '-wal', '-shm'])
      if (existsSync(`${file}${suffix}`)) renameSync(`${file}${suffix}`, `${movedTo}${suffix}`);
    const reason = (error as Error).message;
    log?.error(
      { file, movedTo, err: error },
      `the read model ${file} is damaged (${reason}): moved aside to ${movedTo}; a new one is built from the log`,
    );
    return { db: openCurrentSchema(file), setAside: { file, movedTo, reason, at } };
  }
}

function openSound(file: string): Database.Database {
  const db = openCurrentSchema(file);
  try {
    const found = db.pragma('quick_check(1)', { simple: true });
    if (found !== 'ok')
      throw Object.assign(new Error(`database disk image is malformed: ${found}`), { code: 'SQLITE_CORRUPT' });
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

function openCurrentSchema(file: string): Database.Database {
  const db = new Database(file);
  try {
    const version = db.pragma('user_version', { simple: true }) as number;
    const used = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' LIMIT 1").get() !== undefined;
    if (!used || version === SCHEMA_VERSION) return db;
  } catch (error) {
    db.close();
    throw error;
  }
  db.close();
  for (const suffix of ['', '-wal', '-shm']) rmSync(`${file}${suffix}`, { force: true });
  return new Database(file);
}
