import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import type { ServiceCpu, ServiceMemory } from './live-feed-server.js';
import { freePort } from './free-port.js';

const SERVER_ENTRY = fileURLToPath(new URL('./live-feed-server.js', import.meta.url));
// Catching up with a long log on a busy machine takes a while before the service listens.
const READY_TIMEOUT_MS = 300_000;
const EXIT_TIMEOUT_MS = 10_000;

export interface FeedServiceOptions {
  dataDir: string;
  apiKey: string;
  maxFeedConnections: number;
  /** Writes a V8 CPU profile of the service into this directory when it stops. */
  cpuProfileDir?: string;
}

/** The service in a child process of its own, so that its memory is measured apart from the clients'. */
export class FeedService {
  private constructor(
    private readonly child: ChildProcess,
    readonly baseUrl: string,
    private readonly output: () => string,
  ) {}

  static async start({ dataDir, apiKey, maxFeedConnections, cpuProfileDir }: FeedServiceOptions): Promise<FeedService> {
    const port = await freePort();
    const flags = ['--expose-gc', ...(cpuProfileDir ? ['--cpu-prof', `--cpu-prof-dir=${cpuProfileDir}`] : [])];
    const child = spawn(process.execPath, [...flags, SERVER_ENTRY], {
      env: {
        ...process.env,
        TIMELINE_DATA_DIR: dataDir,
        TIMELINE_API_KEYS: apiKey,
        TIMELINE_SEED: 'false',
        TIMELINE_WRITE_RATE: '1000000',
        TIMELINE_FEED_MAX_CONNECTIONS: String(maxFeedConnections),
        LOG_LEVEL: 'silent',
        HOST: '127.0.0.1',
        PORT: String(port),
      },
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    let output = '';
    child.stdout!.on('data', (d) => {
      output += d;
    });
    child.stderr!.on('data', (d) => {
      output += d;
    });
    const service = new FeedService(child, `http://127.0.0.1:${port}`, () => output);
    await service.waitUntilReady();
    return service;
  }

  get pid(): number {
    return this.child.pid!;
  }

  /** The service's memory, after a full collection. */
  memory(): Promise<ServiceMemory> {
    return this.ask('memory');
  }

  /** CPU time the service has used since it started, in milliseconds. */
  async cpuMs(): Promise<number> {
    const { userUs, systemUs } = await this.ask<ServiceCpu>('cpu');
    return (userUs + systemUs) / 1000;
  }

  private async ask<T>(request: 'memory' | 'cpu'): Promise<T> {
    const answer = once(this.child, 'message') as Promise<[T]>;
    this.child.send(request);
    return (await answer)[0];
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = once(this.child, 'exit');
    this.child.send('exit');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), EXIT_TIMEOUT_MS);
    await exited;
    clearTimeout(timer);
  }

  private async waitUntilReady(): Promise<void> {
    const deadline = performance.now() + READY_TIMEOUT_MS;
    while (performance.now() < deadline) {
      if (this.child.exitCode !== null)
        throw new Error(`service exited with code ${this.child.exitCode}: ${this.output()}`);
      try {
        if ((await fetch(`${this.baseUrl}/health/ready`)).ok) return;
      } catch {
        /* not listening yet */
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    this.child.kill('SIGKILL');
    throw new Error(`service did not become ready in ${READY_TIMEOUT_MS / 1000} s: ${this.output()}`);
  }
}
