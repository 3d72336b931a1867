import { statSync } from 'node:fs';

interface Identity {
  dev: bigint;
  ino: bigint;
}

function identityOf(path: string): Identity | undefined {
  try {
    const { dev, ino } = statSync(path, { bigint: true });
    return { dev, ino };
  } catch (error) {
    if ((error as { code?: unknown }).code === 'ENOENT') return undefined;
    throw error;
  }
}

/**
 * Proof that paths still name the files a connection opened. SQLite keeps writing into a file that
 * was deleted or replaced under it, and everything written there is gone at the next start: a write
 * is acknowledged only while its files are still the ones the path names (same device and inode).
 */
export class FileIdentity {
  private readonly opened = new Map<string, Identity>();

  /** Notes the identity of each path that exists now (a WAL file appears with the first transaction). */
  constructor(paths: string[]) {
    for (const path of paths) {
      const identity = identityOf(path);
      if (identity) this.opened.set(path, identity);
    }
  }

  /** What happened to the first path that no longer names its opened file; undefined when all still do. */
  changed(): string | undefined {
    for (const [path, opened] of this.opened) {
      const now = identityOf(path);
      if (!now) return `${path} was deleted`;
      if (now.dev !== opened.dev || now.ino !== opened.ino) return `${path} was replaced by another file`;
    }
    return undefined;
  }
}
