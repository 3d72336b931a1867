/** Measures the longest time the event loop went without a turn, with a timer due every `intervalMs`. */
export function trackEventLoopStalls(intervalMs = 10): { stop(): Promise<number> } {
  let last = performance.now();
  let longest = 0;
  const tick = () => {
    const now = performance.now();
    longest = Math.max(longest, now - last - intervalMs);
    last = now;
  };
  const timer = setInterval(tick, intervalMs);
  return {
    // A stall still in progress shows only once the timer runs again, so give it that turn first.
    stop: () => new Promise((resolve) => setTimeout(() => {
      clearInterval(timer);
      tick();
      resolve(Math.max(0, longest));
    }, intervalMs)),
  };
}
