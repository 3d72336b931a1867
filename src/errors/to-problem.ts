import { HttpException } from '@nestjs/common';
import { STATUS_CODES } from 'node:http';
import { ConcurrencyError, DuplicateEventIdError, StoreUnavailableError } from '../store/errors.js';
import { Problem } from './problems.js';

export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  instance?: string;
  [key: string]: unknown;
}

/** Errors Fastify raises while reading a request, before any handler runs. */
const FASTIFY_ERRORS: Record<string, { status: number; code: string; title: string }> = {
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { status: 415, code: 'UNSUPPORTED_MEDIA_TYPE', title: 'Unsupported media type' },
  FST_ERR_CTP_BODY_TOO_LARGE: { status: 413, code: 'PAYLOAD_TOO_LARGE', title: 'Payload too large' },
  FST_ERR_CTP_EMPTY_JSON_BODY: { status: 400, code: 'MALFORMED_JSON', title: 'Bad request' },
  FST_ERR_CTP_INVALID_JSON_BODY: { status: 400, code: 'MALFORMED_JSON', title: 'Bad request' },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { status: 400, code: 'BAD_CONTENT_LENGTH', title: 'Bad request' },
};

/** Maps any error to problem+json; unknown errors become a 500 whose detail hides internals. */
export function toProblem(error: unknown, instance?: string): ProblemBody {
  const body = describe(error);
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
  if (error instanceof ConcurrencyError) {
    return { title: 'Conflict', status: 409, detail: error.message, code: error.code, currentRevision: error.actual === 'no_stream' ? null : error.actual };
  }
  if (error instanceof DuplicateEventIdError) {
    return { title: 'Conflict', status: 409, detail: `id ${error.eventId} is already used by different content`, code: error.code };
  }
  if (error instanceof StoreUnavailableError) {
    return { title: 'Service unavailable', status: 503, detail: error.message, code: error.code };
  }
  if (error instanceof HttpException && error.cause) {
    const cause = describe(error.cause);
    if (cause.status < 500) return cause;
  }
  const fastifyCode = (error as { code?: unknown })?.code;
  if (typeof fastifyCode === 'string' && FASTIFY_ERRORS[fastifyCode]) {
    const known = FASTIFY_ERRORS[fastifyCode];
    return { ...known, detail: (error as Error).message };
  }
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
  return { title: 'Internal server error', status: 500, detail: 'an unexpected error occurred; it has been logged', code: 'INTERNAL' };
}

function httpCode(status: number): string {
  const codes: Record<number, string> = {
    400: 'BAD_REQUEST', 401: 'UNAUTHORIZED', 403: 'FORBIDDEN', 404: 'NOT_FOUND', 405: 'METHOD_NOT_ALLOWED',
    406: 'NOT_ACCEPTABLE', 409: 'CONFLICT', 413: 'PAYLOAD_TOO_LARGE', 415: 'UNSUPPORTED_MEDIA_TYPE', 429: 'RATE_LIMITED',
  };
  return codes[status] ?? `HTTP_${status}`;
}
