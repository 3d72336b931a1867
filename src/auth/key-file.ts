import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Principal, Role } from './roles.js';

export const KEY_FILE = 'api-keys.json';

/** A key as kept on disk: never the key itself, only its hash, under an id that stays when the key is rotated. */
export interface StoredKey {
  id: string;
  sha256: string;
  /** Shown as `recordedBy` on what the key records; the id when the key has none. */
  name?: string;
  /** Absent on keys made before roles: see `roleOf`. */
  role?: Role;
  label?: string;
  createdAt?: string;
  rotatedAt?: string;
}

export const hashKey = (key: string) => createHash('sha256').update(key).digest();

/** The principal a key acts as when it has no stored id: a short, non-secret fingerprint of its hash. */
export const fingerprint = (hash: Buffer) => `key:${hash.toString('hex').slice(0, 12)}`;

/** The label of the key the service makes on its first start, for whoever runs it. */
export const FIRST_START_LABEL = 'made at first start';

/**
 * A key made before roles keeps doing what it did: it wrote and managed its own webhooks, so it is an
 * editor; the key made at first start is the operator's own, so it is an admin.
 */
export const roleOf = (key: StoredKey): Role => key.role ?? (key.label === FIRST_START_LABEL ? 'admin' : 'editor');

export const principalOfKey = (key: StoredKey): Principal => ({
  id: key.id,
  name: key.name ?? key.id,
  role: roleOf(key),
});

const newKey = () => `tl_${randomBytes(24).toString('base64url')}`;

/** `data/api-keys.json`: the write keys managed with `timeline keys` (and the one made at first start). */
export class KeyFile {
  readonly path: string;

  constructor(readonly dataDir: string) {
    this.path = join(dataDir, KEY_FILE);
  }

  exists(): boolean {
    return existsSync(this.path);
  }

  read(): StoredKey[] {
    if (!this.exists()) return [];
    const stored = JSON.parse(readFileSync(this.path, 'utf8')) as { keys?: StoredKey[]; sha256?: string[] };
    // The first format kept bare hashes.
    return (
      stored.keys ?? (stored.sha256 ?? []).map((sha256) => ({ id: fingerprint(Buffer.from(sha256, 'hex')), sha256 }))
    );
  }

  /**
   * Makes a key and stores its hash; the key is returned once, to be shown to whoever asked for it.
   * Throws when another key already has the name: `recordedBy` must say which key it was.
   */
  create(role: Role, options: { name?: string; label?: string } = {}): { key: string; stored: StoredKey } {
    const keys = this.read();
    if (options.name && keys.some((k) => (k.name ?? k.id) === options.name))
      throw new Error(`a key named "${options.name}" exists already`);
    const key = newKey();
    const hash = hashKey(key);
    const stored: StoredKey = {
      id: fingerprint(hash),
      sha256: hash.toString('hex'),
      ...(options.name ? { name: options.name } : {}),
      role,
      ...(options.label ? { label: options.label } : {}),
      createdAt: new Date().toISOString(),
    };
    this.write([...keys, stored]);
    return { key, stored };
  }

  /** Changes what a key may do; false when there is no such key. */
  setRole(id: string, role: Role): boolean {
    const keys = this.read();
    const key = keys.find((k) => k.id === id);
    if (!key) return false;
    key.role = role;
    this.write(keys);
    return true;
  }

  /**
   * Writes down the role of each key made before roles (the one it acts as already, `roleOf`), so the
   * file says what each key may do; returns the keys it changed.
   */
  recordRoles(): StoredKey[] {
    const keys = this.read();
    const changed = keys.filter((k) => k.role === undefined);
    if (changed.length === 0) return [];
    for (const key of changed) key.role = roleOf(key);
    this.write(keys);
    return changed;
  }

  /** Gives the id a new key (the old one stops working); what the id owns, such as webhooks, stays its. */
  rotate(id: string): { key: string; stored: StoredKey } | undefined {
    const keys = this.read();
    const index = keys.findIndex((k) => k.id === id);
    if (index < 0) return undefined;
    const key = newKey();
    const stored = { ...keys[index]!, sha256: hashKey(key).toString('hex'), rotatedAt: new Date().toISOString() };
    keys[index] = stored;
    this.write(keys);
    return { key, stored };
  }

  revoke(id: string): boolean {
    const keys = this.read();
    const left = keys.filter((k) => k.id !== id);
    if (left.length === keys.length) return false;
    this.write(left);
    return true;
  }

  /** Replaces the file in one step, readable by its owner only. */
  private write(keys: StoredKey[]): void {
    mkdirSync(this.dataDir, { recursive: true });
    const temporary = `${this.path}.${process.pid}.tmp`;
    writeFileSync(temporary, `${JSON.stringify({ keys }, null, 2)}\n`, { mode: 0o600 });
    renameSync(temporary, this.path);
  }
}
