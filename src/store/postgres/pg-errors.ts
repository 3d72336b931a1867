import { StoreUnavailableError } from '../errors.js';

/**
 * Connection exceptions (08), operator intervention (57P: terminated, shutting down), a cancelled
 * query (57014: pg_cancel_backend, statement_timeout), a lock or idle timeout (55P03, 25P03), a
 * serialisation failure (40001), too many connections, no such database, bad login. Each is
 * temporary or outside the request: the caller may retry, and nothing of a refused write was stored.
 */
const UNAVAILABLE_CODES = /^(08|57P|57014$|55P03$|25P03$|40001$|53300$|3D000$|28)/;
const UNAVAILABLE_ERRNOS = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EHOSTUNREACH',
  'EPIPE',
  'EAI_AGAIN',
]);
const UNAVAILABLE_MESSAGES =
  /Connection terminated|timeout exceeded when trying to connect|Cannot use a pool after calling end|not queryable|Query read timeout/;

/** An insert lost a race with a concurrent one (same id or same stream revision), or a deadlock: read again and retry. */
export function isRetryable(error: unknown): boolean {
  const code = (error as { code?: unknown })?.code;
  return code === '23505' || code === '40P01';
}

/** Turns trouble reaching the server into the port's StoreUnavailableError; anything else is returned unchanged. */
export function toPortError(error: unknown): unknown {
  // Socket errors may come from another realm (a test's VM context): judged by shape, not by `instanceof Error`.
  if (typeof error !== 'object' || error === null || error instanceof StoreUnavailableError) return error;
  const { code, message, errors } = error as { code?: unknown; message?: unknown; errors?: unknown };
  const text = typeof message === 'string' ? message : '';
  const unavailable =
    UNAVAILABLE_CODES.test(String(code ?? '')) ||
    UNAVAILABLE_ERRNOS.has(String(code)) ||
    UNAVAILABLE_MESSAGES.test(text) ||
    (Array.isArray(errors) && errors.some((e) => toPortError(e) instanceof StoreUnavailableError));
  if (!unavailable) return error;
  return new StoreUnavailableError(`PostgreSQL is unavailable: ${text || String(code)}`, { cause: error });
}
