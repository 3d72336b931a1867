import { CountBuffer, monthOf, monthText } from '../../src/views/store/count-buffer.js';

describe('the counts over time a bulk build sums in memory', () => {
  it('keeps the month of a day as it is stored (YYYY-MM), whatever form the day has', () => {
    for (const day of ['2025-01-31', '2025-12-01', '0999-06-30', '1231-12-06', '9999-12-31'])
      expect(monthText(monthOf(day))).toBe(day.slice(0, 7));
    // Not an ISO day of four-digit years: kept as its first seven characters, as stored before.
    for (const day of ['-0044-03-15', '12025-01-01', '2025-06']) expect(monthText(monthOf(day))).toBe(day.slice(0, 7));
  });

  it('adds up each grouping and month once, and gives every sum back, a limit at a time', () => {
    const buffer = new CountBuffer();
    const facilitiesInCN = buffer.monthsOf({ vw: 1, series: 'possible', dimension: 'country', grp: 'CN' });
    buffer.add(facilitiesInCN, '2020-03-04', 1);
    buffer.add(facilitiesInCN, '2020-03-28', 1);
    buffer.add(facilitiesInCN, '2021-01-01', -1);
    const all = buffer.monthsOf({ vw: 1, series: 'possible', dimension: '', grp: '' });
    buffer.add(all, '2020-03-04', 1);
    // The same grouping asked for again adds to the same sums.
    buffer.add(buffer.monthsOf({ vw: 1, series: 'possible', dimension: 'country', grp: 'CN' }), '2021-01-15', -1);
    expect(buffer.size).toBe(3);
    const first = [...buffer.take(2)];
    expect(first).toEqual([
      [1, 'possible', 'country', 'CN', '2020-03', 2],
      [1, 'possible', 'country', 'CN', '2021-01', -2],
    ]);
    expect(buffer.size).toBe(1);
    expect([...buffer.take(10)]).toEqual([[1, 'possible', '', '', '2020-03', 1]]);
    expect(buffer.size).toBe(0);
    expect([...buffer.take(10)]).toEqual([]);
  });
});
