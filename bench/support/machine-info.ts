import { arch, cpus, platform, release, totalmem } from 'node:os';

export interface MachineInfo {
  node: string;
  os: string;
  cpus: number;
  cpuModel: string;
  memoryGiB: number;
  /** When the benchmark started. */
  date: string;
}

export function machineInfo(): MachineInfo {
  const cores = cpus();
  return {
    node: process.version,
    os: `${platform()} ${release()} ${arch()}`,
    cpus: cores.length,
    cpuModel: cores[0]?.model.trim() ?? 'unknown',
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    date: new Date().toISOString(),
  };
}

/**
 * Starts measuring how busy other processes keep the machine; the returned function gives the
 * share (0..1) of all CPU time since the start that went to processes other than this one.
 * Other work on a small machine skews the figures, so each record carries this.
 */
export function startOtherCpuMeter(): () => number {
  const machineBefore = machineCpuMs();
  const ownBefore = process.cpuUsage();
  return () => {
    const machine = machineCpuMs();
    const own = process.cpuUsage(ownBefore);
    const total = machine.total - machineBefore.total;
    const others = machine.busy - machineBefore.busy - (own.user + own.system) / 1000;
    return total > 0 ? Math.min(1, Math.max(0, others / total)) : 0;
  };
}

function machineCpuMs(): { busy: number; total: number } {
  let busy = 0;
  let total = 0;
  for (const { times } of cpus()) {
    const all = times.user + times.nice + times.sys + times.idle + times.irq;
    total += all;
    busy += all - times.idle;
  }
  return { busy, total };
}
