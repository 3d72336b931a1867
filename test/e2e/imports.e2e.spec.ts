import { startApp, type RunningApp } from '../support/app.js';
import { entities } from '../support/fixtures.js';

const HEADER = [
  'type',
  'date',
  'summary',
  'subjects',
  'sources.0.title',
  'sources.0.url',
  'sources.0.quote',
  'sources.0.published',
  'data.facilityId',
  'data.owner',
  'data.kind',
  'data.country',
];

/** One facility opening a row, the way a spreadsheet saves it (commas and quotes quoted). */
function row(n: number, changes: Partial<Record<(typeof HEADER)[number], string>> = {}): string {
  const cells: Record<string, string> = {
    type: 'FacilityOpened',
    date: '2025-12~',
    summary: `BYD opens plant ${n}, "line ${n}"`,
    subjects: 'org:byd; country:HU',
    'sources.0.title': 'Plant report',
    'sources.0.url': `https://example.org/plants/${n}`,
    'sources.0.quote': `the plant ${n} opened`,
    'sources.0.published': '2026-01-05',
    'data.facilityId': `byd-plant-${n}`,
    'data.owner': 'org:byd',
    'data.kind': 'plant',
    'data.country': 'HU',
    ...changes,
  };
  return HEADER.map((c) => csvCell(cells[c]!)).join(',');
}

