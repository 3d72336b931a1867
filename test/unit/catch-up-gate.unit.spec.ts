import { CatchUpGate } from '../../src/feed/catch-up-gate.js';

describe('turns for catching up', () => {
  it('grants at most `concurrency` turns at once, in arrival order, and lets timers run between turns', async () => {
    const gate = new CatchUpGate(1);
    const order: string[] = [];
    const client = async (name: string) => {
      for (let page = 0; page < 3; page++) {
        const end = await gate.turn();
        order.push(`${name}${page}`);
        expect(gate.load.active).toBe(1);
        end();
      }
    };
    let timerRan = false;
    const clients = Promise.all([client('a'), client('b')]);
    setTimeout(() => {
      timerRan = true;
      order.push('timer');
    }, 0);
    await clients;
    expect(timerRan).toBe(true);
    // The two clients alternate: neither holds the process for all its pages.
    expect(order.filter((o) => o !== 'timer')).toEqual(['a0', 'b0', 'a1', 'b1', 'a2', 'b2']);
    expect(order.indexOf('timer')).toBeLessThan(order.length - 1);
  });
});
