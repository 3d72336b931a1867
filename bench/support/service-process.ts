import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { freePort } from './free-port.js';

/** Resolved from dist/bench/support/ to the compiled service. */
const SERVICE_ENTRY = fileURLToPath(new URL('../../src/main.js', import.meta.url));
const READY_TIMEOUT_MS = 60_000;

/** The compiled service in a process of its own, as one deployed instance. */
export class ServiceProcess {
  private constructor(
    private readonly child: ChildProcess,
    readonly baseUrl: string,
  ) {}

  static async start(env: Record<string, string>): Promise<ServiceProcess> {
    const port = await freePort();
    const child = spawn(process.execPath, [SERVICE_ENTRY], {
      env: {
        ...process.env,
        LOG_LEVEL: 'warn',
        TIMELINE_SEED: 'false',
        TIMELINE_WRITE_RATE: '1000000',
        ...env,
        HOST: '127.0.0.1',
        PORT: String(port),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout!.on('data', (d) => {
      output += d;
    });
    child.stderr!.on('data', (d) => {
      output += d;
    });
    const service = new ServiceProcess(child, `http://127.0.0.1:${port}`);
    const deadline = performance.now() + READY_TIMEOUT_MS;
    while (performance.now() < deadline) {
      if (child.exitCode !== null) throw new Error(`service exited with code ${child.exitCode}: ${output}`);
      try {
        if ((await fetch(`${service.baseUrl}/health/ready`)).ok) return service;
      } catch {
        /* not listening yet */
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    child.kill('SIGKILL');
    throw new Error(`service did not become ready in ${READY_TIMEOUT_MS / 1000} s: ${output}`);
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = once(this.child, 'exit');
    this.child.kill('SIGTERM');
    await exited;
  }
}
