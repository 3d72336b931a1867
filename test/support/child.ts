import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const CLI = `${ROOT}dist/src/cli/main.js`;
export const SERVER = `${ROOT}dist/src/main.js`;

/**
 * Ports this process hands out next; each jest worker has a block of its own. Two jest runs side
 * by side (`test/run.mjs`) number their workers from 1 each: `TIMELINE_TEST_PORT_BLOCK` moves one
 * run's blocks past the other's.
 */
const WORKER = Number(process.env.JEST_WORKER_ID ?? '1') + Number(process.env.TIMELINE_TEST_PORT_BLOCK ?? '0');
let nextPort = 0;

/**
 * A port for a child service, from a block of 2,000 below the ephemeral range (32768-60999) that
 * only this jest worker uses: a port the kernel hands out for port 0 (another worker's in-process
 * service, an outgoing connection) could be taken between this check and the child's listen, and
 * the child's readiness then answered by someone else's service. Ports are not reused within a
 * run, so a child stopped a moment ago is never mistaken for the next one.
 */
export async function freePort(): Promise<number> {
  const block = 20_000 + ((WORKER - 1) % 6) * 2_000;
  for (let tries = 0; tries < 2_000; tries++) {
    const port = block + (nextPort++ % 2_000);
    if (await bindable(port)) return port;
  }
  throw new Error(`no free port in ${block}-${block + 1_999}`);
}

function bindable(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/** Runs a compiled entry point to completion; resolves with its exit code and output. */
export function run(
  script: string,
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [script, ...args], { env: { ...process.env, ...env }, cwd: ROOT });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => {
      stdout += d;
    });
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

/** Starts the compiled service and resolves once /health/ready answers (or, with `until: 'live'`, /health). */
export async function startServer(
  env: Record<string, string>,
  until: 'ready' | 'live' = 'ready',
): Promise<{ child: ChildProcess; url: string; output: () => string }> {
  const port = await freePort();
  const child = spawn(process.execPath, [SERVER], {
    env: { ...process.env, LOG_LEVEL: 'warn', ...env, PORT: String(port), HOST: '127.0.0.1' },
    cwd: ROOT,
  });
  let output = '';
  child.stdout!.on('data', (d) => {
    output += d;
  });
  child.stderr!.on('data', (d) => {
    output += d;
  });
  const url = `http://127.0.0.1:${port}`;
  // A restart after a crash first catches its read model up with the log: allow for that.
  for (let i = 0; i < 900; i++) {
    if (child.exitCode !== null) throw new Error(`service exited: ${output}`);
    try {
      if ((await fetch(`${url}/health${until === 'ready' ? '/ready' : ''}`)).ok)
        return { child, url, output: () => output };
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill('SIGKILL');
  throw new Error(`service did not become ready: ${output}`);
}

/** Sends SIGTERM and resolves with how the process ended. */
export async function stopServer(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<string> {
  if (child.exitCode !== null || child.signalCode !== null) return String(child.signalCode ?? child.exitCode);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill(signal);
  await exited;
  return String(child.signalCode ?? child.exitCode);
}
