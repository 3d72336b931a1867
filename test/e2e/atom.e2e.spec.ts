import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { randomUUID } from 'node:crypto';
import { request } from 'node:http';
import { EVENT_STORE, type EventStore } from '../../src/store/event-store.js';
import { startApp, type RunningApp } from '../support/app.js';
import { entities, facilityOpened } from '../support/fixtures.js';

/** XML 1.0's Char production: what a conforming parser refuses (fast-xml-parser's validator does not look). */
const NOT_XML_CHAR =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: the test's own statement of the rule
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function wellFormed(xml: string): void {
  expect(XMLValidator.validate(xml)).toBe(true);
  expect(NOT_XML_CHAR.exec(xml)).toBeNull();
}

type Entry = { id: string; link: { '@_rel': string; '@_type': string; '@_href': string }[] };
const entriesOf = (xml: string): Entry[] =>
  [new XMLParser({ ignoreAttributes: false }).parse(xml).feed.entry ?? []].flat();

/** A GET with headers fetch would not let a test set (a forged Host). */
function rawGet(url: string, headers: Record<string, string>): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode!, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('the Atom feed, against hostile text', () => {
  let api: RunningApp;
  beforeAll(async () => {
    api = await startApp();
    await api.call('POST', '/entities', entities);
  });
  afterAll(() => api.close());

  it('refuses a control character at input with a 422 naming the field, and stores nothing', async () => {
    const development = facilityOpened({ summary: 'BYD \u0001 opens a plant' });
    const refused = await api.call('POST', '/developments', development);
    expect(refused.status).toBe(422);
    expect(refused.body.errors).toContainEqual(expect.objectContaining({ path: 'summary', code: 'invalid_character' }));
    const quote = await api.call(
      'POST',
      '/developments',
      facilityOpened({ sources: [{ title: 'T', url: 'https://example.org/\u0007', quote: 'q\uFFFF' }] }),
    );
    expect(quote.status).toBe(422);
    expect(quote.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['sources.0.quote', 'sources.0.url']);
    expect((await api.call('GET', `/developments/${development.id}`)).status).toBe(404);
  });

  it('keeps tabs and line breaks, which XML carries', async () => {
    const kept = await api.call('POST', '/developments', facilityOpened({ dateNote: 'said\tso\r\non two lines' }));
    expect(kept.status).toBe(201);
  });

  it('stays well-formed XML when a development stored earlier holds characters XML cannot carry', async () => {
    const id = randomUUID();
    const {
      id: _,
      type,
      ...body
    } = facilityOpened({
      summary: 'stored \u0000 before \u001b the rule \uFFFE',
      sources: [{ title: 'T\u0002', url: 'https://example.org/x', quote: 'a \uD800 lone half' }],
    });
    const store = api.app.get<EventStore>(EVENT_STORE);
    await store.append(`development-${id}`, [{ id, type: type as string, data: body }], 'no_stream');
    let xml = '';
    for (let tries = 0; tries < 100 && !xml.includes(id); tries++) {
      xml = await (await fetch(`${api.url}/feed.atom?limit=50`)).text();
      if (!xml.includes(id)) await new Promise((r) => setTimeout(r, 50));
    }
    expect(xml).toContain(id);
    wellFormed(xml);
    expect(xml).toContain('stored \uFFFD before \uFFFD the rule \uFFFD');
  });

  it("links each entry to the development's page (text/html) beside its JSON, and that address answers", async () => {
    const xml = await (await fetch(`${api.url}/feed.atom?limit=5`)).text();
    const entry = entriesOf(xml)[0]!;
    const id = entry.id.replace('urn:uuid:', '');
    const links = entry.link.map((l) => [l['@_rel'], l['@_type'], l['@_href']]);
    expect(links).toEqual([
      ['alternate', 'text/html', `/developments/${id}`],
      ['alternate', 'application/json', `/developments/${id}`],
    ]);
    expect((await fetch(`${api.url}${entry.link[1]!['@_href']}`)).status).toBe(200);
  });

  it('never writes a forged Host into its links', async () => {
    const { status, body } = await rawGet(`${api.url}/feed.atom?limit=5`, { host: 'evil.example' });
    expect(status).toBe(200);
    expect(body).not.toContain('evil.example');
  });

  it('answers 304 to a reader that has the current feed (ETag or Last-Modified), and 200 once it changes', async () => {
    const first = await fetch(`${api.url}/feed.atom?limit=5`);
    const etag = first.headers.get('etag')!;
    const lastModified = first.headers.get('last-modified')!;
    expect(etag).toMatch(/^"[^"]+"$/);
    expect(new Date(lastModified).toUTCString()).toBe(lastModified);
    const byTag = await fetch(`${api.url}/feed.atom?limit=5`, { headers: { 'if-none-match': etag } });
    expect(byTag.status).toBe(304);
    expect(await byTag.text()).toBe('');
    const byDate = await fetch(`${api.url}/feed.atom?limit=5`, { headers: { 'if-modified-since': lastModified } });
    expect(byDate.status).toBe(304);
    await new Promise((r) => setTimeout(r, 1100)); // Last-Modified counts whole seconds
    await api.call('POST', '/developments', facilityOpened({ summary: 'a newer plant' }));
    const changed = await fetch(`${api.url}/feed.atom?limit=5`, {
      headers: { 'if-none-match': etag },
    });
    expect(changed.status).toBe(200);
    expect(changed.headers.get('etag')).not.toBe(etag);
    const sinceOld = await fetch(`${api.url}/feed.atom?limit=5`, { headers: { 'if-modified-since': lastModified } });
    expect(sinceOld.status).toBe(200);
  });
});

