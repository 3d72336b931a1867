import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { forbiddenRole, tooManyRequests, unauthorized } from '../errors/problems.js';
import { ApiKeys } from './api-keys.js';
import { AuthFailures, RateLimiter } from './rate-limiter.js';
import { allows, isWrite, type Principal, roleNeeded } from './roles.js';

const PRINCIPAL = Symbol('principal');

type WithPrincipal = FastifyRequest & { [PRINCIPAL]?: Principal };

/**
 * Requests that need a key (`roleNeeded`) carry `Authorization: Bearer <key>` of a role that allows
 * them, and writes stay within the key's rate. The check runs when the request arrives
 * (`authenticateEarly`), before its body is read, so a client without a key cannot make the service
 * read and parse a large body; the guard on each route checks it again.
 */
@Injectable()
export class WriteGuard implements CanActivate {
  constructor(
    private readonly keys: ApiKeys,
    private readonly limiter: RateLimiter,
    private readonly failures: AuthFailures,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    this.authenticate(context.switchToHttp().getRequest<FastifyRequest>());
    return true;
  }

  /** Sets the request's principal once, taking one token of its rate for a write; throws 401, 403 or 429. */
  authenticate(request: WithPrincipal): void {
    if (request[PRINCIPAL]) return;
    const header = request.headers.authorization;
    if (!header) throw unauthorized('this needs an Authorization: Bearer <key> header');
    // A client that has guessed wrong too often is refused before its key is looked at, right or wrong,
    // so guessing cannot go on at full speed behind the 429s.
    const blocked = this.failures.limiter.peek(request.ip);
    if (blocked > 0) throw tooManyRequests(`too many wrong keys from this client; retry in ${blocked} s`, blocked);
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    const principal = match ? this.keys.verify(match[1]!) : undefined;
    if (!principal) {
      this.failures.limiter.take(request.ip);
      throw unauthorized('the API key is not valid');
    }
    const needed = roleNeeded(request.method, request.routeOptions.url) ?? 'reader';
    if (!allows(principal.role, needed)) throw forbiddenRole(needed, principal);
    if (isWrite(request.method)) {
      const wait = this.limiter.take(principal.id);
      if (wait > 0) throw tooManyRequests(`write rate exceeded for this key; retry in ${wait} s`, wait);
    }
    request[PRINCIPAL] = principal;
  }

  /** An `onRequest` hook: authenticates requests to routes that need a key, before the body is read. */
  authenticateEarly(request: FastifyRequest): void {
    if (!request.is404 && roleNeeded(request.method, request.routeOptions.url)) this.authenticate(request);
  }
}

/** Who the request acts as; only routes behind the guard ask, so there always is one. */
export function principalOf(request: FastifyRequest): Principal {
  const principal = (request as WithPrincipal)[PRINCIPAL];
  if (!principal) throw new Error('principalOf called on a route without the key guard');
  return principal;
}
