import type { FastifyReply } from 'fastify';

/**
 * The status of a write that was stored: 201 (or 200 when it only repeated what was stored) once
 * the views show it; 202 when they do not yet, with `Location` where the stored resource already
 * reads, since it is read from the log.
 */
export function acknowledge(
  reply: FastifyReply,
  write: { created: boolean; viewsCurrent: boolean; location?: string },
): void {
  reply.status(!write.viewsCurrent ? 202 : write.created ? 201 : 200);
  if (write.location) reply.header('location', write.location);
}
