import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ROOT, startServer } from '../support/child.js';
import { tempDir } from '../support/temp-dir.js';

const KEY = 'readme-example-key-0123456789';
const SECTIONS = ['## Using it', '## The world as of a date'];

/** The shell blocks of the README sections a newcomer follows first, in order. */
function exampleBlocks(): string[] {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  return SECTIONS.flatMap((heading) => {
    const start = readme.indexOf(heading);
    const end = readme.indexOf('\n## ', start + heading.length);
    const section = readme.slice(start, end === -1 ? undefined : end);
    return [...section.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1]!);
  });
}

/**
 * Every curl call answers with its status and body in a log: a wrapper around the real curl,
 * defined before the README's own lines, which run unchanged but for the address.
 */
const WRAPPER = `
curl() {
  out=$(command curl -sS -w '\\n%{http_code}' "$@") || { printf 'FAILED %s\\n\\036' "$*" >> "$LOG"; return 0; }
  printf '%s\\n\\037%s\\n\\036' "$*" "$out" >> "$LOG"
}
`;

describe('the README examples, run on a fresh start with the seed', () => {
  const dir = tempDir('readme');
  let server: Awaited<ReturnType<typeof startServer>> | undefined;
  afterAll(() => {
    server?.child.kill('SIGKILL');
    dir.cleanup();
  });

  it('each answers 2xx with a non-empty answer', async () => {
    server = await startServer({ TIMELINE_DATA_DIR: join(dir.path, 'data'), TIMELINE_API_KEYS: KEY });
    const log = join(dir.path, 'calls.log');
    const address = new URL(server.url).host;
    const script = [WRAPPER, ...exampleBlocks()]
      .join('\n')
      .replaceAll('localhost:3000', address)
      .replace(/^KEY=.*$/m, `KEY=${KEY}`);
    await promisify(execFile)('bash', ['-c', script], { env: { ...process.env, LOG: log }, cwd: dir.path });
    expect(existsSync(log)).toBe(true);
    const calls = readFileSync(log, 'utf8')
      .split('\u001e')
      .filter((e) => e.trim())
      .map((entry) => {
        const [command, answer = ''] = entry.split('\n\u001f');
        const lines = answer.trimEnd().split('\n');
        return { command: command!, status: Number(lines.pop()), body: lines.join('\n') };
      });
    expect(calls.length).toBeGreaterThanOrEqual(20);
    for (const call of calls) {
      expect({ command: call.command, status: call.status }).toEqual({
        command: call.command,
        status: expect.any(Number),
      });
      if (!(call.status >= 200 && call.status < 300))
        throw new Error(`${call.command}\n-> ${call.status} ${call.body}`);
      const body = JSON.parse(call.body) as Record<string, unknown>;
      // A list answer must list something: an example that returns nothing teaches nothing.
      for (const field of ['rows', 'developments', 'steps', 'expectations', 'changes', 'entities']) {
        if (Array.isArray(body[field]) && (body[field] as unknown[]).length === 0)
          throw new Error(`${call.command}\n-> empty ${field}`);
      }
    }
  }, 120_000);
});
