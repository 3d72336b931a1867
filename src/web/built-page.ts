import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface PageFile {
  body: Buffer;
  type: string;
  etag: string;
}

/** What `npm run build` leaves in dist/web: the page and the assets it names. */
export interface BuiltPage {
  index: PageFile;
  /** Content-hashed file names, so each can be cached for good. */
  assets: Map<string, PageFile>;
  /** Pages for people at the service's own addresses (`development`, `entity`). */
  pages: Map<string, PageFile>;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
};

/** The first directory above this module with a package.json: the same from src/ and dist/src/. */
export function packageRoot(from = fileURLToPath(import.meta.url)): string {
  let dir = dirname(from);
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`no package.json above ${from}`);
    dir = parent;
  }
  return dir;
}

/** Loads the built page into memory, or undefined when it has not been built. */
export function loadBuiltPage(dir = join(packageRoot(), 'dist', 'web')): BuiltPage | undefined {
  const manifestFile = join(dir, 'manifest.json');
  if (!existsSync(manifestFile)) return undefined;
  const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as {
    index: string;
    assets: string[];
    pages?: Record<string, string>;
  };
  const assets = new Map(manifest.assets.map((name) => [name, pageFile(join(dir, name))]));
  const pages = new Map(Object.entries(manifest.pages ?? {}).map(([name, file]) => [name, pageFile(join(dir, file))]));
  return { index: pageFile(join(dir, manifest.index)), assets, pages };
}

function pageFile(path: string): PageFile {
  const body = readFileSync(path);
  return {
    body,
    type: TYPES[extname(path)] ?? 'application/octet-stream',
    etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"`,
  };
}
