import { StoreUnavailableError } from '../errors.js';

/** Connection exceptions (08), operator intervention (57P), too many connections, no such database, bad login. */
const UNAVAILABLE_CODES = /^(08|57P|53300$|3D000$|28)/;
const UNAVAILABLE_ERRNOS = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'ENOTFOUND', 'EHOSTUNREACH', 'EPIPE', 'EAI_AGAIN']);
const UNAVAILABLE_MESSAGES = /Connection terminated|timeout exceeded when trying to connect|Cannot use a pool after calling end|not queryable|Query read timeout/;

/** An insert lost a race with a concurrent one (same id or same stream revision), or a deadlock: read again and retry. */
export function isRetryable(error: unknown): boolean {
  const code = (error as { code?: unknown })?.code;
  return code === '23505' || code === '40P01';
}

/** Turns trouble reaching the server into the port's StoreUnavailableError; anything else is returned unchanged. */
export function toPortError(error: unknown): unknown {
  if (!(error instanceof Error) || error instanceof StoreUnavailableError) return error;
  const code = String((error as { code?: unknown }).code ?? '');
  const unavailable = UNAVAILABLE_CODES.test(code) || UNAVAILABLE_ERRNOS.has(code) || UNAVAILABLE_MESSAGES.test(error.message)
    || (error instanceof AggregateError && error.errors.some((e) => toPortError(e) instanceof StoreUnavailableError));
  return unavailable ? new StoreUnavailableError(`PostgreSQL is unavailable: ${error.message || code}`, { cause: error }) : error;
}
