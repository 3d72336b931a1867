import { csvRecord } from '../../src/export/csv.js';
import { takeOutputOptions } from '../../src/export/output-options.js';
import { toProblem } from '../../src/errors/to-problem.js';
import { VIEW_NAMES } from '../../projections/index.js';
import { pagesWithTurns } from '../../src/export/output.interceptor.js';
import { viewCsvHeader, viewCsvRecord } from '../../src/export/view-export.js';

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

  it('has one fixed header per view, from its row schema: nested records as parent.child, names beside parties', () => {
    for (const view of VIEW_NAMES)
      expect(viewCsvHeader(view)).toMatch(
        /^key,certainty,valid_from,valid_to,since,certain_since,last_reported,.+,developments\r\n$/,
      );
    const facilities = viewCsvHeader('facilities').trim().split(',');
    expect(facilities).toEqual(
      expect.arrayContaining(['owner', 'owner_names', 'steps.operating', 'investment.currency']),
    );
    expect(facilities.indexOf('owner_names')).toBe(facilities.indexOf('owner') + 1);
    expect(facilities).not.toContain('steps');
    const investments = viewCsvHeader('investments').trim().split(',');
    expect(investments).toEqual(
      expect.arrayContaining(['latest.value.value', 'latest.value.currency', 'latest.period']),
    );
  });

  it('writes every row under the same header, an absent field as an empty cell', () => {
    const name = (ref: string) => (ref === 'org:byd' ? 'BYD' : undefined);
    const header = viewCsvHeader('facilities').trim().split(',');
    const cells = (value: Record<string, unknown>) => {
      const line = viewCsvRecord(row('k', value), 'facilities', name).trim().split(',');
      expect(line).toHaveLength(header.length);
      return Object.fromEntries(header.map((h, i) => [h, line[i]]));
    };
    expect(
      cells({ owner: 'org:byd', country: 'HU', products: ['cars', 'buses'], steps: { operating: '2025' } }),
    ).toMatchObject({
      owner: 'org:byd',
      owner_names: 'BYD',
      country: 'HU',
      products: 'cars; buses',
      'steps.operating': '2025',
      'steps.announced': '',
      location: '',
    });
    expect(cells({ owner: 'org:unknown', country: 'BR' })).toMatchObject({ owner_names: 'org:unknown', products: '' });
  });

  it('keeps records keyed by ids as JSON in one cell', () => {
    const header = viewCsvHeader('footprint').trim().split(',');
    const line = viewCsvRecord(
      row('k', {
        organisation: 'org:byd',
        country: 'HU',
        facilities: { 'byd-szeged': { kind: 'plant', status: 'operating' } },
      }),
      'footprint',
      () => undefined,
    );
    expect(line).toContain('"{""byd-szeged"":{""kind"":""plant"",""status"":""operating""}}"');
    expect(header).toContain('facilities');
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
    const header = viewCsvHeader('facilities').trim().split(',');
    const line = viewCsvRecord(
      { ...row, value: { status: 'under-construction', expectations } },
      'facilities',
      () => undefined,
    )
      .trim()
      .split(',');
    expect(line[header.indexOf('expectations')]).toBe(
      'FacilityOpened second half of 2025 (not recorded as met by second half of 2025)',
    );
    expect(line.slice(4, 7)).toEqual(['2025', '', 'March 2025']);
  });
});

describe('an export read page by page', () => {
  it('gives the event loop a turn between every two pages, however fast the pages come', async () => {
    let turns = 0;
    let counting = true;
    const count = () => {
      turns++;
      if (counting) setImmediate(count);
    };
    setImmediate(count);
    const seen: number[] = [];
    const query: Record<string, unknown> = {};
    let n = 0;
    // Pages that are ready at once, as a synchronous database gives them: only promises, no I/O.
    const read = async () => {
      seen.push(turns);
      n++;
      return n < 20 ? { nextCursor: `c${n}` } : {};
    };
    const pages = [];
    for await (const page of pagesWithTurns(read, query)) pages.push(page);
    counting = false;
    expect(pages).toHaveLength(20);
    expect(query.cursor).toBe('c19');
    for (let i = 1; i < seen.length; i++) expect(seen[i]).toBeGreaterThan(seen[i - 1]!);
  });
});

describe('output options', () => {
  const take = (query: Record<string, unknown>, accept?: string, exports = true) => ({
    options: takeOutputOptions(query, accept, exports),
    query,
  });

  it('takes format and expand out of the query, leaving the route its own parameters', () => {
    expect(take({ format: 'csv', expand: 'names', asOf: '2020-01-01' })).toEqual({
      options: { format: 'csv', names: true, bom: false },
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

  /** The problem a refused query answers. */
  const refusal = (run: () => unknown) => {
    try {
      run();
    } catch (error) {
      return toProblem(error);
    }
    throw new Error('not refused');
  };

  it('takes bom=true for a CSV, and refuses it elsewhere', () => {
    expect(take({ format: 'csv', bom: 'true' }).options.bom).toBe(true);
    expect(take({ bom: 'true' }, 'text/csv').options.bom).toBe(true);
    expect(refusal(() => take({ format: 'csv', bom: 'yes' }))).toMatchObject({
      status: 400,
      errors: [{ path: 'bom' }],
    });
    expect(refusal(() => take({ bom: 'true' }))).toMatchObject({ status: 400, code: 'INVALID_PARAMETER' });
  });

  it('refuses what it does not know, naming the parameter', () => {
    expect(refusal(() => take({ format: 'xlsx' }))).toMatchObject({
      status: 400,
      code: 'INVALID_PARAMETER',
      errors: [{ path: 'format', allowed: ['json', 'csv', 'timelinejs'] }],
    });
    expect(refusal(() => take({ expand: 'names,sources' }))).toMatchObject({ errors: [{ path: 'expand' }] });
    expect(refusal(() => take({ format: 'csv' }, undefined, false))).toMatchObject({ errors: [{ path: 'format' }] });
  });
});
