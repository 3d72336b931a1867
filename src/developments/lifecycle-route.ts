import {
  applyDecorators,
  createParamDecorator,
  type ExecutionContext,
  HttpCode,
  Post,
  UseGuards,
} from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiParam } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { principalOf, WriteGuard } from '../auth/write.guard.js';
import { refused } from '../errors/rejection.js';
import { acknowledge } from '../http/acknowledge.js';
import { uuidParam } from '../http/id-param.js';
import type { LifecycleResult } from './append-lifecycle.js';

/**
 * The correction and retraction endpoints are one endpoint but for their path, their words and their
 * command: this module is that endpoint. A request to either is the development's id (a UUID), the
 * body, the revision its If-Match names, and who sends it; the answer is 201 (200 for a retry) or
 * 202, with the development's new revision as its ETag and the development as its Location.
 */
export interface LifecycleRequest {
  developmentId: string;
  body: unknown;
  /** The revision the client's If-Match names. */
  ifMatch: number | undefined;
  /** The name of the key that sends it. */
  principal: string;
}

/** `POST /developments/{id}/<path>`, for an editor key, documented with what it does. */
export function LifecycleRoute(path: string, what: string, summary: string): MethodDecorator {
  return applyDecorators(
    Post(`developments/:id/${path}`),
    HttpCode(201),
    UseGuards(WriteGuard),
    ApiBearerAuth(),
    ApiParam({ name: 'id', description: "The development's id (a UUID)", schema: { type: 'string', format: 'uuid' } }),
    ApiHeader({ name: 'If-Match', required: false, description: `The revision (ETag) the ${what} is based on` }),
    ApiOperation({ summary }),
  );
}

/** The request of a correction or retraction, read from the route: BAD_ID and BAD_IF_MATCH when unreadable. */
export const Lifecycle = createParamDecorator(async (_data: unknown, context: ExecutionContext) => {
  const request = context.switchToHttp().getRequest<FastifyRequest<{ Params: { id: string } }>>();
  const developmentId = (await uuidParam.transform(request.params.id, { type: 'param', data: 'id' })) as string;
  return {
    developmentId,
    body: request.body,
    ifMatch: parseIfMatch(request.headers['if-match']),
    principal: principalOf(request).name,
  } satisfies LifecycleRequest;
});

/** The answer to a stored correction or retraction. */
export function answerLifecycle(reply: FastifyReply, outcome: LifecycleResult): Omit<LifecycleResult, 'viewsCurrent'> {
  const { viewsCurrent, ...result } = outcome;
  acknowledge(reply, { created: !result.duplicate, viewsCurrent, location: `/developments/${result.id}` });
  reply.header('etag', `"${result.revision}"`);
  return result;
}

function parseIfMatch(header: string | string[] | undefined): number | undefined {
  if (header === undefined) return undefined;
  const match = typeof header === 'string' ? /^(?:W\/)?"?(\d+)"?$/.exec(header.trim()) : null;
  if (!match)
    throw refused('BAD_IF_MATCH', 'If-Match must be a revision such as "3"', [
      { path: 'If-Match', code: 'invalid', message: 'If-Match must be a revision such as "3"' },
    ]);
  return Number(match[1]);
}
