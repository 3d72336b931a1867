import { GroupedRows } from '../../src/views/store/grouped-rows.js';

describe('rows kept by group to be written in order', () => {
  it('gives every row once, group by group in order, each group in the order its rows came', () => {
    const rows = new GroupedRows();
    const a = ['k1', 1] as const;
    const b = ['k2', 2] as const;
    rows.add('0000000002 country:CN', a);
    rows.add('0000000001 org:b', a);
    rows.add('0000000001 country:DE', b);
    rows.add('0000000002 country:CN', b);
    expect(rows.size).toBe(4);
    expect([...rows.take()]).toEqual([
      ['0000000001 country:DE', b],
      ['0000000001 org:b', a],
      ['0000000002 country:CN', a],
      ['0000000002 country:CN', b],
    ]);
    expect(rows.size).toBe(0);
  });

  it('goes on where a caller stopped, and takes new rows only once all are out', () => {
    const rows = new GroupedRows();
    for (let i = 0; i < 5; i++) rows.add(`g${i % 2}`, [i]);
    const given: unknown[] = [];
    for (const [, row] of rows.take()) {
      given.push(row[0]);
      if (given.length === 3) break;
    }
    expect(() => rows.add('g0', [9])).toThrow();
    for (const [, row] of rows.take()) given.push(row[0]);
    expect(given).toEqual([0, 2, 4, 1, 3]);
    // Stopped right after the last row: nothing is left, and rows can be added again.
    rows.add('g1', [7]);
    for (const [, row] of rows.take()) {
      expect(row).toEqual([7]);
      break;
    }
    rows.add('g0', [8]);
    expect([...rows.take()]).toEqual([['g0', [8]]]);
  });
});
