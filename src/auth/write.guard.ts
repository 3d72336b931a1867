import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { tooManyRequests, unauthorized } from '../errors/problems.js';
import { ApiKeys } from './api-keys.js';
import { RateLimiter } from './rate-limiter.js';

const PRINCIPAL = Symbol('principal');

type WithPrincipal = FastifyRequest & { [PRINCIPAL]?: string };

/** Requests that need a key: every write, and the webhook routes (a partner's configuration). */
export function needsKey(method: string, route: string | undefined): boolean {
  return (
    !['GET', 'HEAD', 'OPTIONS'].includes(method) || route === '/webhooks' || route?.startsWith('/webhooks/') === true
  );
}

/**
 * Writes need `Authorization: Bearer <key>` and stay within the key's rate. The check runs when the
 * request arrives (`authenticateEarly`), before its body is read, so a client without a key cannot
 * make the service read and parse a large body; the guard on each route checks it again.
 */
@Injectable()
export class WriteGuard implements CanActivate {
  constructor(
    private readonly keys: ApiKeys,
    private readonly limiter: RateLimiter,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    this.authenticate(context.switchToHttp().getRequest<FastifyRequest>());
    return true;
  }

  /** Sets the request's principal once, taking one token of its rate; throws 401 or 429. */
  authenticate(request: WithPrincipal): void {
    if (request[PRINCIPAL]) return;
    const header = request.headers.authorization;
    if (!header) throw unauthorized('writes need an Authorization: Bearer <key> header');
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    const principal = match ? this.keys.verify(match[1]!) : undefined;
    if (!principal) throw unauthorized('the API key is not valid');
    const wait = this.limiter.take(principal);
    if (wait > 0) throw tooManyRequests(`write rate exceeded for this key; retry in ${wait} s`, wait);
    request[PRINCIPAL] = principal;
  }

  /** An `onRequest` hook: authenticates requests to routes that need a key, before the body is read. */
  authenticateEarly(request: FastifyRequest): void {
    if (!request.is404 && needsKey(request.method, request.routeOptions.url)) this.authenticate(request);
  }
}

export function principalOf(request: FastifyRequest): string {
  return (request as WithPrincipal)[PRINCIPAL] ?? 'anonymous';
}
