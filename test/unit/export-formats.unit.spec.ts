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
      developments: ['d1'],
      value,
    });
    const csv = rowsCsv(
      [row('a', { owner: 'org:byd', country: 'HU' }), row('b', { owner: 'org:unknown', country: 'BR', extra: 'x' })],
      (ref) => (ref === 'org:byd' ? 'BYD' : undefined),
    );
    expect(csv.split('\r\n')).toEqual([
      'key,certainty,valid_from,valid_to,owner,owner_names,country,extra,developments',
      'a,certain,2020-01-01,,org:byd,BYD,HU,,d1',
      'b,certain,2020-01-01,,org:unknown,org:unknown,BR,x,d1',
      '',
    ]);
  });
});

describe('expectations in a view export', () => {
  it('reads as sentences in one column, not as JSON among the fields', () => {
    const expectations = [
      { type: 'FacilityOpened', date: '2025-41~', dateText: 'second half of 2025', status: 'overdue' },
    ];
    const row = { key: 'k', certainty: 'possible', validFrom: '2025-01-01', validTo: null, developments: ['d1'] };
    const csv = rowsCsv([{ ...row, value: { status: 'under-construction', expectations } }], () => undefined);
    expect(csv.split('\r\n').slice(0, 2)).toEqual([
      'key,certainty,valid_from,valid_to,status,expectations,developments',
      'k,possible,2025-01-01,,under-construction,FacilityOpened second half of 2025 (overdue),d1',
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
