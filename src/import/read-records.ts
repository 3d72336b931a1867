import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

export interface SourceRecord {
  /** `file:line` for reporting. */
  origin: string;
  value: unknown;
  /** Set when the line is not JSON. */
  parseError?: string;
}

/** Reads `.jsonl` (one record a line) and `.json` (an array or one record) files, a directory recursively. */
export function readRecords(path: string): SourceRecord[] {
  if (statSync(path).isDirectory()) {
    return readdirSync(path, { recursive: true, encoding: 'utf8' })
      .filter((name) => /\.jsonl?$/.test(name))
      .sort()
      .flatMap((name) => readFile(join(path, name), relative(path, join(path, name))));
  }
  return readFile(path, path);
}

function readFile(file: string, label: string): SourceRecord[] {
  const text = readFileSync(file, 'utf8');
  if (file.endsWith('.json')) {
    const parsed = parse(text);
    if ('error' in parsed) return [{ origin: label, value: undefined, parseError: parsed.error }];
    return [parsed.value].flat().map((value, i) => ({ origin: `${label}[${i}]`, value }));
  }
  return text.split('\n').flatMap((line, i) => {
    if (line.trim() === '') return [];
    const parsed = parse(line);
    return [
      {
        origin: `${label}:${i + 1}`,
        value: 'value' in parsed ? parsed.value : undefined,
        ...('error' in parsed ? { parseError: parsed.error } : {}),
      },
    ];
  });
}

function parse(text: string): { value: unknown } | { error: string } {
  try {
    return { value: JSON.parse(text) as unknown };
  } catch (error) {
    return { error: `malformed JSON: ${(error as Error).message}` };
  }
}
