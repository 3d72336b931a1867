import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Source } from '../../events/index.js';
import { ROOT } from '../support/child.js';

/** The seed timeline as stored in `seed/`, and the articles it was extracted from. */
export const SEED_DIR = join(ROOT, 'seed');
export const ARTICLES_DIR = join(ROOT, '..', 'shared', 'seeds');

export interface SeedRecord {
  id: string;
  type: string;
  date: string;
  dateNote?: string;
  summary: string;
  subjects: string[];
  sources: Source[];
  expectations?: { type: string; date: string; note?: string }[];
  data: Record<string, unknown>;
}

export interface SeedEntity {
  entityId: string;
  kind: string;
  name: string;
  homeCountry: string;
  aliases?: string[];
  parent?: string;
}

const lines = (file: string) =>
  readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '');

/** Seed developments per article, keyed by the article's file name (`001_925702f4b1f3ce9c.txt`). */
export function developmentsByArticle(): Map<string, SeedRecord[]> {
  const dir = join(SEED_DIR, 'developments');
  return new Map(
    readdirSync(dir)
      .filter((f) => f.endsWith('.jsonl'))
      .sort()
      .map((f) => [f.replace(/\.jsonl$/, '.txt'), lines(join(dir, f)).map((l) => JSON.parse(l) as SeedRecord)]),
  );
}

export const allDevelopments = (): SeedRecord[] => [...developmentsByArticle().values()].flat();

export const seedEntities = (): SeedEntity[] =>
  lines(join(SEED_DIR, 'entities.jsonl')).map((l) => JSON.parse(l) as SeedEntity);

export const normalise = (text: string) => text.replace(/\s+/g, ' ').trim();

/** The articles' texts, whitespace-normalised; undefined when `../shared/seeds` is not there. */
export function articleTexts(): Map<string, string> | undefined {
  if (!existsSync(ARTICLES_DIR)) return undefined;
  const read = (f: string) => normalise(readFileSync(join(ARTICLES_DIR, f), 'utf8'));
  return new Map(readdirSync(ARTICLES_DIR).map((f) => [f, read(f)]));
}

export interface ExcludedSection {
  recorded: number;
  quotes: string[];
}

/** `seed/EXCLUDED.md` per article: the number of developments it says were recorded, and the quotes left out. */
export function excludedByArticle(): Map<string, ExcludedSection> {
  const text = readFileSync(join(SEED_DIR, 'EXCLUDED.md'), 'utf8');
  const sections = new Map<string, ExcludedSection>();
  for (const part of text.split(/^## /m).slice(1)) {
    const article = /^(\d{3}_[0-9a-f]{16}\.txt)/.exec(part)?.[1];
    if (!article) continue;
    const recorded = Number(/^Recorded: (\d+) development/m.exec(part)?.[1]);
    const quotes = part
      .split('\n')
      .filter((l) => /^\s*> /.test(l))
      .map((l) => l.replace(/^\s*> /, ''));
    sections.set(article, { recorded, quotes });
  }
  return sections;
}
