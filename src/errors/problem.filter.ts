import { type ArgumentsHost, Catch, type ExceptionFilter, Injectable } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { StorageFaults } from '../health/storage-faults.js';
import { toProblem } from './to-problem.js';

/** The one place where errors become HTTP responses; damage to a database file is noted for readiness. */
@Catch()
@Injectable()
export class ProblemFilter implements ExceptionFilter {
  constructor(private readonly faults: StorageFaults) {}

  catch(error: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    this.faults.note(error);
    sendProblem(error, http.getRequest<FastifyRequest>(), http.getResponse<FastifyReply>());
  }
}

export function sendProblem(error: unknown, request: FastifyRequest, reply: FastifyReply): void {
  const problem = toProblem(error, request.url);
  if (problem.status >= 500) request.log.error({ err: error }, 'request failed');
  if (reply.sent) return;
  if (typeof problem.retryAfter === 'number') reply.header('retry-after', String(problem.retryAfter));
  if (problem.code === 'SHUTTING_DOWN') reply.header('connection', 'close');
  void reply.status(problem.status).type('application/problem+json').send(problem);
}
