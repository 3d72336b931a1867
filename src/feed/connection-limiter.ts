import { Problem } from '../errors/problems.js';

/** Counts open streaming connections per client; one over the cap is refused with a 429. */
export class ConnectionLimiter {
  private readonly open = new Map<string, number>();

  constructor(private readonly max: number) {}

  /** Takes a slot for `client`, returning the function that gives it back. */
  acquire(client: string): () => void {
    const count = this.open.get(client) ?? 0;
    if (count >= this.max) {
      throw new Problem(429, 'TOO_MANY_STREAMS', 'Too many requests', `at most ${this.max} open feed connections per client`, { retryAfter: 5 });
    }
    this.open.set(client, count + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = (this.open.get(client) ?? 1) - 1;
      if (left === 0) this.open.delete(client);
      else this.open.set(client, left);
    };
  }
}
