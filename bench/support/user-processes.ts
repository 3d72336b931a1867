import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { freePort } from './free-port.js';

/** Resolved from dist/bench/support/ to the compiled command line and service. */
const CLI_ENTRY = fileURLToPath(new URL('../../src/cli/main.js', import.meta.url));
const SERVICE_ENTRY = fileURLToPath(new URL('../../src/main.js', import.meta.url));
const STOP_GRACE_MS = 12_000;
/** Output kept of a process: the start of its stdout, the end of its stderr. */
const OUTPUT_LIMIT = 20_000;

/** What a user's environment sets: a data directory, no seed, quiet logs, a key so none is generated. */
function userEnv(dataDir: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    ...process.env,
    TIMELINE_DATA_DIR: dataDir,
    TIMELINE_STORE: 'sqlite',
    TIMELINE_SEED: 'false',
    TIMELINE_API_KEYS: 'bench-user-felt-0123456789abcdef',
    LOG_LEVEL: 'warn',
    ...extra,
  };
}

function collect(child: ChildProcess): { stdout: () => string; stderr: () => string } {
  let stdout = '';
  let stderr = '';
  // A command's summary comes first on stdout; a failure's reason last on stderr.
  child.stdout?.on('data', (d: Buffer) => {
    if (stdout.length < OUTPUT_LIMIT) stdout = (stdout + d.toString('utf8')).slice(0, OUTPUT_LIMIT);
  });
  child.stderr?.on('data', (d: Buffer) => {
    stderr = (stderr + d.toString('utf8')).slice(-OUTPUT_LIMIT);
  });
  return { stdout: () => stdout, stderr: () => stderr };
}

export interface CommandRun {
  /** From spawning the process to its exit. */
  ms: number;
  code: number | null;
  signal: NodeJS.Signals | null;
  timedOut: boolean;
  stdout: string;
  stderr: string;
}

/** `node dist/src/cli/main.js <args>` on the data directory, as a user runs `timeline`; killed at `timeoutMs`. */
export async function runCli(dataDir: string, args: string[], timeoutMs: number): Promise<CommandRun> {
  const started = performance.now();
  const child = spawn(process.execPath, [CLI_ENTRY, ...args], {
    env: userEnv(dataDir),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output = collect(child);
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    child.kill('SIGKILL');
  }, timeoutMs);
  const exited = once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
  const closed = once(child, 'close');
  const [code, signal] = await exited;
  const ms = performance.now() - started;
  clearTimeout(timer);
  await closed;
  return { ms, code, signal, timedOut, stdout: output.stdout(), stderr: output.stderr() };
}

/** The compiled service in a process of its own on the data directory, timed from its spawn. */
export class UserService {
  private constructor(
    private readonly child: ChildProcess,
    private readonly output: { stdout: () => string; stderr: () => string },
    readonly baseUrl: string,
    /** `performance.now()` when the process was spawned. */
    readonly spawnedAt: number,
  ) {}

  static async start(dataDir: string): Promise<UserService> {
    const port = await freePort();
    const spawnedAt = performance.now();
    const child = spawn(process.execPath, [SERVICE_ENTRY], {
      env: userEnv(dataDir, { HOST: '127.0.0.1', PORT: String(port) }),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    return new UserService(child, collect(child), `http://127.0.0.1:${port}`, spawnedAt);
  }

  get exited(): boolean {
    return this.child.exitCode !== null || this.child.signalCode !== null;
  }

  /** The end of what the process wrote, for a message saying why it failed. */
  describe(): string {
    const code = this.exited ? ` (exited: code ${this.child.exitCode}, signal ${this.child.signalCode})` : '';
    return `service${code}: ${[this.output.stderr(), this.output.stdout()].join('\n').trim().slice(-2_000)}`;
  }

  /** SIGTERM, as an operator stops it; SIGKILL when it has not exited after the service's own deadline. */
  async stop(): Promise<void> {
    if (this.exited) return;
    const exited = once(this.child, 'exit');
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), STOP_GRACE_MS);
    await exited;
    clearTimeout(timer);
  }
}
