import { cpus, platform, release, arch, totalmem } from 'node:os';

export interface MachineInfo {
  node: string;
  os: string;
  cpus: number;
  cpuModel: string;
  memoryGiB: number;
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
