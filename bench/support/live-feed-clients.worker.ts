import { once } from 'node:events';
import { Agent, request } from 'node:http';
import { parentPort, workerData } from 'node:worker_threads';
import { epochMs } from './epoch-ms.js';
import { SseFrames } from './sse-frames.js';

export interface FeedClientsRequest {
  feedUrl: string;
  connections: number;
  openingAtOnce: number;
}

/** Sent to the worker when the recording starts, then this when it has ended. */
export interface FinishRequest {
  /** Deliveries each connection should get; the worker stops waiting once all have them. */
  expected: number;
  /** How long to wait for the last deliveries once the last development is recorded. */
  graceMs: number;
}

export interface ConnectionArrivals {
  /** Store positions delivered, in order of arrival, with their arrival time (`epochMs`). */
  positions: Float64Array;
  arrivals: Float64Array;
  /** The server ended the stream before the benchmark did. */
  ended: boolean;
  overflowed: boolean;
}

export type FeedClientsMessage =
  | { type: 'ready'; openMs: number }
  /** `busyRatio`: how much of the time from the recording's start to the finish request this thread was busy. */
  | { type: 'arrivals'; connections: ConnectionArrivals[]; busyRatio: number };

/** One `GET /feed` stream, stamping each delivery with the time its bytes reached this thread. */
class FeedConnection {
  readonly positions: number[] = [];
  readonly arrivals: number[] = [];
  ended = false;
  overflowed = false;
  readonly ready: Promise<void>;
  private readonly req;

  constructor(feedUrl: string, agent: Agent) {
    let resolveReady!: () => void;
    let rejectReady!: (error: Error) => void;
    this.ready = new Promise((resolve, reject) => {
      resolveReady = resolve;
      rejectReady = reject;
    });
    let arrivedAt = 0;
    const frames = new SseFrames((event, id) => {
      if (event === 'ready') resolveReady();
      else if (event === 'overflow') this.overflowed = true;
      else if (id !== undefined) {
        this.positions.push(Number(id));
        this.arrivals.push(arrivedAt);
      }
    });
    this.req = request(feedUrl, { agent, headers: { accept: 'text/event-stream' } }, (res) => {
      if (res.statusCode !== 200) {
        rejectReady(new Error(`GET /feed answered ${res.statusCode}`));
        res.resume();
        return;
      }
      res.setEncoding('utf8');
      res.on('data', (text: string) => {
        arrivedAt = epochMs();
        frames.push(text);
      });
      res.on('end', () => {
        this.ended = true;
      });
      res.on('error', () => {
        this.ended = true;
      });
    });
    this.req.on('error', (error) => {
      this.ended = true;
      rejectReady(error);
    });
    this.req.end();
  }

  close(): void {
    this.req.destroy();
  }

  result(): ConnectionArrivals {
    return {
      positions: Float64Array.from(this.positions),
      arrivals: Float64Array.from(this.arrivals),
      ended: this.ended,
      overflowed: this.overflowed,
    };
  }
}

// The clients get a thread of their own so that reading a thousand streams does not delay the
// benchmark's timing of the appends.
const { feedUrl, connections, openingAtOnce } = workerData as FeedClientsRequest;
const agent = new Agent({ keepAlive: false, maxSockets: connections });
const open: FeedConnection[] = [];
const openStarted = performance.now();
const opener = async () => {
  while (open.length < connections) {
    const connection = new FeedConnection(feedUrl, agent);
    open.push(connection);
    await connection.ready;
  }
};
await Promise.all(Array.from({ length: Math.min(openingAtOnce, connections) }, opener));
parentPort!.postMessage({ type: 'ready', openMs: performance.now() - openStarted } satisfies FeedClientsMessage);

await once(parentPort!, 'message');
const recordingStarted = performance.eventLoopUtilization();
const [{ expected, graceMs }] = (await once(parentPort!, 'message')) as [FinishRequest];
const { utilization } = performance.eventLoopUtilization(recordingStarted);
const deadline = performance.now() + graceMs;
while (performance.now() < deadline && open.some((c) => c.positions.length < expected && !c.ended)) {
  await new Promise((resolve) => setTimeout(resolve, 20));
}
for (const connection of open) connection.close();
agent.destroy();
parentPort!.postMessage({
  type: 'arrivals',
  connections: open.map((c) => c.result()),
  busyRatio: utilization,
} satisfies FeedClientsMessage);
