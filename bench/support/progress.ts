/** Progress lines on stderr, at most one per `everyMs`, with the rate since the start. */
export function progressReporter(label: string, total: number, everyMs = 5_000): (done: number) => void {
  const started = performance.now();
  let last = started;
  return (done) => {
    const now = performance.now();
    if (now - last < everyMs && done < total) return;
    last = now;
    const seconds = (now - started) / 1000;
    process.stderr.write(
      `${label}: ${done}/${total} (${Math.round(done / seconds)}/s, ${seconds.toFixed(0)} s, rss ${Math.round(process.memoryUsage.rss() / 1e6)} MB)\n`,
    );
  };
}

export function logPhase(message: string): void {
  process.stderr.write(`[temporal] ${message}\n`);
}
