// Runs every suite: the PostgreSQL suites one after another (they share one server, whose oldest
// running transaction holds back the readers of every database on it: see jest.config.js), beside
// the others on two workers. Their output is shown when they end; the exit code is non-zero when
// either run fails. Arguments are passed to both runs.
import { spawn } from 'node:child_process';

const jest = ['--experimental-vm-modules', 'node_modules/jest/bin/jest.js'];
const args = process.argv.slice(2);

function run(jestArgs, env, buffered) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [...jest, ...jestArgs, ...args], {
      env: { ...process.env, ...env },
      stdio: buffered ? ['ignore', 'pipe', 'pipe'] : 'inherit',
    });
    const output = [];
    if (buffered) {
      child.stdout.on('data', (chunk) => output.push(chunk));
      child.stderr.on('data', (chunk) => output.push(chunk));
    }
    child.on('close', (code, signal) => resolve({ code: code ?? (signal ? 1 : 0), output: Buffer.concat(output) }));
  });
}

const [postgres, rest] = await Promise.all([
  // Its workers are numbered from 1 too: its child services take ports from blocks of their own.
  run(['--runInBand', 'postgres'], { TIMELINE_TEST_PORT_BLOCK: '3' }, true),
  run(['--maxWorkers=2'], { TIMELINE_TEST_GROUP: 'rest' }, false),
]);
process.stderr.write('\nThe PostgreSQL suites, run one after another beside the others:\n\n');
process.stderr.write(postgres.output);
if (postgres.code !== 0 || rest.code !== 0) {
  process.stderr.write(
    `\nfailed: ${postgres.code !== 0 ? 'the PostgreSQL suites ' : ''}${rest.code !== 0 ? 'the other suites' : ''}\n`,
  );
  process.exit(1);
}
