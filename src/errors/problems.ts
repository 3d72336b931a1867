import type { FieldError } from '../../events/index.js';

/**
 * An error a client can act on: an HTTP status, a stable `code`, and the failing fields.
 * The problem filter turns it into RFC 9457 problem+json.
 */
export class Problem extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly title: string,
    detail: string,
    readonly extra: { errors?: FieldError[] | ItemError[]; [key: string]: unknown } = {},
  ) {
    super(detail);
  }
}

/** A field error within one item of a batch. */
export interface ItemError extends FieldError {
  index: number;
}

export const validationFailed = (errors: FieldError[] | ItemError[], detail?: string) =>
  new Problem(422, 'VALIDATION_FAILED', 'Validation failed',
    detail ?? `${errors.length} field${errors.length === 1 ? '' : 's'} failed validation: ${errors.map((e) => e.path).join(', ')}`,
    { errors });

export const badRequest = (code: string, detail: string, errors?: FieldError[]) =>
  new Problem(400, code, 'Bad request', detail, errors ? { errors } : {});

export const notFound = (what: string, id: string) =>
  new Problem(404, 'NOT_FOUND', 'Not found', `${what} ${id} does not exist`);

export const unknownSubjects = (refs: string[], errors: FieldError[] | ItemError[]) =>
  new Problem(422, 'UNKNOWN_SUBJECT', 'Unknown subject',
    `not registered: ${refs.join(', ')} (register entities with POST /entities)`, { errors, unknown: refs });

export const conflict = (code: string, detail: string, extra: Problem['extra'] = {}) =>
  new Problem(409, code, 'Conflict', detail, extra);

export const preconditionFailed = (detail: string, currentRevision: number | null) =>
  new Problem(412, 'REVISION_MISMATCH', 'Precondition failed', detail, { currentRevision });

export const unauthorized = (detail: string) => new Problem(401, 'UNAUTHORIZED', 'Unauthorized', detail);

export const tooManyRequests = (detail: string, retryAfterSeconds: number) =>
  new Problem(429, 'RATE_LIMITED', 'Too many requests', detail, { retryAfter: retryAfterSeconds });

export const unavailable = (detail: string) => new Problem(503, 'STORE_UNAVAILABLE', 'Service unavailable', detail);
