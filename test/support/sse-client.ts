import { sseMessages, type ParsedSse } from '../../src/feed/sse-parser.js';

/** An SSE connection for tests: collects messages and lets a test wait for them. */
export class SseClient {
  readonly messages: ParsedSse[] = [];
  private readonly controller = new AbortController();
  private waiters: (() => void)[] = [];
  status = 0;
  ended = false;
  readonly done: Promise<void>;

  private constructor(response: Response) {
    this.status = response.status;
    this.done = (async () => {
      try {
        for await (const message of sseMessages(response.body!)) {
          this.messages.push(message);
          this.waiters.forEach((w) => w());
        }
      } catch {
        /* aborted */
      }
      this.ended = true;
      this.waiters.forEach((w) => w());
    })();
  }

  static async connect(url: string, headers: Record<string, string> = {}): Promise<SseClient> {
    const controller = new AbortController();
    const response = await fetch(url, { headers, signal: controller.signal });
    const client = new SseClient(response);
    (client as unknown as { controller: AbortController }).controller.abort = controller.abort.bind(controller);
    return client;
  }

  /** The data messages with an id (the feed's developments), parsed. */
  get developments(): { id: string; event: string; data: any }[] {
    return this.messages
      .filter((m) => m.id !== undefined && m.event !== 'snapshot' && m.event !== 'change')
      .map((m) => ({ id: m.id!, event: m.event!, data: JSON.parse(m.data) }));
  }

  async waitFor(condition: (client: SseClient) => boolean, timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!condition(this)) {
      if (Date.now() > deadline) throw new Error(`timed out; got ${JSON.stringify(this.messages.map((m) => m.event))}`);
      if (this.ended) throw new Error(`stream ended; got ${JSON.stringify(this.messages.map((m) => m.event))}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 100);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
      this.waiters = [];
    }
  }

  close(): void {
    this.controller.abort();
  }
}
