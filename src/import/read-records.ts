import { closeSync, openSync, readdirSync, readFileSync, readSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import type { RecordSource } from './importer.js';

/**
 * The largest file read whole (a `.json` document, a CSV): a little below the longest string the
 * runtime can hold (2^29 - 24 characters). A JSON Lines file is read a chunk at a time, at any size.
 */
export const WHOLE_FILE_MAX_BYTES = 500 * 1024 * 1024;

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
  if (file.endsWith('.json')) {
    const size = statSync(file).size;
    if (size > WHOLE_FILE_MAX_BYTES) return [{ origin: label, value: undefined, parseError: tooLarge(size) }];
    const parsed = parse(readFileSync(file, 'utf8'));
    if ('error' in parsed) return [{ origin: label, value: undefined, parseError: parsed.error }];
    return [parsed.value].flat().map((value, i) => ({ origin: `${label}[${i}]`, value }));
  }
  return [...jsonLines(file, label)];
}

/** A JSON Lines file's records, read as they are asked for (`file:line` each; blank lines skipped). */
function* jsonLines(file: string, label: string): Generator<SourceRecord> {
  let n = 0;
  for (const line of linesOf(file)) {
    n += 1;
    if (line.trim() === '') continue;
    const parsed = parse(line);
    yield {
      origin: `${label}:${n}`,
      value: 'value' in parsed ? parsed.value : undefined,
      ...('error' in parsed ? { parseError: parsed.error } : {}),
    };
  }
}

/**
 * The records of a file or directory as an import reads them: a JSON Lines file is read again for
 * each pass rather than held (it may hold millions of developments); anything else is read once.
 */
export function recordSource(path: string): SourceRecord[] | RecordSource {
  if (statSync(path).isFile() && path.endsWith('.jsonl')) return { records: () => jsonLines(path, path) };
  return readRecords(path);
}

/** Why a file is not read whole. */
export function tooLarge(bytes: number): string {
  return (
    `the file is ${Math.round(bytes / 1024 / 1024)} MB, more than the ${WHOLE_FILE_MAX_BYTES / 1024 / 1024} MB ` +
    'read whole: split it, or write it as JSON Lines (.jsonl), which is read a chunk at a time'
  );
}

/**
 * The lines of a text file (UTF-8), read `chunkBytes` at a time: a JSON Lines file may be larger
 * than the longest string the runtime can hold. A character split across chunks is kept whole.
 */
export function* linesOf(file: string, chunkBytes = 16 * 1024 * 1024): Generator<string> {
  const fd = openSync(file, 'r');
  const buffer = Buffer.allocUnsafe(chunkBytes);
  const decoder = new StringDecoder('utf8');
  let rest = '';
  try {
    for (;;) {
      const read = readSync(fd, buffer, 0, chunkBytes, null);
      if (read === 0) break;
      const lines = (rest + decoder.write(buffer.subarray(0, read))).split('\n');
      rest = lines.pop()!;
      yield* lines;
    }
  } finally {
    closeSync(fd);
  }
  yield rest + decoder.end();
}

function parse(text: string): { value: unknown } | { error: string } {
  try {
    return { value: JSON.parse(text) as unknown };
  } catch (error) {
    return { error: `malformed JSON: ${(error as Error).message}` };
  }
}
