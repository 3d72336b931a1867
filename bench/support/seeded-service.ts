import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';

const SERVICE = fileURLToPath(new URL('../../src/main.js', import.meta.url));

export interface SeededService {
  url: string;
  stop(): Promise<void>;
}

/** The compiled service on a fresh data directory as the README starts it, loading the seed on first start. */
export async function startSeededService(dataDir: string, port: number): Promise<SeededService> {
  const child = spawn(process.execPath, [SERVICE], {
    env: {
      ...process.env,
      TIMELINE_DATA_DIR: dataDir,
      TIMELINE_API_KEYS: 'bench-key-0123456789abcdef',
      LOG_LEVEL: 'warn',
      PORT: String(port),
      HOST: '127.0.0.1',
      TIMELINE_SEED: 'true',
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let output = '';
  child.stderr!.on('data', (d) => {
    output += d;
  });
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode !== null) return;
    child.kill('SIGTERM');
    await once(child, 'exit');
  };
  for (let i = 0; i < 300; i++) {
    if (child.exitCode !== null) throw new Error(`service exited: ${output}`);
    try {
      if ((await fetch(`${url}/health/ready`)).ok) return { url, stop };
    } catch {
      /* not listening yet */
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await stop();
  throw new Error(`service did not become ready: ${output}`);
}
