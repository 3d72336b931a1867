import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { benchmarks } from './benchmarks.js';
import { machineInfo, startOtherCpuMeter } from './support/machine-info.js';
import { consoleTable, markdownReport, readRecords, toRecord, writeRecord } from './support/report.js';
import { benchScale } from './support/scale.js';

/** Resolved from dist/bench/ back to the source tree, where the results are kept. */
const RESULTS_DIR = fileURLToPath(new URL('../../bench/results/', import.meta.url));

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { only: { type: 'string', multiple: true } } });
  const only = values.only?.flatMap((v) => v.split(',')).filter(Boolean);
  const unknown = only?.filter((name) => !benchmarks.some((b) => b.name === name)) ?? [];
  if (unknown.length > 0) {
    process.stderr.write(
      `unknown benchmark ${unknown.join(', ')}; known: ${benchmarks.map((b) => b.name).join(', ')}\n`,
    );
    process.exit(2);
  }
  const selected = only ? benchmarks.filter((b) => only.includes(b.name)) : benchmarks;
  const scale = benchScale();
  process.stdout.write(`${selected.length} benchmark(s), BENCH_SCALE=${scale}\n\n`);

  let failures = 0;
  for (const benchmark of selected) {
    const machine = machineInfo();
    const otherCpuShare = startOtherCpuMeter();
    const started = performance.now();
    try {
      const result = await benchmark.run();
      const record = toRecord(benchmark.name, result, {
        scale,
        durationMs: performance.now() - started,
        machine,
        otherCpuShare: otherCpuShare(),
      });
      writeRecord(RESULTS_DIR, record);
      process.stdout.write(`${consoleTable(record)}\n\n`);
    } catch (error) {
      failures += 1;
      process.stderr.write(`${benchmark.name} failed: ${(error as Error).stack ?? String(error)}\n\n`);
    }
  }
  const records = readRecords(RESULTS_DIR);
  writeFileSync(join(RESULTS_DIR, 'latest.md'), markdownReport(records));
  const missed = records
    .filter((r) => selected.some((b) => b.name === r.name) && !r.passed)
    .map((r) => (r.variant ? `${r.name} ${r.variant}` : r.name));
  process.stdout.write(
    `targets missed: ${missed.length > 0 ? missed.join(', ') : 'none'}; results in ${RESULTS_DIR}\n`,
  );
  if (failures > 0) process.exitCode = 1;
}

await main();
