import Database from 'better-sqlite3';
import { existsSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import type { Logger } from 'pino';
import { isDamage } from './damage.js';

/** Bumped whenever the read model's tables change shape; an older file is dropped and rebuilt from the log. */
export const SCHEMA_VERSION = 12;

/** A damaged read-model file found at start, and where it was moved. */
export interface SetAsideFile {
  file: string;
  movedTo: string;
  reason: string;
  at: string;
}

/** Where a clean close writes what the file was like then (`<file>.closed-cleanly`). */
export const cleanMarkOf = (file: string) => `${file}.closed-cleanly`;

/**
 * Opens the read model's file at the current schema. The read model is derived from the log, so a
 * damaged file is not a reason to stay down: it is moved aside (kept for an operator to look at)
 * and a new one is built from the log. `quick_check` reads every page once (seconds for a large
 * read model), so damage anywhere is found here rather than by a request later; it is left out
 * when the file is exactly as a clean close left it (`markClosedCleanly`): same inode, size,
 * modification time and no write-ahead log. After a crash, a copy, or any change made since, the
 * check runs. `checked` says whether it did.
 */
export function openReadModelFile(
  file: string,
  log?: Logger,
): { db: Database.Database; setAside?: SetAsideFile; checked: boolean } {
  const checked = !closedCleanly(file);
  try {
    return { db: openSound(file, checked), checked };
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (typeof code !== 'string' || !isDamage(code)) throw error;
    const at = new Date().toISOString();
    const movedTo = `${file}.damaged-${at.replace(/[:.]/g, '-')}`;
    for (const suffix of ['', '-wal', '-shm'])
      if (existsSync(`${file}${suffix}`)) renameSync(`${file}${suffix}`, `${movedTo}${suffix}`);
    const reason = (error as Error).message;
    log?.error(
      { file, movedTo, err: error },
      `the read model ${file} is damaged (${reason}): moved aside to ${movedTo}; a new one is built from the log`,
    );
    return { db: openCurrentSchema(file), setAside: { file, movedTo, reason, at }, checked };
  }
}

/**
 * After the read model's connection is closed with nothing wrong seen: notes what the file is like,
 * so that the next start can tell it is unchanged. Nothing is noted where the disk refuses.
 */
export function markClosedCleanly(file: string): void {
  const stamp = stampOf(file);
  if (stamp === undefined) return;
  const mark = cleanMarkOf(file);
  try {
    writeFileSync(`${mark}.tmp`, stamp);
    renameSync(`${mark}.tmp`, mark);
  } catch {
    rmSync(`${mark}.tmp`, { force: true });
  }
}

/** Whether the file is as a clean close left it. The mark is removed first, so a crash from here on leaves none. */
function closedCleanly(file: string): boolean {
  const mark = cleanMarkOf(file);
  let noted: string;
  try {
    noted = readFileSync(mark, 'utf8');
  } catch {
    return false;
  }
  try {
    rmSync(mark, { force: true });
  } catch {
    return false;
  }
  return noted === stampOf(file);
}

/** The file's inode, size and modification time, and whether a write-ahead log is beside it. */
function stampOf(file: string): string | undefined {
  try {
    const s = statSync(file, { bigint: true });
    return `${s.dev}:${s.ino}:${s.size}:${s.mtimeNs}:${existsSync(`${file}-wal`) ? 'wal' : 'no-wal'}`;
  } catch {
    return undefined;
  }
}

function openSound(file: string, check: boolean): Database.Database {
  const db = openCurrentSchema(file);
  if (!check) return db;
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
