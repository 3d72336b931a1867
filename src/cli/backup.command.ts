import Database from 'better-sqlite3';
import { copyFileSync, existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { KEY_FILE } from '../auth/key-file.js';
import { loadConfig } from '../config.js';

/** What a backup holds: the log, the webhooks (with their secrets and cursors), the key hashes. */
const DATABASES = ['events.db', 'webhooks.db'];

/**
 * `timeline backup <dir>`: a consistent copy of the data directory's records, taken with SQLite's
 * online backup, so the service may keep running. The read model is left out: it is rebuilt from
 * the log when the service starts on the copy.
 */
export async function backupCommand(args: string[]): Promise<number> {
  const [target] = args;
  if (!target) {
    process.stderr.write('usage: timeline backup <empty or new directory>\n');
    return 2;
  }
  const { dataDir } = loadConfig();
  if (!existsSync(join(dataDir, 'events.db'))) {
    process.stderr.write(`no timeline in ${dataDir} (no events.db)\n`);
    return 2;
  }
  if (existsSync(target) && readdirSync(target).length > 0) {
    process.stderr.write(`${target} is not empty: back up into a new directory\n`);
    return 2;
  }
  mkdirSync(target, { recursive: true });
  for (const name of DATABASES.filter((n) => existsSync(join(dataDir, n)))) {
    const db = new Database(join(dataDir, name), { readonly: true, fileMustExist: true });
    try {
      await db.backup(join(target, name));
    } finally {
      db.close();
    }
    process.stderr.write(`backed up ${name}\n`);
  }
  if (existsSync(join(dataDir, KEY_FILE))) copyFileSync(join(dataDir, KEY_FILE), join(target, KEY_FILE));
  return 0;
}
