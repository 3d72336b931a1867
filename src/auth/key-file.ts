import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const KEY_FILE = 'api-keys.json';

/** A key as kept on disk: never the key itself, only its hash, under an id that stays when the key is rotated. */
export interface StoredKey {
  id: string;
  sha256: string;
  label?: string;
  createdAt?: string;
  rotatedAt?: string;
}

export const hashKey = (key: string) => createHash('sha256').update(key).digest();

/** The principal a key acts as when it has no stored id: a short, non-secret fingerprint of its hash. */
export const fingerprint = (hash: Buffer) => `key:${hash.toString('hex').slice(0, 12)}`;

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

  /** Makes a key and stores its hash; the key is returned once, to be shown to whoever asked for it. */
  create(label?: string): { key: string; stored: StoredKey } {
    const key = newKey();
    const hash = hashKey(key);
    const stored: StoredKey = {
      id: fingerprint(hash),
      sha256: hash.toString('hex'),
      ...(label ? { label } : {}),
      createdAt: new Date().toISOString(),
    };
    this.write([...this.read(), stored]);
    return { key, stored };
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
