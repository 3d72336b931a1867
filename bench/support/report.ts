import { readdirSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { verdict, type Result } from './benchmark.js';
import type { MachineInfo } from './machine-info.js';

/** What `bench/results/<name>.json` (or `<name>.<variant>.json`) holds. */
export interface ResultRecord extends Result {
  name: string;
  passed: boolean;
  scale: number;
  durationMs: number;
  machine: MachineInfo;
  /** Share of the machine's CPU time that other processes used during the run (0..1). */
  otherCpuShare: number;
}

export function toRecord(
  name: string,
  result: Result,
  run: { scale: number; durationMs: number; machine: MachineInfo; otherCpuShare: number },
): ResultRecord {
  const passed = Object.entries(result.targets).every(
    ([figure, target]) => verdict(result.figures[figure], target) === 'pass',
  );
  return {
    name,
    ...(result.variant ? { variant: result.variant } : {}),
    passed,
    scale: run.scale,
    durationMs: Math.round(run.durationMs),
    machine: run.machine,
    otherCpuShare: Math.round(run.otherCpuShare * 100) / 100,
    figures: result.figures,
    targets: result.targets,
    notes: result.notes ?? [],
  };
}

export function writeRecord(dir: string, record: ResultRecord): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, `${label(record, '.')}.json`), `${JSON.stringify(record, null, 2)}\n`);
}

/** Every stored record, including those of benchmarks not run this time. */
export function readRecords(dir: string): ResultRecord[] {
  return readdirSync(dir)
    .filter((file) => file.endsWith('.json'))
    .sort()
    .map((file) => JSON.parse(readFileSync(join(dir, file), 'utf8')) as ResultRecord);
}

interface Row {
  benchmark: string;
  figure: string;
  value: string;
  target: string;
  result: string;
}

function rows(record: ResultRecord): Row[] {
  return Object.entries(record.figures).map(([figure, value]) => {
    const target = record.targets[figure];
    return {
      benchmark: label(record),
      figure,
      value: formatNumber(value),
      target: target ? `${target.op} ${formatNumber(target.value)}` : '',
      result: target ? verdict(value, target) : '',
    };
  });
}

/** A plain-text table of one record, for the console. */
export function consoleTable(record: ResultRecord): string {
  const lines = rows(record).map((r) => [r.figure, r.value, r.target, r.result]);
  const header = ['figure', 'value', 'target', 'result'];
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  const format = (cells: string[]) =>
    cells
      .map((c, i) => (i === 1 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  const notes = (record.notes ?? []).map((n) => `  note: ${n}`);
  const heading = `${label(record)} (${(record.durationMs / 1000).toFixed(1)} s; other processes used ${Math.round(record.otherCpuShare * 100)} % of the CPU)`;
  return [heading, ...[header, ...lines].map((l) => `  ${format(l)}`), ...notes].join('\n');
}

/** `latest.md`: every figure of every stored record, with targets and verdicts, then when and where each ran. */
export function markdownReport(records: ResultRecord[]): string {
  const table = [
    '| Benchmark | Figure | Value | Target | Result |',
    '|---|---|--:|---|---|',
    ...records.flatMap(rows).map((r) => `| ${r.benchmark} | ${r.figure} | ${r.value} | ${r.target} | ${r.result} |`),
  ];
  const runs = [
    '| Benchmark | Date | Scale | Duration | Node | CPUs | Memory | CPU used by other processes |',
    '|---|---|--:|--:|---|---|--:|--:|',
    ...records.map(
      (r) =>
        `| ${label(r)} | ${r.machine.date} | ${r.scale} | ${(r.durationMs / 1000).toFixed(1)} s | ${r.machine.node} | ${r.machine.cpus} × ${r.machine.cpuModel} | ${r.machine.memoryGiB} GiB | ${Math.round(r.otherCpuShare * 100)} % |`,
    ),
  ];
  const notes = records.flatMap((r) => (r.notes ?? []).map((n) => `- **${label(r)}**: ${n}`));
  return [
    '# Benchmark results',
    '',
    'Written by `npm run bench` from the records in `bench/results/*.json`.',
    '',
    ...table,
    '',
    '## Runs',
    '',
    ...runs,
    ...(notes.length > 0 ? ['', '## Notes', '', ...notes] : []),
    '',
  ].join('\n');
}

/** The benchmark's name, with its variant when it has one: `temporal.read-model n=100000`. */
function label(record: ResultRecord, separator = ' '): string {
  return record.variant ? `${record.name}${separator}${record.variant}` : record.name;
}

function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  return Math.abs(value) >= 100 ? Math.round(value).toLocaleString('en-US') : String(Math.round(value * 100) / 100);
}
