/** Buckets kept before the full ones are forgotten: clients that come once must not pile up. */
const MAX_TRACKED = 10_000;

/** A token bucket per principal: `perMinute` writes, refilled continuously, bursts up to the same number. */
export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    private readonly perMinute: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Takes one token; returns 0 when allowed, else the seconds until one is available. */
  take(principal: string): number {
    const bucket = this.refilled(principal);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return 0;
    }
    return this.wait(bucket.tokens);
  }

  /** The seconds until a token is available (0: one is), taking none. */
  peek(principal: string): number {
    const bucket = this.buckets.get(principal);
    if (!bucket) return 0;
    const { tokens } = this.refilled(principal);
    // A full bucket is the same as none: forgetting it keeps one-off clients from piling up.
    if (tokens >= this.perMinute) this.buckets.delete(principal);
    return tokens >= 1 ? 0 : this.wait(tokens);
  }

  private refilled(principal: string): { tokens: number; at: number } {
    const now = this.now();
    if (this.buckets.size >= MAX_TRACKED) this.forgetFull(now);
    const bucket = this.buckets.get(principal) ?? { tokens: this.perMinute, at: now };
    bucket.tokens = Math.min(this.perMinute, bucket.tokens + ((now - bucket.at) / 60_000) * this.perMinute);
    bucket.at = now;
    this.buckets.set(principal, bucket);
    return bucket;
  }

  private forgetFull(now: number): void {
    for (const [key, bucket] of this.buckets)
      if (bucket.tokens + ((now - bucket.at) / 60_000) * this.perMinute >= this.perMinute) this.buckets.delete(key);
  }

  private wait(tokens: number): number {
    return Math.ceil(((1 - tokens) * 60) / this.perMinute);
  }
}

/** Wrong keys per client address: a limiter of its own, so guessing never spends a real key's writes. */
export class AuthFailures {
  constructor(readonly limiter: RateLimiter) {}
}
