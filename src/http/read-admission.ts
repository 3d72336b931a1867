import type { FastifyReply, FastifyRequest } from 'fastify';
import { Problem } from '../errors/problems.js';

/**
 * Reads that query the read model at length: the timeline, the views and what is derived from
 * them, Atom. Streams (feed, watch, paced replay) have their own caps; `/health`, `/metrics`,
 * the catalogue, the docs and the page are cheap and always answer.
 */
const HEAVY =
  /^\/(?:timeline|expectations|feed\.atom|replay(?!\/stream)|entities\/[^/?]+|state\/[^/?]+(?:\/(?:changes|series))?)(?:[?]|$)/;

/**
 * Admits heavy reads a few at a time and queues the rest, so that however many arrive at once,
 * `/health` and writes wait for at most the reads already running. Each admission is given on a
 * later turn of the event loop, letting waiting connections be read in between. Beyond the queue,
 * a read is refused with 503 `BUSY` and `Retry-After`.
 */
export class ReadAdmission {
  private running = 0;
  private readonly waiting: { turn: Turn; resume: () => void }[] = [];

  constructor(
    private readonly concurrent: number,
    private readonly queue: number,
  ) {}

  /** The onRequest hook: waits for a turn when the request is a heavy read. */
  readonly hook = async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    if ((request.method !== 'GET' && request.method !== 'HEAD') || !HEAVY.test(request.raw.url ?? '')) return;
    const turn: Turn = { admitted: false, gone: false, done: false };
    // Listening before the wait: a client that leaves while queued gives its turn to the next.
    const release = () => {
      turn.gone = true;
      if (!turn.admitted || turn.done) return;
      turn.done = true;
      this.leave();
    };
    reply.raw.once('close', release);
    reply.raw.once('finish', release);
    await this.enter(turn);
  };

  get queued(): number {
    return this.waiting.length;
  }

  private enter(turn: Turn): Promise<void> {
    if (this.running < this.concurrent && this.waiting.length === 0) {
      this.running++;
      turn.admitted = true;
      return new Promise((resolve) => setImmediate(resolve));
    }
    if (this.waiting.length >= this.queue) return Promise.reject(busy(this.concurrent + this.queue));
    return new Promise((resolve) => this.waiting.push({ turn, resume: resolve }));
  }

  private leave(): void {
    let next = this.waiting.shift();
    while (next?.turn.gone) {
      next.resume();
      next = this.waiting.shift();
    }
    if (!next) {
      this.running--;
      return;
    }
    next.turn.admitted = true;
    // The slot passes to the next read on a later turn: connections waiting to be read go first.
    setImmediate(next.resume);
  }
}

interface Turn {
  admitted: boolean;
  /** The client left, or the answer was sent. */
  gone: boolean;
  /** Its slot was given back. */
  done: boolean;
}

function busy(held: number): Problem {
  return new Problem(
    503,
    'BUSY',
    'Service busy',
    `the service is answering ${held} heavy reads already; retry shortly`,
    { retryAfter: 1 },
  );
}
