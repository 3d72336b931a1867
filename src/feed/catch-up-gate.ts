/**
 * Turns for streams catching up from the log. At most `concurrency` hold a turn at once; the others
 * wait in arrival order. Each turn is granted on a later turn of the event loop, so requests and
 * live deliveries are served between any two pages of catch-up, however many clients replay at once.
 */
export class CatchUpGate {
  private active = 0;
  private readonly waiting: ((end: () => void) => void)[] = [];

  constructor(private readonly concurrency: number) {}

  /** Streams holding a turn, and streams waiting for one. */
  get load(): { active: number; waiting: number } {
    return { active: this.active, waiting: this.waiting.length };
  }

  /** Resolves, when it is the caller's turn, with the function that ends the turn. */
  turn(): Promise<() => void> {
    return new Promise((grant) => {
      this.waiting.push(grant);
      this.next();
    });
  }

  private next(): void {
    while (this.active < this.concurrency && this.waiting.length > 0) {
      const grant = this.waiting.shift()!;
      this.active += 1;
      let ended = false;
      setImmediate(() =>
        grant(() => {
          if (ended) return;
          ended = true;
          this.active -= 1;
          this.next();
        }),
      );
    }
  }
}
