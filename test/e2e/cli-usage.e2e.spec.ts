import { join } from 'node:path';
import { COMMAND_USAGE } from '../../src/cli/usage.js';
import { CLI, run } from '../support/child.js';
import { tempDir } from '../support/temp-dir.js';

/** Each CLI process takes seconds to start on a busy machine: these tests allow for it. */
const SLOW = 180_000;

describe('the CLI explains itself', () => {
  const dir = tempDir('cli-usage');
  const env = { TIMELINE_DATA_DIR: join(dir.path, 'data') };
  afterAll(() => dir.cleanup());

  it(
    'answers --help and -h with the list of commands, exit code 0',
    async () => {
      for (const flag of ['--help', '-h', 'help']) {
        const help = await run(CLI, [flag], env);
        expect({ flag, code: help.code }).toEqual({ flag, code: 0 });
        expect(help.stdout).toContain('timeline <command>');
      }
    },
    SLOW,
  );

  it(
    'answers every command --help (and -h) with its own help, exit code 0, running nothing',
    async () => {
      const commands = Object.keys(COMMAND_USAGE);
      const answers = await Promise.all(
        commands.map(async (command, i) => ({ command, ...(await run(CLI, [command, i % 2 ? '-h' : '--help'], env)) })),
      );
      for (const { command, code, stdout } of answers) {
        expect({ command, code }).toEqual({ command, code: 0 });
        expect(stdout.startsWith(`timeline ${command}`)).toBe(true);
      }
      const state = answers.find((a) => a.command === 'state')!;
      expect(state.stdout).toContain('--as-of');
      expect(new Set(answers.map((a) => a.stdout)).size).toBe(commands.length);
    },
    SLOW,
  );

  it(
    'names an unknown command or option as typed, and points to the help, exit code 2',
    async () => {
      const command = await run(CLI, ['frobnicate'], env);
      expect(command.code).toBe(2);
      expect(command.stderr).toContain('unknown command "frobnicate"');
      const option = await run(CLI, ['state', 'facilities', '--asof', '2025-01-01'], env);
      expect(option.code).toBe(2);
      expect(option.stderr).toContain("unknown option '--asof'");
      expect(option.stderr).toContain('timeline state --help');
      expect(option.stderr).not.toMatch(/TypeError|at parseArgs|ERR_PARSE_ARGS/);
    },
    SLOW,
  );

  it(
    'names a bad value by the option typed (--as-of, not asOf)',
    async () => {
      const state = await run(CLI, ['state', 'facilities', '--as-of', 'yesterday'], env);
      expect(state.code).toBe(2);
      expect(state.stderr).toMatch(/^--as-of: /m);
      expect(state.stderr).not.toMatch(/asOf/);
      const timeline = await run(CLI, ['timeline', '--known-at', 'soon'], env);
      expect(timeline.code).toBe(2);
      expect(timeline.stderr).toMatch(/^--known-at: /m);
    },
    SLOW,
  );
});

describe('timeline tail without a service', () => {
  it(
    'says where it connects, and gives up with a message naming the address',
    async () => {
      const tail = await run(CLI, ['tail', '--url', 'http://127.0.0.1:9', '--retries', '2', '--country', 'HU'], {});
      expect(tail.code).toBe(1);
      expect(tail.stderr).toContain('following http://127.0.0.1:9/feed?country=HU');
      expect(tail.stderr).toMatch(/gave up: could not reach http:\/\/127\.0\.0\.1:9\/feed\?country=HU in 2 attempts/);
    },
    SLOW,
  );
});
