import { inSlice, SLICE_MS, SliceBudget } from '../../src/views/build/slice-budget.js';

/**
 * A build's slice works for as long as leaves its transaction, commit included, about SLICE_MS:
 * at a million developments the commits of slices that worked 25 ms took as long again.
 */
describe('the time a slice of a build works for', () => {
  it('is the whole slice while commits cost nothing', () => {
    const budget = new SliceBudget();
    for (let i = 0; i < 10; i++) budget.observe(SLICE_MS, SLICE_MS);
    expect(budget.workMs).toBe(SLICE_MS);
  });

  it('falls as commits take longer, so that work and commit stay within the slice', () => {
    const budget = new SliceBudget();
    // Each commit as long as the work: a transaction twice its work.
    for (let i = 0; i < 20; i++) budget.observe(budget.workMs, 2 * budget.workMs);
    expect(budget.workMs).toBeGreaterThan(SLICE_MS / 2 - 0.5);
    expect(budget.workMs).toBeLessThan(SLICE_MS / 2 + 0.5);
  });

  it('rises again when commits get cheap, and never falls below a few milliseconds', () => {
    const budget = new SliceBudget();
    for (let i = 0; i < 20; i++) budget.observe(5, 500);
    expect(budget.workMs).toBe(3);
    for (let i = 0; i < 30; i++) budget.observe(budget.workMs, budget.workMs);
    expect(budget.workMs).toBeGreaterThan(SLICE_MS - 0.5);
  });

  it('learns nothing from a slice that had next to nothing to do', () => {
    const budget = new SliceBudget();
    budget.observe(0.2, 30);
    expect(budget.workMs).toBe(SLICE_MS);
  });

  it('gives the work its time and observes the transaction around it', () => {
    const budget = new SliceBudget();
    const wait = (ms: number) => {
      const until = performance.now() + ms;
      while (performance.now() < until);
    };
    let given = 0;
    // The "transaction" costs as much again as the work after it returns.
    const run = <T>(work: () => T): T => {
      const started = performance.now();
      const result = work();
      wait(performance.now() - started);
      return result;
    };
    const result = inSlice(budget, run, (ms) => {
      given = ms;
      wait(ms);
      return 'done';
    });
    expect(result).toBe('done');
    expect(given).toBe(SLICE_MS);
    expect(budget.workMs).toBeLessThan(SLICE_MS * 0.9);
  });
});
