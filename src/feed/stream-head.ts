import type { FastifyReply, FastifyRequest } from 'fastify';

/** The Server-Sent Events routes: the feed, the paced replay and the view watches. */
const STREAM_ROUTES = /^\/(?:feed|replay\/stream|state\/[^/?]+\/watch)(?:[?]|$)/;

/**
 * HEAD on a stream answers its headers at once: a stream has no end for the body HEAD leaves
 * out, and a client checking a URL must not hold one of its stream slots while it waits.
 */
export async function answerStreamHead(request: FastifyRequest, reply: FastifyReply): Promise<void> {
  if (request.method !== 'HEAD' || !STREAM_ROUTES.test(request.raw.url ?? '')) return;
  await reply
    .code(200)
    .header('content-type', 'text/event-stream; charset=utf-8')
    .header('cache-control', 'no-cache')
    .send();
}
