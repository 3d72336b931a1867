export interface Stall {
  /** How much later than due the timer ran, at worst. */
  ms: number;
  /**
   * CPU time the process used during that worst gap: close to `ms` when the loop was busy, far
   * below it when the process waited (for the disk, or for a core other processes held).
   */
  cpuMs: number;
}

/** Measures the longest time the event loop went without a turn, with a timer due every `intervalMs`. */
export function trackEventLoopStalls(intervalMs = 10): { stop(): Promise<Stall> } {
  let last = performance.now();
  let lastCpu = process.cpuUsage();
  let longest: Stall = { ms: 0, cpuMs: 0 };
  const tick = () => {
    const now = performance.now();
    const cpu = process.cpuUsage();
    const late = now - last - intervalMs;
    if (late > longest.ms)
      longest = { ms: late, cpuMs: (cpu.user - lastCpu.user + cpu.system - lastCpu.system) / 1000 };
    last = now;
    lastCpu = cpu;
  };
  const timer = setInterval(tick, intervalMs);
  return {
    // A stall still in progress shows only once the timer runs again, so give it that turn first.
    stop: () =>
      new Promise((resolve) =>
        setTimeout(() => {
          clearInterval(timer);
          tick();
          resolve(longest);
        }, intervalMs),
      ),
  };
}
