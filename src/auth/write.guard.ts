import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { tooManyRequests, unauthorized } from '../errors/problems.js';
import { ApiKeys } from './api-keys.js';
import { RateLimiter } from './rate-limiter.js';

const PRINCIPAL = Symbol('principal');

/** Writes need `Authorization: Bearer <key>` and stay within the key's rate. */
@Injectable()
export class WriteGuard implements CanActivate {
  constructor(private readonly keys: ApiKeys, private readonly limiter: RateLimiter) {}

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<FastifyRequest & { [PRINCIPAL]?: string }>();
    const header = request.headers.authorization;
    if (!header) throw unauthorized('writes need an Authorization: Bearer <key> header');
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    const principal = match ? this.keys.verify(match[1]!) : undefined;
    if (!principal) throw unauthorized('the API key is not valid');
    const wait = this.limiter.take(principal);
    if (wait > 0) throw tooManyRequests(`write rate exceeded for this key; retry in ${wait} s`, wait);
    request[PRINCIPAL] = principal;
    return true;
  }
}

export function principalOf(request: FastifyRequest): string {
  return (request as FastifyRequest & { [PRINCIPAL]?: string })[PRINCIPAL] ?? 'anonymous';
}
