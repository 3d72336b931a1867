import { jest } from '@jest/globals';
import type { ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import type { Browser, Page, Request } from 'playwright-core';
import { TEST_KEY } from '../support/app.js';
import { startServer, stopServer } from '../support/child.js';
import { chromiumAvailable, launchChromium } from '../support/chromium.js';
import { facilityOpened } from '../support/fixtures.js';
import { tempDir } from '../support/temp-dir.js';

const available = chromiumAvailable("the explorer's paging tests");
jest.setTimeout(120_000);

/** Plants added to the seed: more rows and developments than the first page of each holds. */
const PLANTS = 120;
const COUNTRIES = ['DE', 'FR', 'ES', 'PL', 'TH', 'MX'];
/** The last plant is the only one in New Zealand: its row comes well after the first page. */
const LAST_COUNTRY = 'NZ';

/** What a page had drawn when its first paint was measured. */
interface AtFirstPaint {
  developments: number;
  rows: number;
  summary: string;
  places: string;
  note: string;
}

(available ? describe : describe.skip)('the explorer on a timeline longer than its first page', () => {
  const dir = tempDir('explorer-paging');
  let service: { child: ChildProcess; url: string };
  let browser: Browser;
  let developments = 0;
  let facilities = 0;

  beforeAll(async () => {
    service = await startServer({
      TIMELINE_DATA_DIR: join(dir.path, 'data'),
      TIMELINE_API_KEYS: TEST_KEY,
      TIMELINE_SEED: 'true',
    });
    const plants = Array.from({ length: PLANTS }, (_, i) => {
      const country = i === PLANTS - 1 ? LAST_COUNTRY : COUNTRIES[i % COUNTRIES.length]!;
      const id = `paging-${String(i).padStart(3, '0')}`;
      return facilityOpened(
        {
          date: String(2010 + (i % 12)),
          summary: `BYD opens plant ${id} in ${country}`,
          subjects: ['org:byd', `country:${country}`],
        },
        { facilityId: id, country, location: `Site ${i}` },
      );
    });
    const recorded = await fetch(`${service.url}/developments`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${TEST_KEY}` },
      body: JSON.stringify(plants),
    });
    expect(recorded.status).toBeLessThan(300);
    const count = async (path: string, field: string) =>
      ((await (await fetch(`${service.url}${path}`)).json()) as Record<string, unknown[]>)[field]!.length;
    // The views fold what was recorded a moment later: wait until they hold every plant.
    for (let i = 0; i < 100; i++) {
      developments = await count('/timeline?limit=500', 'developments');
      facilities = await count('/state/facilities?asOf=2025-12-31&limit=500', 'rows');
      if (facilities >= PLANTS) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(developments).toBeGreaterThan(PLANTS);
    expect(facilities).toBeGreaterThan(PLANTS);
    browser = await launchChromium();
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    if (service) await stopServer(service.child);
    dir.cleanup();
  });

  /** A page, with what it had drawn at its first paint and every request it made. */
  async function open(path: string): Promise<{ page: Page; requests: Request[]; errors: string[] }> {
    const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
    const page = await context.newPage();
    await page.addInitScript(`
      new PerformanceObserver((list) => {
        if (!list.getEntries().some((entry) => entry.name === 'first-paint')) return;
        const text = (selector) => document.querySelector(selector)?.textContent ?? '';
        window.atFirstPaint = {
          developments: document.querySelectorAll('#timeline li.development').length,
          rows: document.querySelectorAll('#rows tbody tr').length,
          summary: text('#rows-summary'),
          places: text('#map-summary'),
          note: text('#timeline p.note'),
        };
      }).observe({ type: 'measure' });
    `);
    const requests: Request[] = [];
    const errors: string[] = [];
    page.on('request', (request) => requests.push(request));
    page.on('pageerror', (error) => errors.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    await page.goto(`${service.url}${path}`);
    await page.waitForSelector('html[data-ready=true]');
    return { page, requests, errors };
  }

  const close = (page: Page) => page.context().close();
  const paths = (requests: Request[], prefix: string) =>
    requests.map((r) => new URL(r.url())).filter((u) => u.pathname === prefix);

  it('paints the first rows, map and developments first, then reads and draws the rest', async () => {
    const { page, errors } = await open('/?asOf=2025-12-31&view=facilities');
    const first = (await page.evaluate('window.atFirstPaint')) as AtFirstPaint;
    expect(first.developments).toBe(20);
    expect(first.rows).toBe(50);
    expect(first.summary).toMatch(/^The first 50 facilities as of 31 December 2025\. Reading the rest…$/);
    expect(first.places).not.toContain('New Zealand');
    expect(first.note).toBe('Showing the first 20; reading the rest…');
    // Nothing past the first pages (nor the counts, nor the registry) was asked for before the first paint.
    const timing = (await page.evaluate(() => ({
      painted: performance.getEntriesByName('first-paint', 'measure')[0]!.duration,
      requests: performance
        .getEntriesByType('resource')
        .map((r) => ({ url: r.name, start: r.startTime }))
        .filter((r) => /\/(state|timeline|entities)/.test(r.url)),
    }))) as { painted: number; requests: { url: string; start: number }[] };
    const later = timing.requests.filter((r) => /cursor=|\/series|\/entities/.test(r.url));
    expect(later.length).toBeGreaterThanOrEqual(3);
    for (const r of later)
      expect({ url: r.url, before: r.start < timing.painted }).toEqual({ url: r.url, before: false });
    // Then everything: every development, the count of all rows, the place only a later row is in.
    expect(await page.locator('#timeline li.development').count()).toBe(developments);
    expect(await page.locator('#timeline p.note').isHidden()).toBe(true);
    expect(await page.locator('#rows-summary').innerText()).toBe(`${facilities} facilities as of 31 December 2025.`);
    expect(await page.locator('#rows tbody tr').count()).toBe(50);
    expect(await page.locator('#rows button.more-rows').innerText()).toBe(`Show all ${facilities} rows`);
    expect(await page.locator('#map-summary').innerText()).toContain('New Zealand');
    expect(await page.locator(`#map [data-country="${LAST_COUNTRY}"]`).getAttribute('class')).toContain('level-1');
    expect(errors).toEqual([]);
    await close(page);
  });

  it('reads each answer once: the feed being ready does not make the page read it all again', async () => {
    const { page, requests } = await open('/?asOf=2025-12-31&view=facilities');
    await page.locator('#live.on').waitFor();
    await page.waitForTimeout(500);
    const rows = paths(requests, '/state/facilities');
    const timeline = paths(requests, '/timeline');
    // The first page, perhaps read again once to check it against the feed; the rest once.
    expect(rows.filter((u) => !u.searchParams.has('cursor')).length).toBeLessThanOrEqual(2);
    expect(rows.filter((u) => u.searchParams.has('cursor')).length).toBe(1);
    expect(timeline.filter((u) => !u.searchParams.has('cursor')).length).toBeLessThanOrEqual(2);
    expect(timeline.filter((u) => u.searchParams.has('cursor')).length).toBe(1);
    expect(paths(requests, '/state/facilities/series').length).toBe(1);
    await close(page);
  });

  it('shows all the rows on request, and puts focus on the first row added', async () => {
    const { page } = await open('/?asOf=2025-12-31&view=facilities');
    await page.locator('#rows button.more-rows').focus();
    await page.keyboard.press('Enter');
    await page.waitForFunction(`document.querySelectorAll('#rows tbody tr').length === ${facilities}`);
    await page.waitForFunction(`document.activeElement?.closest('tr') != null`);
    expect(await page.evaluate(`document.activeElement.closest('tr').rowIndex`)).toBe(51);
    expect(await page.locator('#rows button.more-rows').isHidden()).toBe(true);
    await close(page);
  });

  it('keeps the rows a move of the date leaves unchanged, and redraws the others', async () => {
    const { page } = await open('/?asOf=2025-12-31&view=facilities');
    const row = await page.locator('#rows tr[data-key="paging-000"]').elementHandle();
    expect(row).not.toBeNull();
    await page.locator('#date-slider').focus();
    await page.keyboard.press('ArrowLeft');
    await page.locator('#rows-summary', { hasText: '30 November 2025' }).waitFor();
    expect(await row!.evaluate((tr) => tr.isConnected && tr.closest('#rows') !== null)).toBe(true);
    // Back to 2020: the plants of 2021 are gone, their rows with them.
    for (let year = 0; year < 5; year++) await page.keyboard.press('PageDown');
    await page.locator('#rows-summary', { hasText: '30 November 2020' }).waitFor();
    expect(await page.locator('#rows tr[data-key="paging-011"]').count()).toBe(0);
    expect(await page.locator('#rows tr[data-key="paging-000"]').count()).toBe(1);
    await close(page);
  });

  it('cancels the reads a quick slider leaves behind and draws only the date it stops on, then reads its rest', async () => {
    const { page, errors } = await open('/?asOf=2025-12-31&view=facilities');
    // Slow answers, so that each move finds the previous one still on its way.
    await page.route('**/state/facilities?**', async (route) => {
      await new Promise((resolve) => setTimeout(resolve, 150));
      await route.continue().catch(() => {});
    });
    const aborted: string[] = [];
    page.on('requestfailed', (request) => {
      if (request.url().includes('/state/facilities?')) aborted.push(new URL(request.url()).searchParams.get('asOf')!);
    });
    const asked: URL[] = [];
    page.on('request', (request) => {
      if (request.url().includes('/state/facilities?')) asked.push(new URL(request.url()));
    });
    await page.locator('#date-slider').focus();
    for (let year = 0; year < 8; year++) await page.keyboard.press('PageDown');
    await page.locator('#rows-summary', { hasText: /^\d+ facilities as of 31 December 2017\.$/ }).waitFor();
    expect(aborted.length).toBeGreaterThanOrEqual(6);
    expect(aborted).not.toContain('2017-12-31');
    const redraws = await page.evaluate(() => performance.getEntriesByName('date-redraw').length);
    expect(redraws).toBe(1);
    // Only the date the slider stopped on had the rest of its rows read.
    const rests = asked.filter((u) => u.searchParams.has('cursor')).map((u) => u.searchParams.get('asOf'));
    expect(rests.length).toBeGreaterThan(0);
    expect(new Set(rests)).toEqual(new Set(['2017-12-31']));
    expect(errors).toEqual([]);
    await close(page);
  });
});
