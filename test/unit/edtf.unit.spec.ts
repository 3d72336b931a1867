import { daysInMonth, isIsoDay, parseEdtf } from '../../events/dates/edtf.js';

const parsed = (text: string) => {
  const result = parseEdtf(text);
  if (!result.ok) throw new Error(`expected ${text} to parse: ${result.reason}`);
  return result.value;
};

describe('EDTF dates', () => {
  it.each([
    ['2025', '2025-01-01', '2025-12-31', 'year'],
    ['2024-02', '2024-02-01', '2024-02-29', 'month'],
    ['2025-02', '2025-02-01', '2025-02-28', 'month'],
    ['1900-02', '1900-02-01', '1900-02-28', 'month'],
    ['2000-02', '2000-02-01', '2000-02-29', 'month'],
    ['2025-10-23', '2025-10-23', '2025-10-23', 'day'],
    ['2024-02-29', '2024-02-29', '2024-02-29', 'day'],
    ['2025-21', '2025-03-01', '2025-05-31', 'season'],
    ['2025-22', '2025-06-01', '2025-08-31', 'season'],
    ['2025-23', '2025-09-01', '2025-11-30', 'season'],
    ['2025-24', '2025-12-01', '2026-02-28', 'season'],
    ['2023-24', '2023-12-01', '2024-02-29', 'season'],
    ['2025-33', '2025-01-01', '2025-03-31', 'quarter'],
    ['2025-34', '2025-04-01', '2025-06-30', 'quarter'],
    ['2025-35', '2025-07-01', '2025-09-30', 'quarter'],
    ['2025-36', '2025-10-01', '2025-12-31', 'quarter'],
    ['2025-40', '2025-01-01', '2025-06-30', 'half'],
    ['2025-41', '2025-07-01', '2025-12-31', 'half'],
  ])('%s spans %s..%s at %s precision', (text, earliest, latest, precision) => {
    expect(parsed(text)).toMatchObject({ edtf: text, earliest, latest, precision, uncertain: false, approximate: false });
  });

  it.each([
    ['2025?', true, false],
    ['2025-11~', false, true],
    ['2025-41%', true, true],
    ['2025-10-23?', true, false],
  ])('%s carries its qualifier (uncertain %s, approximate %s)', (text, uncertain, approximate) => {
    expect(parsed(text)).toMatchObject({ uncertain, approximate });
  });

  it('keeps the interval of a qualified date', () => {
    expect(parsed('2025-36~')).toMatchObject({ earliest: '2025-10-01', latest: '2025-12-31', precision: 'quarter' });
  });

  it.each([
    ['2025-02-29', /day 29 does not exist in 2025-02/],
    ['2025-13', /month 13 does not exist/],
    ['2025-00-10', /month 00 does not exist/],
    ['2025-04-31', /day 31 does not exist/],
    ['2025-01-00', /day 00 does not exist/],
    ['2025-25', /month 25 does not exist/],
    ['2025-37', /month 37 does not exist/],
    ['2025-42', /month 42 does not exist/],
    ['2025-33-01', /groupings take no day/],
    ['0000', /out of range/],
    ['late 2025', /not an EDTF date/],
    ['2025-1', /not an EDTF date/],
    ['25', /not an EDTF date/],
    ['2025/2026', /not an EDTF date/],
    ['2025-10-23T10:00', /not an EDTF date/],
    ['2025??', /not an EDTF date/],
    ['?2025', /not an EDTF date/],
    ['', /not an EDTF date/],
  ])('rejects %s with the reason', (text, reason) => {
    const result = parseEdtf(text);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toMatch(reason);
  });

  it('gives every month of every year a consistent interval', () => {
    for (let year = 1995; year <= 2030; year++) {
      for (let month = 1; month <= 12; month++) {
        const m = String(month).padStart(2, '0');
        const value = parsed(`${year}-${m}`);
        expect(value.earliest).toBe(`${year}-${m}-01`);
        expect(value.latest).toBe(`${year}-${m}-${String(daysInMonth(year, month)).padStart(2, '0')}`);
        expect(parseEdtf(`${year}-${m}-${String(daysInMonth(year, month) + 1).padStart(2, '0')}`).ok).toBe(false);
      }
    }
  });

  it('tells plain ISO days apart', () => {
    expect(isIsoDay('2025-10-23')).toBe(true);
    expect(isIsoDay('2025-10')).toBe(false);
    expect(isIsoDay('2025-10-23?')).toBe(false);
  });
});
