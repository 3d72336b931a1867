import { parseEdtf } from '../../events/dates/edtf.js';

const parsed = (text: string) => {
  const result = parseEdtf(text);
  if (!result.ok) throw new Error(`expected ${text} to parse: ${result.reason}`);
  return result.value;
};

describe('EDTF unspecified digits, in words', () => {
  // Every form with X that the service accepts: level 1 (X from the right) and the level 2 forms
  // the package reads, each with its interval and the words a reader sees.
  it.each([
    ['202X', '2020-01-01', '2029-12-31', 'the 2020s'],
    ['20XX', '2000-01-01', '2099-12-31', 'a year from 2000 to 2099'],
    ['2XXX', '2000-01-01', '2999-12-31', 'a year from 2000 to 2999'],
    ['2025-XX', '2025-01-01', '2025-12-31', '2025'],
    ['2025-XX-XX', '2025-01-01', '2025-12-31', '2025'],
    ['2025-12-XX', '2025-12-01', '2025-12-31', 'December 2025'],
    ['2025-XX-15', '2025-01-15', '2025-12-15', 'day 15 of an unspecified month of 2025'],
    ['2025-XX-1X', '2025-01-10', '2025-12-19', 'day 10 to 19 of an unspecified month of 2025'],
    ['2025-1X', '2025-10-01', '2025-12-31', 'October to December 2025'],
    ['2025-0X', '2025-01-01', '2025-09-30', 'January to September 2025'],
    ['2025-X1', '2025-01-01', '2025-11-30', 'January or November 2025'],
    ['2025-1X-XX', '2025-10-01', '2025-12-31', 'October to December 2025'],
    ['2025-01-1X', '2025-01-10', '2025-01-19', '10 to 19 January 2025'],
    ['2025-01-X5', '2025-01-05', '2025-01-25', '5, 15 or 25 January 2025'],
    ['2025-1X-15', '2025-10-15', '2025-12-15', 'day 15 of a month from October to December 2025'],
    ['20XX-06', '2000-06-01', '2099-06-30', 'June of a year from 2000 to 2099'],
    ['202X-06-15', '2020-06-15', '2029-06-15', '15 June of a year in the 2020s'],
    ['2X25', '2025-01-01', '2925-12-31', 'a year of the form 2X25 (2025 to 2925)'],
    ['../2025-XX', '2025-01-01', '2025-12-31', 'on or before 2025'],
    ['202X/2030', '2020-01-01', '2030-12-31', 'from the 2020s to 2030'],
  ])('%s spans %s..%s and reads "%s"', (text, earliest, latest, words) => {
    const value = parsed(text);
    expect(value).toMatchObject({ earliest, latest, unspecified: true, text: words });
    expect(value.text).not.toMatch(/undefined|NaN/);
  });
});

describe('EDTF dates end by 9999', () => {
  it.each(['9999-24', '9999-24~', '9999-24?', '2025/9999-24', '10000', 'Y10000', 'Y12345-01'])(
    'refuses %s, which would end after 9999-12-31',
    (text) => {
      const result = parseEdtf(text, { openEnd: true });
      expect(result.ok).toBe(false);
    },
  );

  it.each([
    ['9999-41', '9999-12-31'],
    ['9999-36', '9999-12-31'],
    ['9999-23', '9999-11-30'],
    ['9999-XX', '9999-12-31'],
    ['9998-24', '9999-02-28'],
  ])('still takes %s, ending %s', (text, latest) => {
    expect(parsed(text).latest).toBe(latest);
  });
});
