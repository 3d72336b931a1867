import type { FastifyInstance, FastifyRequest } from 'fastify';
import { badRequest } from '../errors/problems.js';

/** Deeper than any development, entity or webhook needs; deep enough input is refused before it is parsed. */
export const MAX_JSON_DEPTH = 64;

/** True when `text` opens more than `max` objects and arrays inside one another (strings skipped). */
export function nestedDeeperThan(text: string, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92) i++;
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123 || c === 91) {
      if (++depth > max) return true;
    } else if (c === 125 || c === 93) depth--;
  }
  return false;
}

const WITHOUT_BODY = new Set(['DELETE', 'GET', 'HEAD', 'OPTIONS']);

/** Keys that could reach an object's prototype when the parsed body is merged into another object. */
function refuseProtoKeys(key: string, value: unknown): unknown {
  if (
    key === '__proto__' ||
    (key === 'constructor' && typeof value === 'object' && value !== null && 'prototype' in value)
  ) {
    throw badRequest('MALFORMED_JSON', `the key "${key}" is not accepted`);
  }
  return value;
}

/** Parses a JSON body: bounded in size while it streams in (bodyLimit), in depth before parsing. */
export function parseJsonBody(request: FastifyRequest, text: string): unknown {
  if (text.trim() === '') {
    // A client library may label a request that has no body as JSON: on a method that takes none, that is no body.
    if (WITHOUT_BODY.has(request.method)) return undefined;
    throw badRequest('MALFORMED_JSON', 'the body is empty; send JSON');
  }
  if (nestedDeeperThan(text, MAX_JSON_DEPTH)) {
    throw badRequest('JSON_TOO_DEEP', `JSON may nest objects and arrays at most ${MAX_JSON_DEPTH} levels deep`);
  }
  try {
    return JSON.parse(text, /"(?:__proto__|constructor)"\s*:/.test(text) ? refuseProtoKeys : undefined);
  } catch (error) {
    if (error instanceof SyntaxError) throw badRequest('MALFORMED_JSON', `malformed JSON: ${error.message}`);
    throw error;
  }
}

/** Replaces Fastify's JSON parser with the bounded one. */
export function useJsonBodyParser(fastify: FastifyInstance, bodyLimit: number): void {
  fastify.removeContentTypeParser('application/json');
  fastify.addContentTypeParser(
    'application/json',
    { parseAs: 'string', bodyLimit },
    async (request: FastifyRequest, body: string | Buffer) => parseJsonBody(request, body.toString()),
  );
}
