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

  constructor(request: FastifyRequest, private readonly reply: FastifyReply, heartbeatMs: number, private readonly drainTimeoutMs: number) {
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
    if (this.reply.raw.write(format(message))) return true;
    const drained = await new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => { this.reply.raw.off('drain', onDrain); resolve(false); }, this.drainTimeoutMs);
      const onDrain = () => { clearTimeout(timer); resolve(true); };
      this.reply.raw.once('drain', onDrain);
    });
    if (drained) return this.open;
    this.reply.raw.write(format({ event: 'overflow', data: { reason: 'the client did not keep up', resumeFrom: message.id ?? null } }));
    this.end();
    return false;
  }

  end(): void {
    if (!this.open) return;
    this.open = false;
    clearInterval(this.heartbeat);
    this.reply.raw.end();
    // Leave a slow client time to read up to the overflow message, then free its socket.
    setTimeout(() => this.reply.raw.destroy(), CLOSE_GRACE_MS).unref();
    for (const listener of this.closeListeners) listener();
  }
}

/** One message object goes to every listener of the live feed: serialise it once. */
const serialised = new WeakMap<object, string>();

function format({ id, event, data }: SseMessage): string {
  let json = typeof data === 'object' && data !== null ? serialised.get(data) : undefined;
  if (json === undefined) {
    json = JSON.stringify(data);
    if (typeof data === 'object' && data !== null) serialised.set(data, json);
  }
  return `${id !== undefined ? `id: ${id}\n` : ''}event: ${event}\ndata: ${json}\n\n`;
}
