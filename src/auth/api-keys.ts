import { timingSafeEqual } from 'node:crypto';
import { statSync } from 'node:fs';
import { fingerprint, hashKey, KeyFile, principalOfKey } from './key-file.js';
import { parseConfiguredKey, type Principal } from './roles.js';

/** How often the key file is looked at for keys created, rotated or revoked while the service runs. */
const RELOAD_MS = 1000;

interface KnownKey {
  principal: Principal;
  hash: Buffer;
}

/**
 * The keys the service accepts, each with its role: those of TIMELINE_API_KEYS and those in the data directory's key file
 * (managed with `timeline keys`), which is read again when it changes. Nothing here creates a key.
 */
export class ApiKeys {
  private fileKeys: KnownKey[] = [];
  private fileVersion = '';
  private checkedAt = 0;

  private constructor(
    private readonly configured: KnownKey[],
    private readonly file: KeyFile,
  ) {
    this.reload();
  }

  static load(configured: string[], dataDir: string): ApiKeys {
    return new ApiKeys(
      configured.map((entry) => {
        const { key, role } = parseConfiguredKey(entry);
        const hash = hashKey(key);
        const id = fingerprint(hash);
        return { principal: { id, name: id, role }, hash };
      }),
      new KeyFile(dataDir),
    );
  }

  /** Who a valid key acts as (never its secret), else undefined. */
  verify(key: string): Principal | undefined {
    if (Date.now() - this.checkedAt > RELOAD_MS) this.reload();
    const presented = hashKey(key);
    return [...this.configured, ...this.fileKeys].find((k) => timingSafeEqual(k.hash, presented))?.principal;
  }

  /** Every key accepted, as who it acts as (never a secret or a hash). */
  list(): Principal[] {
    this.reload();
    return [...this.configured, ...this.fileKeys].map((k) => k.principal);
  }

  private reload(): void {
    this.checkedAt = Date.now();
    const stat = statSync(this.file.path, { throwIfNoEntry: false });
    const version = stat ? `${stat.ino}:${stat.mtimeMs}:${stat.size}` : 'none';
    if (version === this.fileVersion) return;
    this.fileVersion = version;
    this.fileKeys = this.file.read().map((k) => ({ principal: principalOfKey(k), hash: Buffer.from(k.sha256, 'hex') }));
  }
}
