import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';

/** Clock ticks per second, the unit of /proc's CPU times. */
const TICKS_PER_SEC = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/**
 * CPU time of this process's children that have exited (and been waited for), from /proc/self/stat
 * (`cutime` + `cstime`); undefined where there is no /proc.
 */
function exitedChildrenCpuMs(): number | undefined {
  try {
    const stat = readFileSync('/proc/self/stat', 'utf8');
    // Fields after the command name, which may hold spaces: state is field 3, cutime 16, cstime 17.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[13]) + Number(fields[14])) / TICKS_PER_SEC) * 1000;
  } catch {
    return undefined;
  }
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

export interface OthersCpu {
  /** Share (0..1) of the machine's CPU time used by processes other than this one and the children it ran. */
  othersShare: number;
  /** Share of the machine's CPU time this process and its exited children used. */
  ownShare: number;
  /** False where the children's time could not be read: `othersShare` then counts them too. */
  childrenCounted: boolean;
}

/**
 * As machine-info's meter, but the benchmark's own child processes (the service, the command
 * line) are not counted as other work. Read it once the children of the span have exited.
 */
export function startOthersCpuMeter(): () => OthersCpu {
  const machineBefore = machineCpuMs();
  const ownBefore = process.cpuUsage();
  const childrenBefore = exitedChildrenCpuMs();
  return () => {
    const machine = machineCpuMs();
    const own = process.cpuUsage(ownBefore);
    const childrenAfter = exitedChildrenCpuMs();
    const children =
      childrenBefore !== undefined && childrenAfter !== undefined ? childrenAfter - childrenBefore : undefined;
    const total = machine.total - machineBefore.total;
    const ours = (own.user + own.system) / 1000 + (children ?? 0);
    const others = machine.busy - machineBefore.busy - ours;
    const share = (ms: number) => (total > 0 ? Math.min(1, Math.max(0, ms / total)) : 0);
    return { othersShare: share(others), ownShare: share(ours), childrenCounted: children !== undefined };
  };
}
