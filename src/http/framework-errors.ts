import type { FastifyReply, FastifyRequest } from 'fastify';
import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import { sendProblem } from '../errors/problem.filter.js';
import { Problem } from '../errors/problems.js';
import { toProblem } from '../errors/to-problem.js';

/** Longest request target accepted; longer ones get a 414 before routing. */
export const MAX_URL_LENGTH = 8192;

const uriTooLong = () =>
  new Problem(414, 'URI_TOO_LONG', 'URI too long', `the request target is longer than ${MAX_URL_LENGTH} characters`);

/** Errors the router raises before any hook runs (a malformed URL, an over-long parameter): problem+json too. */
export function frameworkErrors(error: Error & { code?: string }, request: FastifyRequest, reply: FastifyReply): void {
  const problem =
    error.code === 'FST_ERR_MAX_PARAM_LENGTH'
      ? uriTooLong()
      : error.code === 'FST_ERR_BAD_URL'
        ? new Problem(400, 'BAD_URL', 'Bad request', 'the URL is not valid (a malformed percent-encoding?)')
        : error;
  sendProblem(problem, request, reply);
}

/** Refuses an over-long request target before routing it. */
export async function limitUrlLength(request: FastifyRequest): Promise<void> {
  if (request.raw.url !== undefined && request.raw.url.length > MAX_URL_LENGTH) throw uriTooLong();
}

const CLIENT_ERRORS: Record<string, [number, string, string]> = {
  ERR_HTTP_REQUEST_TIMEOUT: [408, 'REQUEST_TIMEOUT', 'the request was not received in time'],
  HPE_HEADER_OVERFLOW: [431, 'HEADERS_TOO_LARGE', 'the request headers are too large'],
  HPE_URI_TOO_LONG: [414, 'URI_TOO_LONG', 'the request target is too long'],
};

/**
 * Answers what Node's HTTP parser refuses before any request object exists (timeouts, oversized
 * headers, unparsable requests) with problem+json, then closes the connection.
 */
export function clientError(error: Error & { code?: string }, socket: Duplex): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const [status, code, detail] = CLIENT_ERRORS[error.code ?? ''] ?? [
    400,
    'BAD_REQUEST',
    'the request could not be parsed as HTTP',
  ];
  const body = JSON.stringify(toProblem(new Problem(status, code, STATUS_CODES[status] ?? 'Error', detail)));
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/problem+json\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy(error);
}
