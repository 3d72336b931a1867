import { Worker } from 'node:worker_threads';
import type {
  ConnectionArrivals,
  FeedClientsMessage,
  FeedClientsRequest,
  FinishRequest,
} from './live-feed-clients.worker.js';

/** Connections being opened at a time: well below the service's listen backlog (511). */
export const OPENING_AT_ONCE = 100;
const OPEN_TIMEOUT_MS = 60_000;

/** Many concurrent `GET /feed` streams, held in a worker thread. */
export class FeedClients {
  private constructor(
    private readonly worker: Worker,
    private readonly messages: AsyncIterator<FeedClientsMessage>,
    readonly openMs: number,
  ) {}

  /** Resolves once every connection has been told `ready` by the service. */
  static async open(feedUrl: string, connections: number): Promise<FeedClients> {
    const workerData: FeedClientsRequest = { feedUrl, connections, openingAtOnce: OPENING_AT_ONCE };
    const worker = new Worker(new URL('./live-feed-clients.worker.js', import.meta.url), { workerData });
    const messages = workerMessages(worker);
    const timer = setTimeout(() => void worker.terminate(), OPEN_TIMEOUT_MS);
    const first = await messages.next().finally(() => clearTimeout(timer));
    if (first.done || first.value.type !== 'ready') {
      throw new Error(`not every one of ${connections} feed connections was ready within ${OPEN_TIMEOUT_MS / 1000} s`);
    }
    return new FeedClients(worker, messages, first.value.openMs);
  }

  /** Marks the start of the recording, from which the clients' thread's busyness is measured. */
  recordingStarts(): void {
    this.worker.postMessage('recording');
  }

  /**
   * Waits until each connection has `expected` deliveries (or `graceMs` passes), closes them all and
   * returns what arrived, with how busy the clients' thread was while the developments were recorded.
   */
  async finish(expected: number, graceMs: number): Promise<{ connections: ConnectionArrivals[]; busyRatio: number }> {
    this.worker.postMessage({ expected, graceMs } satisfies FinishRequest);
    const next = await this.messages.next();
    await this.worker.terminate();
    if (next.done || next.value.type !== 'arrivals') throw new Error('feed clients stopped without their arrivals');
    return next.value;
  }

  close(): Promise<number> {
    return this.worker.terminate();
  }
}

/** The worker's messages in order; its failure rejects the pending read. */
async function* workerMessages(worker: Worker): AsyncGenerator<FeedClientsMessage> {
  const queue: FeedClientsMessage[] = [];
  let failure: Error | undefined;
  let exited = false;
  let wake: (() => void) | undefined;
  worker.on('message', (message: FeedClientsMessage) => {
    queue.push(message);
    wake?.();
  });
  worker.on('error', (error) => {
    failure = error;
    wake?.();
  });
  worker.on('exit', () => {
    exited = true;
    wake?.();
  });
  for (;;) {
    const message = queue.shift();
    if (message) {
      yield message;
      continue;
    }
    if (failure) throw failure;
    if (exited) return;
    await new Promise<void>((resolve) => {
      wake = resolve;
    });
  }
}