describe('the Atom feed behind a proxy', () => {
  it('builds its links from TIMELINE_PUBLIC_URL', async () => {
    const api = await startApp({ TIMELINE_PUBLIC_URL: 'https://timeline.example.org/api/' });
    try {
      await api.call('POST', '/entities', entities);
      await api.call('POST', '/developments', facilityOpened());
      const { body } = await rawGet(`${api.url}/feed.atom`, { host: 'evil.example' });
      const entry = entriesOf(body)[0]!;
      expect(entry.link[0]!['@_href']).toMatch(/^https:\/\/timeline\.example\.org\/api\/developments\/[0-9a-f-]+$/);
      expect(body).toContain('href="https://timeline.example.org/api/feed.atom"');
      expect(body).not.toContain('evil.example');
    } finally {
      await api.close();
    }
  });

  it('believes X-Forwarded-Host and -Proto only from a listed proxy', async () => {
    const trusting = await startApp({ TIMELINE_TRUST_PROXY: '127.0.0.1' });
    const distrusting = await startApp({ TIMELINE_TRUST_PROXY: '10.0.0.0/8' });
    try {
      for (const api of [trusting, distrusting]) {
        await api.call('POST', '/entities', entities);
        await api.call('POST', '/developments', facilityOpened());
      }
      const forwarded = { 'x-forwarded-host': 'news.example.org', 'x-forwarded-proto': 'https', host: 'evil.example' };
      const viaProxy = await rawGet(`${trusting.url}/feed.atom`, forwarded);
      expect(entriesOf(viaProxy.body)[0]!.link[0]!['@_href']).toMatch(/^https:\/\/news\.example\.org\/developments\//);
      const notProxy = await rawGet(`${distrusting.url}/feed.atom`, forwarded);
      expect(notProxy.body).not.toContain('news.example.org');
      expect(notProxy.body).not.toContain('evil.example');
    } finally {
      await trusting.close();
      await distrusting.close();
    }
  });

  it('refuses a TIMELINE_PUBLIC_URL or TIMELINE_TRUST_PROXY it cannot use, naming the variable', async () => {
    await expect(startApp({ TIMELINE_PUBLIC_URL: 'timeline.example.org' })).rejects.toThrow(/TIMELINE_PUBLIC_URL/);
    await expect(startApp({ TIMELINE_TRUST_PROXY: 'proxy.local' })).rejects.toThrow(/TIMELINE_TRUST_PROXY/);
  });
});
