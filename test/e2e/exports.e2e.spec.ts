import { randomUUID } from 'node:crypto';
import { startApp, type RunningApp } from '../support/app.js';
import { entities, facilityOpened, licensingDeal } from '../support/fixtures.js';

/** Reads CSV (RFC 4180) back into records, so tests check what a spreadsheet would see. */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      record.push(cell);
      cell = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      record.push(cell);
      records.push(record);
      record = [];
      cell = '';
      i++;
    } else cell += c;
  }
  return records;
}

async function get(api: RunningApp, path: string, headers: Record<string, string> = {}) {
  const response = await fetch(`${api.url}${path}`, { headers });
  return { status: response.status, headers: response.headers, text: await response.text() };
}

describe('exports over HTTP', () => {
  let api: RunningApp;
  const plants = Array.from({ length: 520 }, (_, i) =>
    facilityOpened(
      { date: `2020-${String((i % 12) + 1).padStart(2, '0')}`, summary: `BYD plant number ${i}` },
      { facilityId: `byd-plant-${i}`, country: i % 2 ? 'HU' : 'BR' },
    ),
  );
  const tricky = licensingDeal({
    summary: '=HYPERLINK("http://evil.example") CATL, "Ford" and <script>alert(1)</script>',
    date: '2023~',
  });

  beforeAll(async () => {
    api = await startApp();
    expect((await api.call('POST', '/entities', entities)).status).toBe(201);
    expect((await api.call('POST', '/developments', plants)).status).toBe(201);
    expect((await api.call('POST', '/developments', tricky)).status).toBe(201);
  });
  afterAll(() => api.close());

  it('exports every development of the timeline as CSV, across pages, with names beside ids', async () => {
    const csv = await get(api, '/timeline?format=csv&limit=5');
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(csv.headers.get('content-disposition')).toBe('attachment; filename="timeline.csv"');
    const [header, ...records] = parseCsv(csv.text);
    expect(header).toEqual(
      expect.arrayContaining(['id', 'date', 'date_text', 'summary', 'subjects', 'subject_names', 'source_quotes']),
    );
    expect(records).toHaveLength(521);
    expect(new Set(records.map((r) => r[0])).size).toBe(521);
    const column = (name: string) => header!.indexOf(name);
    const deal = records.find((r) => r[0] === tricky.id)!;
    expect(deal[column('subject_names')]).toBe('CATL; Ford; United States');
    // A spreadsheet must not run it as a formula; the text is otherwise kept as it was.
    expect(deal[column('summary')]).toBe(`'${tricky.summary}`);
  });

  it('answers CSV to Accept: text/csv and JSON otherwise', async () => {
    expect((await get(api, '/timeline?limit=1', { accept: 'text/csv' })).headers.get('content-type')).toMatch(
      /^text\/csv/,
    );
    const json = await get(api, '/timeline?limit=1', {
      accept: 'text/html,application/json;q=0.9,text/csv;q=0.5',
    });
    expect(json.headers.get('content-type')).toMatch(/^application\/json/);
    expect(json.headers.get('vary')).toBe('Accept');
  });

  it('exports a view as of a date as CSV, a column of names after each column of ids', async () => {
    const csv = await get(api, '/state/facilities?asOf=2020-12-31&country=HU&format=csv');
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-disposition')).toBe('attachment; filename="facilities-2020-12-31.csv"');
    const [header, ...records] = parseCsv(csv.text);
    expect(header!.slice(0, 4)).toEqual(['key', 'certainty', 'valid_from', 'valid_to']);
    expect(header).toContain('owner');
    expect(header![header!.indexOf('owner') + 1]).toBe('owner_names');
    expect(records).toHaveLength(260);
    expect(
      records.every((r) => r[header!.indexOf('owner_names')] === 'BYD' && r[header!.indexOf('country')] === 'HU'),
    ).toBe(true);
  });

  it('exports TimelineJS JSON: each development spans its dates, its text escaped', async () => {
    const response = await get(api, `/timeline?format=timelinejs&subject=org:catl`);
    expect(response.status).toBe(200);
    const document = JSON.parse(response.text) as {
      events: { unique_id: string; start_date: object; end_date?: object; text: { headline: string } }[];
    };
    expect(document.events).toHaveLength(1);
    const [event] = document.events;
    expect(event!.unique_id).toBe(tricky.id);
    expect(event!.start_date).toMatchObject({ year: 2023, month: 1, day: 1 });
    expect(event!.end_date).toMatchObject({ year: 2023, month: 12, day: 31 });
    expect(event!.text.headline).toContain('&lt;script&gt;');
    expect(event!.text.headline).not.toContain('<script>');
  });

  it('adds display names beside ids with expand=names', async () => {
    const timeline = await api.call('GET', '/timeline?subject=org:catl&expand=names');
    expect(timeline.body.names).toEqual({
      'org:catl': 'CATL',
      'org:ford': 'Ford',
      'country:US': 'United States',
    });
    const state = await api.call('GET', '/state/licensing?asOf=2024-01-01&expand=names');
    expect(state.body.names).toMatchObject({ 'org:catl': 'CATL', 'org:ford': 'Ford' });
    const one = await api.call('GET', `/developments/${tricky.id}?expand=names`);
    expect(one.body.names).toMatchObject({ 'org:catl': 'CATL' });
    expect((await api.call('GET', '/timeline?limit=1')).body.names).toBeUndefined();
  });

  it('refuses unknown formats and expansions with a problem naming the parameter', async () => {
    for (const [path, parameter] of [
      ['/timeline?format=xml', 'format'],
      ['/state/facilities?expand=people', 'expand'],
      [`/developments/${randomUUID()}?format=csv`, 'format'],
    ] as const) {
      const response = await api.call('GET', path);
      expect(response.status).toBe(400);
      expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(response.body).toMatchObject({ code: 'INVALID_PARAMETER', errors: [{ path: parameter }] });
    }
    const badQuery = await get(api, '/state/facilities?asOf=someday&format=csv');
    expect(badQuery.status).toBe(400);
    const problem = JSON.parse(badQuery.text) as { code: string; errors: { path: string }[] };
    expect(problem.code).toBe('INVALID_PARAMETER');
    expect(problem.errors.map((e) => e.path)).toContain('asOf');
  });
});