const csvCell = (value: string) => (/[",\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value);

const BAD = new Map([
  [17, { date: '2025-13' }],
  [500, { 'sources.0.quote': '' }],
  [998, { 'data.owner': 'org:nobody' }],
]);

const csvOf = (rows: string[]) => [HEADER.join(','), ...rows].join('\r\n');
const post = (api: RunningApp, path: string, body: string, type: string) =>
  api.call('POST', path, body, { 'content-type': type });

describe('POST /imports', () => {
  let api: RunningApp;

  beforeAll(async () => {
    api = await startApp({ TIMELINE_WRITE_RATE: '1000' });
    expect((await api.call('POST', '/entities', entities)).status).toBe(201);
  });
  afterAll(() => api.close());

  const count = async () => (await api.call('GET', '/timeline?limit=1&subject=org:byd')).body.developments.length;

  it('a dry run of 1,000 rows with 3 bad ones names each bad row and its column, and records nothing', async () => {
    const rows = Array.from({ length: 1000 }, (_, i) => row(i, BAD.get(i)));
    const answer = await post(api, '/imports?dryRun=true', csvOf(rows), 'text/csv');
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ dryRun: true, wouldRecord: 997, recorded: 0, duplicates: 0, rejected: 3 });
    const rejected = answer.body.rows.filter((r: { outcome: string }) => r.outcome === 'rejected');
    // Spreadsheet rows: the header is row 1, so data row i is row i + 2.
    expect(
      rejected.map((r: { row: number; errors: { column: string }[] }) => [r.row, r.errors.map((e) => e.column)]),
    ).toEqual([
      [19, ['date']],
      [502, ['sources.0.quote']],
      [1000, ['data.owner']],
    ]);
    expect(rejected[2].errors[0]).toMatchObject({ path: 'data.owner', code: 'unknown_subject' });
    expect(await count()).toBe(0);

    const real = await post(api, '/imports', csvOf(rows), 'text/csv');
    expect([real.status, real.body.code]).toEqual([422, 'IMPORT_REJECTED']);
    expect(real.body.errors.map((e: { row: number; column: string }) => [e.row, e.column])).toEqual([
      [19, 'date'],
      [502, 'sources.0.quote'],
      [1000, 'data.owner'],
    ]);
    expect(await count()).toBe(0);
  }, 120_000);

  it('the corrected file records 1,000 developments; importing it again records none (duplicates)', async () => {
    const file = csvOf(Array.from({ length: 1000 }, (_, i) => row(i)));
    const first = await post(api, '/imports?dryRun=false', file, 'text/csv; charset=utf-8');
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ dryRun: false, recorded: 1000, duplicates: 0, rejected: 0 });
    const stored = await api.call('GET', `/developments/${first.body.rows[0].id}`);
    expect(stored.body).toMatchObject({
      date: '2025-12~',
      summary: 'BYD opens plant 0, "line 0"',
      subjects: ['org:byd', 'country:HU'],
      data: { facilityId: 'byd-plant-0', owner: 'org:byd', kind: 'plant', country: 'HU' },
    });
    expect(stored.body.recordedBy).toMatch(/^key:/);
    const again = await post(api, '/imports', file, 'text/csv');
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ recorded: 0, duplicates: 1000, rejected: 0 });
    const facilities = await api.call('GET', '/state/facilities?asOf=2026-01-31&subject=org:byd&limit=500');
    expect(facilities.body.rows.length).toBe(500);
    expect(facilities.body.nextCursor).toBeDefined();
  }, 180_000);

  it('imports entities from CSV and JSON Lines mixing entities and the developments that name them', async () => {
    const csv =
      'entityId,kind,name,homeCountry,aliases\r\norg:gotion,organisation,Gotion High-Tech,CN,Gotion; 国轩高科\r\n';
    const registered = await post(api, '/imports', csv, 'text/csv');
    expect([registered.status, registered.body.recorded]).toEqual([201, 1]);
    expect((await api.call('GET', '/entities')).body.entities).toContainEqual(
      expect.objectContaining({ entityId: 'org:gotion', aliases: ['Gotion', '国轩高科'] }),
    );

    const entity = { entityId: 'org:sunwoda', kind: 'organisation', name: 'Sunwoda', homeCountry: 'CN' };
    const development = {
      type: 'FacilityConstructionStarted',
      date: '2024',
      summary: 'Sunwoda starts a plant in Hungary',
      subjects: ['org:sunwoda', 'country:HU'],
      sources: [{ title: 'Report', url: 'https://example.org/sunwoda', quote: 'construction began' }],
      data: { facilityId: 'sunwoda-nyiregyhaza', owner: 'org:sunwoda', kind: 'plant', country: 'HU' },
    };
    const lines = [JSON.stringify(development), '', '{"entityId": oops}', JSON.stringify(entity)].join('\n');
    const dry = await post(api, '/imports?dryRun=true', lines, 'application/x-ndjson');
    expect(dry.body.rows).toEqual([
      { row: 1, kind: 'development', id: expect.any(String), outcome: 'would_record' },
      {
        row: 3,
        kind: 'development',
        outcome: 'rejected',
        errors: [{ path: '(row)', code: 'unreadable', message: expect.stringContaining('malformed JSON') }],
      },
      { row: 4, kind: 'entity', id: 'org:sunwoda', outcome: 'would_record' },
    ]);
    const fixed = [JSON.stringify(development), JSON.stringify(entity)].join('\n');
    const real = await post(api, '/imports', fixed, 'application/x-ndjson');
    expect([real.status, real.body.recorded]).toEqual([201, 2]);
  });

  it('serves a template per type whose columns import as they are', async () => {
    const template = await fetch(`${api.url}/catalogue/FacilityOpened/template.csv`);
    expect(template.headers.get('content-type')).toMatch(/^text\/csv/);
    const header = (await template.text()).trim();
    const columns = header.split(',');
    expect(columns).toEqual(expect.arrayContaining(['date', 'sources.0.quote', 'data.owner', 'data.investment.value']));
    const filled: Record<string, string> = {
      type: 'FacilityOpened',
      date: '2025-41~',
      summary: 'CATL opens a plant in Debrecen',
      subjects: 'org:catl;country:HU',
      'sources.0.title': 'Report',
      'sources.0.url': 'https://example.org/catl',
      'sources.0.quote': 'production started',
      'data.facilityId': 'catl-debrecen',
      'data.owner': 'org:catl',
      'data.kind': 'plant',
      'data.country': 'HU',
      'data.investment.value': '7.3',
      'data.investment.currency': 'EUR',
      'data.investment.unit': 'billion',
    };
    const line = columns.map((c) => filled[c] ?? '').join(',');
    const imported = await post(api, '/imports', `${header}\n${line}\n`, 'text/csv');
    expect([imported.status, imported.body.recorded]).toEqual([201, 1]);
    const stored = await api.call('GET', `/developments/${imported.body.rows[0].id}`);
    expect(stored.body.data.investment).toEqual({ value: 7.3, currency: 'EUR', unit: 'billion' });
    expect((await fetch(`${api.url}/catalogue/Nothing/template.csv`)).status).toBe(404);
    expect((await fetch(`${api.url}/catalogue/EntityRegistered/template.csv`)).status).toBe(200);
  });

  it('refuses what it cannot read with a problem naming why', async () => {
    const bad = await post(api, '/imports?dryRun=maybe', csvOf([row(1)]), 'text/csv');
    expect([bad.status, bad.body.errors[0].path]).toEqual([400, 'dryRun']);
    const empty = await post(api, '/imports', HEADER.join(','), 'text/csv');
    expect([empty.status, empty.body.code]).toEqual([422, 'VALIDATION_FAILED']);
    const wide = await post(api, '/imports?dryRun=true', `${HEADER.join(',')}\n${row(1)},extra`, 'text/csv');
    expect(wide.body.rows[0].errors[0]).toMatchObject({ path: '(row)', code: 'unreadable' });
    const unknown = await post(api, '/imports?dryRun=true', `${HEADER.join(',')},sumary\n${row(2)},typo`, 'text/csv');
    expect(unknown.body.rows[0].errors).toEqual([
      { column: 'sumary', path: 'sumary', code: 'unknown_field', message: expect.any(String) },
    ]);
    const deep = await post(
      api,
      '/imports?dryRun=true',
      `${'['.repeat(5000)}${']'.repeat(5000)}`,
      'application/x-ndjson',
    );
    expect(deep.body.rows[0].errors[0]).toMatchObject({ path: '(row)', code: 'unreadable' });
    const polluting = await post(api, '/imports', '__proto__.x,type\n1,FacilityOpened', 'text/csv');
    expect([polluting.status, polluting.body.code]).toEqual([400, 'MALFORMED_CSV']);
    expect(({} as Record<string, unknown>).x).toBeUndefined();
    // Other routes still take JSON only.
    expect((await post(api, '/developments', csvOf([row(3)]), 'text/csv')).status).toBe(415);
  });
});
