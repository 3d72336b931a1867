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
    expect(parsed(text)).toMatchObject({
      edtf: text,
      earliest,
      latest,
      precision,
      uncertain: false,
      approximate: false,
    });
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
    ['2025-10-23T10:00', /has a time of day/],
    ['2025??', /not an EDTF date/],
    ['', /not an EDTF date/],
    ['2025-W01', /not an EDTF date/],
    ['20250101T000000Z', /time of day/],
    ['2026/..', /has no end/],
    ['2022/2021', /ends before it starts/],
    ['XXXX-06', /first digit/],
    ['[2025,2026]', /not an EDTF date|not a date/],
  ])('rejects %s with the reason', (text, reason) => {
    const result = parseEdtf(text);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toMatch(reason);
  });

  it.each([
    ['2004?-06', '2004-06-01', '2004-06-30', { uncertain: true }, 'June 2004 (year uncertain)'],
    ['?2025-06', '2025-06-01', '2025-06-30', { uncertain: true }, 'June 2025 (year uncertain)'],
    ['202X', '2020-01-01', '2029-12-31', { unspecified: true }, 'the 2020s'],
    ['2025-XX', '2025-01-01', '2025-12-31', { unspecified: true }, '2025'],
    ['2025-06-XX', '2025-06-01', '2025-06-30', { unspecified: true }, 'June 2025'],
    ['2003/2022', '2003-01-01', '2022-12-31', { precision: 'interval' }, 'from 2003 to 2022'],
    ['../2025-03-06', '2025-03-06', '2025-03-06', { openStart: true }, 'on or before 6 March 2025'],
    ['/2025-03', '2025-03-01', '2025-03-31', { openStart: true }, 'on or before March 2025'],
    ['2025-41~', '2025-07-01', '2025-12-31', { approximate: true }, 'second half of 2025, approximately'],
    [
      '2025-41%',
      '2025-07-01',
      '2025-12-31',
      { approximate: true, uncertain: true },
      'second half of 2025, approximately and uncertain',
    ],
    ['2025-24', '2025-12-01', '2026-02-28', {}, 'winter 2025-26'],
    ['2025-10-23', '2025-10-23', '2025-10-23', {}, '23 October 2025'],
    ['2025-41/2026-33', '2025-07-01', '2026-03-31', {}, 'from second half of 2025 to first quarter of 2026'],
  ])('reads EDTF level 1 %s as %s..%s', (text, earliest, latest, flags, words) => {
    expect(parsed(text)).toMatchObject({ earliest, latest, ...flags, text: words });
  });

  it('takes an open end only where a period may have one', () => {
    expect(parseEdtf('2026/..').ok).toBe(false);
    const period = parseEdtf('2026/..', { openEnd: true });
    expect(period.ok && period.value).toMatchObject({
      earliest: '2026-01-01',
      latest: '9999-12-31',
      openEnd: true,
      text: 'from 2026 on',
    });
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
