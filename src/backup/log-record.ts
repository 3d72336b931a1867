import { closeSync, openSync, readSync } from 'node:fs';
import type { StoredEvent } from '../store/event-store.js';

/** One line of `timeline export`: a stored event with everything needed to store it again as it was. */
export interface LogRecord {
  position: string;
  stream: string;
  revision: number;
  id: string;
  type: string;
  data: unknown;
  metadata: Record<string, unknown>;
  recordedAt: string;
}

export function toLogRecord(event: StoredEvent): LogRecord {
  const { position, stream, revision, id, type, data, metadata, recordedAt } = event;
  return { position, stream, revision, id, type, data, metadata, recordedAt };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A line of an export file, checked; the reason names the first field that is wrong. */
export function parseLogRecord(line: string): { ok: true; record: LogRecord } | { ok: false; reason: string } {
  let value: Record<string, unknown>;
  try {
    value = JSON.parse(line) as Record<string, unknown>;
  } catch (error) {
    return { ok: false, reason: `malformed JSON: ${(error as Error).message}` };
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    return { ok: false, reason: 'not an object' };
  const { stream, revision, id, type, metadata, recordedAt } = value;
  if (typeof stream !== 'string' || stream === '')
    return { ok: false, reason: 'stream: a non-empty string is required' };
  if (!Number.isInteger(revision) || (revision as number) < 0)
    return { ok: false, reason: 'revision: a whole number >= 0 is required' };
  if (typeof id !== 'string' || !UUID.test(id)) return { ok: false, reason: 'id: a UUID is required' };
  if (typeof type !== 'string' || type === '') return { ok: false, reason: 'type: a non-empty string is required' };
  if (!('data' in value)) return { ok: false, reason: 'data: required' };
  if (metadata === null || typeof metadata !== 'object' || Array.isArray(metadata))
    return { ok: false, reason: 'metadata: an object is required' };
  if (
    typeof recordedAt !== 'string' ||
    Number.isNaN(Date.parse(recordedAt)) ||
    new Date(recordedAt).toISOString() !== recordedAt
  ) {
    return { ok: false, reason: 'recordedAt: an ISO 8601 UTC time with milliseconds is required' };
  }
  return { ok: true, record: value as unknown as LogRecord };
}

/** True when the file's first line is an export record rather than a development or an entity. */
export function isLogExport(file: string): boolean {
  const line = firstLine(file);
  try {
    const value = JSON.parse(line) as Record<string, unknown>;
    return (
      value !== null && typeof value === 'object' && 'stream' in value && 'recordedAt' in value && 'revision' in value
    );
  } catch {
    return false;
  }
}

/** Reads up to the first line break (an event is at most a few MiB), not the whole file. */
function firstLine(file: string): string {
  const fd = openSync(file, 'r');
  try {
    const chunks: Buffer[] = [];
    const chunk = Buffer.alloc(64 * 1024);
    for (let read = readSync(fd, chunk); read > 0 && chunks.length < 64; read = readSync(fd, chunk)) {
      const end = chunk.subarray(0, read).indexOf(10);
      chunks.push(Buffer.from(chunk.subarray(0, end >= 0 ? end : read)));
      if (end >= 0) break;
    }
    return Buffer.concat(chunks).toString('utf8');
  } finally {
    closeSync(fd);
  }
}
