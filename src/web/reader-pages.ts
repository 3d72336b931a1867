import type { FastifyReply, FastifyRequest } from 'fastify';
import type { BuiltPage } from './built-page.js';
import { prefersHtml } from './negotiate.js';
import { CONTENT_SECURITY_POLICY } from './web-page.controller.js';

/** The addresses that are also pages for people: a development, an organisation or government. */
const PAGES: [RegExp, string][] = [
  [/^\/developments\/[^/?]+(?:\?|$)/, 'development'],
  [/^\/entities\/[^/?]+(?:\?|$)/, 'entity'],
];

/**
 * Content negotiation for `/developments/{id}` and `/entities/{id}`: a browser (Accept naming text/html
 * first) gets the page that reads the same address as JSON and shows it in words; every other client
 * keeps the JSON answer. Both answers say they vary by Accept.
 */
export function readerPages(built: BuiltPage | undefined) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return;
    const page = PAGES.find(([path]) => path.test(request.url))?.[1];
    if (!page) return;
    reply.header('vary', 'accept');
    const file = built?.pages.get(page);
    if (!file || !prefersHtml(request.headers.accept)) return;
    reply
      .header('cache-control', 'no-cache')
      .header('content-security-policy', CONTENT_SECURITY_POLICY)
      .header('x-content-type-options', 'nosniff')
      .header('etag', file.etag);
    if (request.headers['if-none-match']?.split(',').some((tag) => tag.trim() === file.etag))
      return reply.status(304).send();
    return reply.type(file.type).send(file.body);
  };
}
