import { startApp, type RunningApp } from '../support/app.js';

describe('the explorer page, as served', () => {
  let api: RunningApp;
  beforeAll(async () => {
    api = await startApp();
  });
  afterAll(() => api.close());

  it('serves the page at / for revalidation, with a policy that keeps it to this service', async () => {
    const page = await fetch(`${api.url}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('cache-control')).toBe('no-cache');
    expect(page.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(page.headers.get('content-security-policy')).toContain("connect-src 'self'");
    const html = await page.text();
    expect(html).not.toMatch(/https?:\/\//);
    const again = await fetch(`${api.url}/`, { headers: { 'if-none-match': page.headers.get('etag')! } });
    expect(again.status).toBe(304);
  });

  it('serves each asset the page names, by content hash, cached for good, with its type', async () => {
    const html = await (await fetch(`${api.url}/`)).text();
    const assets = [...html.matchAll(/(?:src|href)="(\/web\/[^"]+)"/g)].map((m) => m[1]!);
    expect(assets.map((a) => a.replace(/-[A-Z0-9]{8}\./, '.'))).toEqual([
      '/web/style.css',
      '/web/first.js',
      '/web/main.js',
    ]);
    const types = {
      css: 'text/css; charset=utf-8',
      json: 'application/json; charset=utf-8',
      js: 'text/javascript; charset=utf-8',
    };
    for (const asset of assets) {
      const response = await fetch(`${api.url}${asset}`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe(types[asset.split('.').pop() as keyof typeof types]);
      expect(response.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    }
  });

  it('answers a problem for files it does not have', async () => {
    for (const path of ['/web/nothing.js', '/web/..%2Fpackage.json', '/web/manifest.json']) {
      const response = await fetch(`${api.url}${path}`);
      expect(response.status).toBe(404);
      expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    }
  });
});
