import { timingSafeEqual } from 'node:crypto';
import { statSync } from 'node:fs';
import { fingerprint, hashKey, KeyFile } from './key-file.js';

/** How often the key file is looked at for keys created, rotated or revoked while the service runs. */
const RELOAD_MS = 1000;

interface KnownKey {
  id: string;
  hash: Buffer;
}

/**
 * The keys that may write: those of TIMELINE_API_KEYS and those in the data directory's key file
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
      configured.map((key) => {
        const hash = hashKey(key);
        return { id: fingerprint(hash), hash };
      }),
      new KeyFile(dataDir),
    );
  }

  /** The principal (the key's id, not secret) for a valid key, else undefined. */
  verify(key: string): string | undefined {
    if (Date.now() - this.checkedAt > RELOAD_MS) this.reload();
    const presented = hashKey(key);
    return [...this.configured, ...this.fileKeys].find((k) => timingSafeEqual(k.hash, presented))?.id;
  }

  private reload(): void {
    this.checkedAt = Date.now();
    const stat = statSync(this.file.path, { throwIfNoEntry: false });
    const version = stat ? `${stat.ino}:${stat.mtimeMs}:${stat.size}` : 'none';
    if (version === this.fileVersion) return;
    this.fileVersion = version;
    this.fileKeys = this.file.read().map((k) => ({ id: k.id, hash: Buffer.from(k.sha256, 'hex') }));
  }
}
