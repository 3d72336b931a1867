import { type ArgumentsHost, Catch, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { toProblem } from './to-problem.js';

/** The one place where errors become HTTP responses. */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  catch(error: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    sendProblem(error, http.getRequest<FastifyRequest>(), http.getResponse<FastifyReply>());
  }
}

export function sendProblem(error: unknown, request: FastifyRequest, reply: FastifyReply): void {
  const problem = toProblem(error, request.url);
  if (problem.status >= 500) request.log.error({ err: error }, 'request failed');
  if (problem.status === 429 && typeof problem.retryAfter === 'number') reply.header('retry-after', String(problem.retryAfter));
  if (reply.sent) return;
  void reply.status(problem.status).type('application/problem+json').send(problem);
}
