import { CommandBus } from '@nestjs/cqrs';
import { parse } from 'csv-parse/sync';
import { join } from 'node:path';
import { pino } from 'pino';
import { VIEW_NAMES } from '../../projections/index.js';
import { seedTimeline } from '../../src/seed/seed-timeline.js';
import { EVENT_STORE, type EventStore } from '../../src/store/event-store.js';
import { startApp, type RunningApp } from '../support/app.js';
import { ROOT } from '../support/child.js';

/** U+FEFF in UTF-8. */
const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

describe('view exports on the seed timeline', () => {
  let api: RunningApp;
  const csv = async (path: string) => {
    const response = await fetch(`${api.url}${path}`);
    expect(response.status).toBe(200);
    // fetch's text() drops a byte order mark: read the bytes as they came.
    const bytes = Buffer.from(await response.arrayBuffer());
    return { type: response.headers.get('content-type'), bytes, text: bytes.toString('utf8') };
  };
  const header = (text: string) => (parse(text, { bom: true, to_line: 1 }) as string[][])[0]!;

  beforeAll(async () => {
    api = await startApp();
    await seedTimeline(
      api.app.get<EventStore>(EVENT_STORE),
      api.app.get(CommandBus),
      join(ROOT, 'seed'),
      pino({ level: 'silent' }),
    );
  });
  afterAll(() => api.close());

  it.each(VIEW_NAMES)('%s: the same columns whatever the filter, every record as wide as the header', async (view) => {
    const filters = ['', '&country=HU', '&country=US', '&origin=CN', '&country=AQ']; // AQ: a country no row is in
    const answers = await Promise.all(filters.map((f) => csv(`/state/${view}?asOf=2025-12-31&format=csv${f}`)));
    const headers = answers.map((a) => header(a.text));
    for (const h of headers) expect(h).toEqual(headers[0]);
    expect(headers[0]!.slice(0, 4)).toEqual(['key', 'certainty', 'valid_from', 'valid_to']);
    expect(headers[0]!.at(-1)).toBe('developments');
    for (const { text } of answers) {
      const records = parse(text) as string[][];
      for (const record of records) expect(record).toHaveLength(headers[0]!.length);
    }
  });

  it('never writes a record as JSON where the header promised columns (facilities steps)', async () => {
    const { text } = await csv('/state/facilities?asOf=2025-12-31&format=csv');
    const [head, ...records] = parse(text) as string[][];
    expect(head).toEqual(expect.arrayContaining(['steps.announced', 'steps.under-construction', 'steps.operating']));
    expect(head).not.toContain('steps');
    expect(records.length).toBeGreaterThan(0);
    expect(records.every((r) => !r.some((cell) => cell.startsWith('{"announced')))).toBe(true);
  });

  it('starts with a byte order mark with bom=true, and only then', async () => {
    const plain = await csv('/state/licensing?asOf=2025-12-31&format=csv');
    const marked = await csv('/state/licensing?asOf=2025-12-31&format=csv&bom=true');
    const timeline = await csv('/timeline?format=csv&bom=true&limit=5');
    expect(plain.bytes.subarray(0, 3)).not.toEqual(BOM);
    expect(marked.bytes).toEqual(Buffer.concat([BOM, plain.bytes]));
    expect(timeline.bytes.subarray(0, 3)).toEqual(BOM);
    expect(timeline.text.slice(1).startsWith('id,type,date')).toBe(true);
    expect(marked.type).toBe('text/csv; charset=utf-8');
  });

  it('refuses bom on an answer that is not CSV, naming it', async () => {
    const response = await api.call('GET', '/state/licensing?asOf=2025-12-31&bom=true');
    expect(response.status).toBe(400);
    expect(response.body.errors).toEqual([expect.objectContaining({ path: 'bom' })]);
  });

  it('answers TimelineJS as its own media type, the whole timeline in one document', async () => {
    const response = await fetch(`${api.url}/timeline?format=timelinejs`);
    expect(response.headers.get('content-type')).toBe('application/vnd.timelinejs+json; charset=utf-8');
    const document = (await response.json()) as { title: object; events: { unique_id: string }[] };
    const all = (await api.call('GET', '/timeline?limit=500')).body.developments as { id: string }[];
    expect(document.events.map((e) => e.unique_id)).toEqual(all.map((d) => d.id));
  });
});
