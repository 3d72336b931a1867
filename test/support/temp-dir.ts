import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A fresh directory under the OS temp dir, removed by the returned cleanup. */
export function tempDir(label = 'timeline'): { path: string; cleanup: () => void } {
  const path = mkdtempSync(join(tmpdir(), `${label}-`));
  return { path, cleanup: () => rmSync(path, { recursive: true, force: true }) };
}
