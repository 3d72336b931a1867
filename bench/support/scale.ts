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
