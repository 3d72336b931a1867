import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SERVER, freePort } from '../support/child.js';
import { entities, meetingHeld } from '../support/fixtures.js';
import { tempDir } from '../support/temp-dir.js';

const KEY = 'full-disk-start-key-0123456789';
const headers = { 'content-type': 'application/json', authorization: `Bearer ${KEY}` };
/** Deadlines only for a stuck test: a start, or filling 4 MiB, takes seconds on a busy machine. */
const PATIENCE_MS = 90_000;

async function post(url: string, body: unknown): Promise<{ status: number; body: any }> {
  const response = await fetch(`${url}/developments`, { method: 'POST', headers, body: JSON.stringify(body) });
  return { status: response.status, body: await response.json() };
}

async function until<T>(what: string, probe: () => Promise<T | undefined | false>): Promise<T> {
  const deadline = Date.now() + PATIENCE_MS;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const answers = (url: string) =>
  fetch(`${url}/health`).then(
    (r) => r.ok,
    () => false,
  );

const mountable = spawnSync(
  'unshare',
  ['--mount', '--propagation', 'private', 'sh', '-c', 'mount -t tmpfs -o size=1m tmpfs /mnt'],
  { encoding: 'utf8' },
);
const reason =
  mountable.status === 0
    ? undefined
    : `a small tmpfs cannot be mounted here (${(mountable.stderr || mountable.error?.message || '').trim()})`;

describe('a start while the disk is full', () => {
  it(
    'serves reads and answers writes 507',
    async () => {
      if (reason) {
        console.warn(`skipped: ${reason}`);
        return;
      }
      const dir = tempDir('full-start');
      const run = tempDir('full-start-run');
      const port = await freePort();
      const url = `http://127.0.0.1:${port}`;
      const pidFile = join(run.path, 'first.pid');
      // One mount namespace for both runs: the service fills its 4 MiB disk and is killed; what space is
      // left (or freed by the kill) is taken by a filler file; the service starts again on the full disk.
      const script =
        `mount -t tmpfs -o size=4m tmpfs "${dir.path}" && ` +
        `{ "${process.execPath}" "${SERVER}" & echo $! > "${pidFile}"; wait; ` +
        `dd if=/dev/zero of="${dir.path}/filler" bs=1k 2>/dev/null; ` +
        `exec "${process.execPath}" "${SERVER}"; }`;
      const shell = spawn('unshare', ['--mount', '--propagation', 'private', 'sh', '-c', script], {
        env: {
          ...process.env,
          LOG_LEVEL: 'warn',
          TIMELINE_DATA_DIR: dir.path,
          TIMELINE_API_KEYS: KEY,
          TIMELINE_SEED: 'false',
          TIMELINE_WRITE_ACK_WAIT_MS: '300',
          PORT: String(port),
          HOST: '127.0.0.1',
        },
      });
      let output = '';
      shell.stdout.on('data', (d) => {
        output += d;
      });
      shell.stderr.on('data', (d) => {
        output += d;
      });
      try {
        await until(`the first start (${output})`, () => answers(url));
        const first = Number(readFileSync(pidFile, 'utf8'));
        expect(
          (await fetch(`${url}/entities`, { method: 'POST', headers, body: JSON.stringify(entities) })).status,
        ).toBe(201);
        const quote = 'q'.repeat(1000);
        const sources = Array.from({ length: 20 }, (_, i) => ({
          title: `Source ${i}`,
          url: 'https://example.org',
          quote,
        }));
        const shown: string[] = [];
        let full = false;
        for (let n = 0; n < 400 && !full; n++) {
          const batch = Array.from({ length: 10 }, (_, i) => meetingHeld(n * 10 + i, { sources }));
          const answer = await post(url, batch);
          if (answer.status === 201) shown.push(...batch.map((d) => d.id));
          full = answer.status === 507;
        }
        expect(full).toBe(true);

        process.kill(first, 'SIGKILL');
        await until(`the first run to end`, async () => !(await answers(url)));
        await until(`the start on the full disk (${output})`, () => answers(url));

        const timeline = await fetch(`${url}/timeline?limit=500`);
        expect(timeline.status).toBe(200);
        const ids = new Set(
          ((await timeline.json()) as { developments: { id: string }[] }).developments.map((d) => d.id),
        );
        expect(shown.filter((id) => !ids.has(id))).toEqual([]);
        // Space the log's files already hold takes a few more writes; then every write is refused, none lost.
        const statuses: number[] = [];
        let refused: { status: number; body: any } | undefined;
        for (let n = 1000; n < 1400 && !refused; n++) {
          const answer = await post(
            url,
            Array.from({ length: 10 }, (_, i) => meetingHeld(n * 10 + i, { sources })),
          );
          statuses.push(answer.status);
          if (answer.status === 507) refused = answer;
        }
        expect(statuses.filter((s) => ![201, 202, 507].includes(s))).toEqual([]);
        expect(refused).toMatchObject({ status: 507, body: { code: 'INSUFFICIENT_STORAGE' } });
        expect((await fetch(`${url}/timeline?limit=1`)).status).toBe(200);
      } finally {
        shell.kill('SIGTERM');
        await new Promise((resolve) => (shell.exitCode !== null ? resolve(undefined) : shell.once('exit', resolve)));
        spawnSync('sh', ['-c', `kill -9 $(cat "${pidFile}") 2>/dev/null`]);
        dir.cleanup();
        run.cleanup();
      }
    },
    4 * PATIENCE_MS,
  );
});
