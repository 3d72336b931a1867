import { HttpException } from '@nestjs/common';
import { STATUS_CODES } from 'node:http';
import { StorageFullError, StoreUnavailableError } from '../store/errors.js';
import { Problem } from './problems.js';
import { Rejection, type RejectionCode } from './rejection.js';
import { fromStoreError } from './store-errors.js';
import { noteDamage } from '../read-model/damage.js';

export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  instance?: string;
  [key: string]: unknown;
}

/** The HTTP status of each way a command or a query can be refused. */
export const REJECTIONS: Record<RejectionCode, { status: number; title: string }> = {
  INVALID_PARAMETER: { status: 400, title: 'Bad request' },
  BAD_ID: { status: 400, title: 'Bad request' },
  BAD_IF_MATCH: { status: 400, title: 'Bad request' },
  BAD_CURSOR: { status: 400, title: 'Bad request' },
  BAD_RANGE: { status: 400, title: 'Bad request' },
  TOO_MANY_STEPS: { status: 400, title: 'Bad request' },
  BAD_POSITION: { status: 400, title: 'Bad request' },
  POSITION_AHEAD_OF_LOG: { status: 400, title: 'Bad request' },
  VALIDATION_FAILED: { status: 422, title: 'Validation failed' },
  UNKNOWN_SUBJECT: { status: 422, title: 'Unknown subject' },
  EVENT_TOO_LARGE: { status: 413, title: 'Payload too large' },
  BATCH_TOO_LARGE: { status: 413, title: 'Payload too large' },
  NOT_FOUND: { status: 404, title: 'Not found' },
  ID_CONFLICT: { status: 409, title: 'Conflict' },
  ENTITY_EXISTS: { status: 409, title: 'Conflict' },
  DEVELOPMENT_RETRACTED: { status: 409, title: 'Conflict' },
  CONCURRENCY_CONFLICT: { status: 409, title: 'Conflict' },
  REVISION_MISMATCH: { status: 412, title: 'Precondition failed' },
  IMPORT_REJECTED: { status: 422, title: 'Import rejected' },
};

/** Errors Fastify raises while reading a request, before any handler runs. */
const FASTIFY_ERRORS: Record<string, { status: number; code: string; title: string }> = {
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { status: 415, code: 'UNSUPPORTED_MEDIA_TYPE', title: 'Unsupported media type' },
  FST_ERR_CTP_BODY_TOO_LARGE: { status: 413, code: 'PAYLOAD_TOO_LARGE', title: 'Payload too large' },
  FST_ERR_CTP_EMPTY_JSON_BODY: { status: 400, code: 'MALFORMED_JSON', title: 'Bad request' },
  FST_ERR_CTP_INVALID_JSON_BODY: { status: 400, code: 'MALFORMED_JSON', title: 'Bad request' },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { status: 400, code: 'BAD_CONTENT_LENGTH', title: 'Bad request' },
  FST_ERR_CTP_INVALID_TYPE: { status: 415, code: 'UNSUPPORTED_MEDIA_TYPE', title: 'Unsupported media type' },
};

/** SQLite failures of the local files (the read model, webhooks) met while answering a request. */
const SQLITE_ERRORS: Record<string, { status: number; code: string; title: string; detail: string }> = {
  SQLITE_FULL: { status: 507, code: 'INSUFFICIENT_STORAGE', title: 'Insufficient storage', detail: 'the disk is full' },
  SQLITE_BUSY: {
    status: 503,
    code: 'BUSY',
    title: 'Service unavailable',
    detail: 'the database is busy (another process holds it); retry shortly',
  },
  SQLITE_CORRUPT: {
    status: 503,
    code: 'READ_MODEL_UNAVAILABLE',
    title: 'Service unavailable',
    detail: 'a database file is damaged; see /health/ready',
  },
  SQLITE_NOTADB: {
    status: 503,
    code: 'READ_MODEL_UNAVAILABLE',
    title: 'Service unavailable',
    detail: 'a database file is damaged; see /health/ready',
  },
  SQLITE_IOERR: {
    status: 503,
    code: 'READ_MODEL_UNAVAILABLE',
    title: 'Service unavailable',
    detail: 'a database file could not be read or written',
  },
};

/** Maps any error to problem+json; unknown errors become a 500 whose detail hides internals. */
export function toProblem(error: unknown, instance?: string): ProblemBody {
  const body = describe(fromStoreError(error));
  return { ...body, type: `urn:timeline:problem:${body.code.toLowerCase()}`, ...(instance ? { instance } : {}) };
}

interface ProblemFields {
  title: string;
  status: number;
  detail: string;
  code: string;
  [key: string]: unknown;
}

function describe(error: unknown): ProblemFields {
  if (error instanceof Problem) {
    return { title: error.title, status: error.status, detail: error.message, code: error.code, ...error.extra };
  }
  if (error instanceof Rejection)
    return { ...REJECTIONS[error.code], detail: error.message, code: error.code, ...error.details };
  if (error instanceof StorageFullError) {
    return {
      title: 'Insufficient storage',
      status: 507,
      detail: `${error.message}; nothing was stored`,
      code: 'INSUFFICIENT_STORAGE',
    };
  }
  if (error instanceof StoreUnavailableError) {
    return { title: 'Service unavailable', status: 503, detail: error.message, code: error.code, retryAfter: 1 };
  }
  if (error instanceof HttpException && error.cause) {
    const cause = describe(error.cause);
    if (cause.status < 500) return cause;
  }
  const code = (error as { code?: unknown })?.code;
  if (typeof code === 'string' && FASTIFY_ERRORS[code])
    return { ...FASTIFY_ERRORS[code], detail: (error as Error).message };
  noteDamage(code);
  const sqlite =
    typeof code === 'string' && code.startsWith('SQLITE_')
      ? SQLITE_ERRORS[code.replace(/^(SQLITE_[A-Z]+)_.*$/, '$1')]
      : undefined;
  if (sqlite) return { ...sqlite, ...(sqlite.status === 503 ? { retryAfter: 1 } : {}) };
  if (error instanceof SyntaxError && (error as { statusCode?: number }).statusCode === 400) {
    return { title: 'Bad request', status: 400, detail: `malformed JSON: ${error.message}`, code: 'MALFORMED_JSON' };
  }
  if (error instanceof HttpException) {
    const status = error.getStatus();
    return { title: STATUS_CODES[status] ?? 'Error', status, detail: error.message, code: httpCode(status) };
  }
  const status = (error as { statusCode?: unknown })?.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    return { title: STATUS_CODES[status] ?? 'Error', status, detail: (error as Error).message, code: httpCode(status) };
  }
  return {
    title: 'Internal server error',
    status: 500,
    detail: 'an unexpected error occurred; it has been logged',
    code: 'INTERNAL',
  };
}

function httpCode(status: number): string {
  const codes: Record<number, string> = {
    400: 'BAD_REQUEST',
    401: 'UNAUTHORIZED',
    403: 'FORBIDDEN',
    404: 'NOT_FOUND',
    405: 'METHOD_NOT_ALLOWED',
    406: 'NOT_ACCEPTABLE',
    408: 'REQUEST_TIMEOUT',
    409: 'CONFLICT',
    413: 'PAYLOAD_TOO_LARGE',
    414: 'URI_TOO_LONG',
    415: 'UNSUPPORTED_MEDIA_TYPE',
    429: 'RATE_LIMITED',
    431: 'HEADERS_TOO_LARGE',
  };
  return codes[status] ?? `HTTP_${status}`;
}
