/** The `BENCH_SCALE` multiplier for counts (default 1); throws on anything but a positive number. */
export function benchScale(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.BENCH_SCALE;
  if (raw === undefined || raw.trim() === '') return 1;
  const scale = Number(raw);
  if (!Number.isFinite(scale) || scale <= 0)
    throw new RangeError(`BENCH_SCALE must be a positive number, got "${raw}"`);
  return scale;
}

/** `count` times the scale, rounded, at least `min`. */
export function scaled(count: number, min = 1): number {
  return Math.max(min, Math.round(count * benchScale()));
}

/** A log size as a record names it: `15k`, `100k`, `1M`. */
export function sizeLabel(size: number): string {
  return size % 1_000_000 === 0 ? `${size / 1_000_000}M` : size % 1_000 === 0 ? `${size / 1_000}k` : String(size);
}
