import { createHash } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

export interface Validators {
  etag: string;
  lastModified: string;
}

/**
 * The feed's validators: a strong ETag of the exact bytes (the same filters and entries give the
 * same document) and the time of its newest change, which feed readers poll with.
 */
export function feedValidators(body: string, updated: string): Validators {
  const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
  return { etag, lastModified: new Date(updated).toUTCString() };
}

/** RFC 9110 §13.2.2: If-None-Match decides when present; otherwise If-Modified-Since, to the second. */
export function notModified(headers: IncomingHttpHeaders, { etag, lastModified }: Validators): boolean {
  const noneMatch = headers['if-none-match'];
  if (noneMatch !== undefined) {
    return noneMatch
      .split(',')
      .map((tag) => tag.trim().replace(/^W\//, ''))
      .some((tag) => tag === '*' || tag === etag);
  }
  const since = Date.parse(headers['if-modified-since'] ?? '');
  return Number.isFinite(since) && Date.parse(lastModified) <= since;
}
