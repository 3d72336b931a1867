import type { FastifyReply, FastifyRequest } from 'fastify';

const CLOSE_GRACE_MS = 10_000;

export interface SseMessage {
  id?: string;
  event: string;
  data: unknown;
}

/**
 * One Server-Sent Events response. Writes wait while the socket is full; a client that keeps it
 * full longer than `drainTimeoutMs` gets a last `overflow` message and is disconnected, so a slow
 * reader never makes the server buffer without bound.
 */
export class SseStream {
  private open = true;
  private readonly heartbeat: NodeJS.Timeout;
  private readonly closeListeners: (() => void)[] = [];

  constructor(
    request: FastifyRequest,
    private readonly reply: FastifyReply,
    heartbeatMs: number,
    private readonly drainTimeoutMs: number,
  ) {
    reply.hijack();
    reply.raw.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
      'x-request-id': String(request.id),
    });
    reply.raw.write('retry: 2000\n\n');
    this.heartbeat = setInterval(() => this.open && reply.raw.write(': heartbeat\n\n'), heartbeatMs);
    request.raw.on('close', () => this.end());
  }

  get isOpen(): boolean {
    return this.open;
  }

  onClose(listener: () => void): void {
    this.closeListeners.push(listener);
  }

  /**
   * Resolves true once the message is written, false when the stream is closed or overflowed. A
   * message that fills the socket is still queued, so the overflow's resume point is its own id.
   */
  async send(message: SseMessage): Promise<boolean> {
    if (!this.open) return false;
    if (this.reply.raw.write(frameOf(message))) return true;
    const drained = await new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => {
        this.reply.raw.off('drain', onDrain);
        resolve(false);
      }, this.drainTimeoutMs);
      const onDrain = () => {
        clearTimeout(timer);
        resolve(true);
      };
      this.reply.raw.once('drain', onDrain);
    });
    if (drained) return this.open;
    this.reply.raw.write(
      frameOf({ event: 'overflow', data: { reason: 'the client did not keep up', resumeFrom: message.id ?? null } }),
    );
    this.end();
    return false;
  }

  /** Ends the response; a client still reading gets `graceMs` to take what was sent before its socket is closed. */
  end(graceMs = CLOSE_GRACE_MS): void {
    if (!this.open) return;
    this.open = false;
    clearInterval(this.heartbeat);
    this.reply.raw.end();
    setTimeout(() => this.reply.raw.destroy(), graceMs).unref();
    for (const listener of this.closeListeners) listener();
  }
}

/** One message goes to every listener of the live feed: it is framed once, as bytes, for all of them. */
const framed = new WeakMap<object, { id?: string; event: string; frame: Buffer }>();

export function frameOf({ id, event, data }: SseMessage): Buffer {
  const cacheable = typeof data === 'object' && data !== null;
  const cached = cacheable ? framed.get(data) : undefined;
  if (cached && cached.id === id && cached.event === event) return cached.frame;
  const frame = Buffer.from(
    `${id !== undefined ? `id: ${id}\n` : ''}event: ${event}\ndata: ${JSON.stringify(data)}\n\n`,
  );
  if (cacheable) framed.set(data, { id, event, frame });
  return frame;
}
