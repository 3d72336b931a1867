import type { BuildProgress } from '../views/build/view-build.js';

/** A progress bar on stderr when it is a terminal; otherwise a line at each tenth, so logs stay readable. */
export function progressBar(
  label: string,
  stream: NodeJS.WriteStream = process.stderr,
): (done: number, total: number) => void {
  let lastTenth = -1;
  return (done, total) => {
    const fraction = total === 0 ? 1 : done / total;
    if (stream.isTTY) {
      const width = 30;
      const filled = Math.round(fraction * width);
      stream.write(
        `\r${label} [${'#'.repeat(filled)}${' '.repeat(width - filled)}] ${Math.floor(fraction * 100)}% ${done}/${total}`,
      );
      if (done >= total) stream.write('\n');
      return;
    }
    const tenth = Math.floor(fraction * 10);
    if (tenth !== lastTenth) {
      lastTenth = tenth;
      stream.write(`${label} ${tenth * 10}% (${done}/${total})\n`);
    }
  };
}

/** A bar for each pass of a view build (`rebuild`, a large `import`). */
export function buildProgress(): (progress: BuildProgress) => void {
  const bars = {
    keys: progressBar('keying developments'),
    rows: progressBar('folding rows'),
    'catch-up': progressBar('catching up'),
  };
  return (p) => bars[p.phase](p.done, p.total);
}
