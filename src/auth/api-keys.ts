import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const KEY_FILE = 'api-keys.json';

const hash = (key: string) => createHash('sha256').update(key).digest();

/**
 * The keys that may write. Configured keys are used as given; with none configured, one key is
 * generated on first start, handed back once for printing, and only its hash is kept on disk.
 */
export class ApiKeys {
  private readonly hashes: Buffer[];

  private constructor(hashes: Buffer[], readonly generatedKey?: string) {
    this.hashes = hashes;
  }

  static load(configured: string[], dataDir: string): ApiKeys {
    if (configured.length > 0) return new ApiKeys(configured.map(hash));
    const file = join(dataDir, KEY_FILE);
    if (existsSync(file)) {
      const stored = JSON.parse(readFileSync(file, 'utf8')) as { sha256: string[] };
      return new ApiKeys(stored.sha256.map((h) => Buffer.from(h, 'hex')));
    }
    const key = `tl_${randomBytes(24).toString('base64url')}`;
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(file, JSON.stringify({ sha256: [hash(key).toString('hex')] }, null, 2), { mode: 0o600 });
    return new ApiKeys([hash(key)], key);
  }

  /** The principal (a short, non-secret key fingerprint) for a valid key, else undefined. */
  verify(key: string): string | undefined {
    const presented = hash(key);
    const match = this.hashes.find((h) => timingSafeEqual(h, presented));
    return match ? `key:${match.toString('hex').slice(0, 12)}` : undefined;
  }
}
