import { csvRecord } from '../../src/export/csv.js';
import { takeOutputOptions } from '../../src/export/output-options.js';
import { flatten, rowsCsv } from '../../src/export/view-export.js';

describe('CSV records', () => {
  it('quotes commas, quotes and line breaks, and ends with CRLF', () => {
    expect(csvRecord(['plain', 'a, b', 'say "hi"', 'two\nlines', undefined, 3])).toBe(
      'plain,"a, b","say ""hi""","two\nlines",,3\r\n',
    );
  });

  it('keeps spreadsheets from running text as a formula, but leaves numbers alone', () => {
    expect(csvRecord(['=SUM(A1)', '+1 more', '@cmd', '-5', '-2.5e3', '-minus'])).toBe(
      "'=SUM(A1),'+1 more,'@cmd,-5,-2.5e3,'-minus\r\n",
    );
  });
});

describe('view rows as columns', () => {
  it('flattens nested records, joins lists of plain values, keeps records keyed by ids as JSON', () => {
    const cells = flatten({
      owner: 'org:byd',
      products: ['cars', 'buses'],
      latest: { period: '2024', value: { value: 144, currency: 'USD' } },
      facilities: { 'byd-szeged': { status: 'operating' } },
      parties: [{ ref: 'org:byd' }],
      missing: null,
    });
    expect(Object.fromEntries(cells)).toEqual({
      owner: 'org:byd',
      products: 'cars; buses',
      'latest.period': '2024',
      'latest.value.value': '144',
      'latest.value.currency': 'USD',
      facilities: '{"byd-szeged":{"status":"operating"}}',
      parties: '[{"ref":"org:byd"}]',
    });
  });

  it('puts a column of names after each column that holds organisations or governments', () => {
    const row = (key: string, value: Record<string, unknown>) => ({
      key,
      certainty: 'certain',
      validFrom: '2020-01-01',
      validTo: null,
      since: { date: '2020', text: '2020' },
      certainSince: { day: '2020-01-01', text: '1 January 2020' },
      lastReported: { day: '2020-03-31', text: 'March 2020' },
      certaintyText: 'certain from 1 January 2020, last reported March 2020',
      developments: ['d1'],
      value,
    });
    const csv = rowsCsv(
      [row('a', { owner: 'org:byd', country: 'HU' }), row('b', { owner: 'org:unknown', country: 'BR', extra: 'x' })],
      (ref) => (ref === 'org:byd' ? 'BYD' : undefined),
    );
    expect(csv.split('\r\n')).toEqual([
      'key,certainty,valid_from,valid_to,since,certain_since,last_reported,owner,owner_names,country,extra,developments',
      'a,certain,2020-01-01,,2020,2020-01-01,March 2020,org:byd,BYD,HU,,d1',
      'b,certain,2020-01-01,,2020,2020-01-01,March 2020,org:unknown,org:unknown,BR,x,d1',
      '',
    ]);
  });
});

describe('expectations in a view export', () => {
  it('reads as sentences in one column, not as JSON among the fields', () => {
    const expectations = [
      {
        type: 'FacilityOpened',
        date: '2025-41~',
        dateText: 'second half of 2025',
        status: 'overdue',
        statusText: 'not recorded as met by second half of 2025',
      },
    ];
    const row = {
      key: 'k',
      certainty: 'unconfirmed',
      validFrom: '2025-01-01',
      validTo: null,
      since: { date: '2025', text: '2025' },
      certainSince: null,
      lastReported: { day: '2025-03-31', text: 'March 2025' },
      certaintyText: 'under construction, last reported March 2025; not confirmed since',
      developments: ['d1'],
    };
    const csv = rowsCsv([{ ...row, value: { status: 'under-construction', expectations } }], () => undefined);
    expect(csv.split('\r\n').slice(0, 2)).toEqual([
      'key,certainty,valid_from,valid_to,since,certain_since,last_reported,status,expectations,developments',
      'k,unconfirmed,2025-01-01,,2025,,March 2025,under-construction,' +
        'FacilityOpened second half of 2025 (not recorded as met by second half of 2025),d1',
    ]);
  });
});

describe('output options', () => {
  const take = (query: Record<string, unknown>, accept?: string, exports = true) => ({
    options: takeOutputOptions(query, accept, exports),
    query,
  });

  it('takes format and expand out of the query, leaving the route its own parameters', () => {
    expect(take({ format: 'csv', expand: 'names', asOf: '2020-01-01' })).toEqual({
      options: { format: 'csv', names: true },
      query: { asOf: '2020-01-01' },
    });
  });

  it('chooses CSV from Accept only when it ranks above JSON', () => {
    expect(take({}, 'text/csv').options.format).toBe('csv');
    expect(take({}, 'application/json, text/csv').options.format).toBe('json');
    expect(take({}, 'application/json;q=0.5, text/csv').options.format).toBe('csv');
    expect(take({}, 'text/html,*/*;q=0.8').options.format).toBe('json');
    expect(take({ format: 'json' }, 'text/csv').options.format).toBe('json');
    expect(take({}, 'text/csv', false).options.format).toBe('json');
  });

  it('refuses what it does not know, naming the parameter', () => {
    expect(() => take({ format: 'xlsx' })).toThrow(expect.objectContaining({ status: 400, code: 'INVALID_PARAMETER' }));
    expect(() => take({ expand: 'names,sources' })).toThrow(
      expect.objectContaining({ extra: { errors: [expect.objectContaining({ path: 'expand' })] } }),
    );
    expect(() => take({ format: 'csv' }, undefined, false)).toThrow(
      expect.objectContaining({ extra: { errors: [expect.objectContaining({ path: 'format' })] } }),
    );
  });
});
