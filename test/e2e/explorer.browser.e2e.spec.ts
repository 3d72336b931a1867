import type { ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { TEST_KEY } from '../support/app.js';
import { startServer, stopServer } from '../support/child.js';
import { chromiumAvailable, launchChromium } from '../support/chromium.js';
import { facilityOpened } from '../support/fixtures.js';
import { tempDir } from '../support/temp-dir.js';

const available = chromiumAvailable("the explorer's browser tests");

/** A page of the explorer, with every console error and every request that left the service. */
interface Opened {
  page: Page;
  errors: string[];
  outside: string[];
}

(available ? describe : describe.skip)('the explorer in Chromium, on the seed timeline', () => {
  const dir = tempDir('explorer');
  let service: { child: ChildProcess; url: string };
  let browser: Browser;

  beforeAll(async () => {
    service = await startServer({
      TIMELINE_DATA_DIR: join(dir.path, 'data'),
      TIMELINE_API_KEYS: TEST_KEY,
      TIMELINE_SEED: 'true',
    });
    browser = await launchChromium(['--disable-component-update']);
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    if (service) await stopServer(service.child);
    dir.cleanup();
  });

  async function open(path: string): Promise<Opened> {
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    const opened: Opened = { page, errors: [], outside: [] };
    page.on('console', (message) => {
      if (message.type() === 'error') opened.errors.push(message.text());
    });
    page.on('pageerror', (error) => opened.errors.push(error.message));
    page.on('request', (request) => {
      if (!request.url().startsWith(`${service.url}/`)) opened.outside.push(request.url());
    });
    await page.goto(`${service.url}${path}`);
    await page.waitForSelector('html[data-ready=true]');
    return opened;
  }

  const rowsText = (page: Page) => page.locator('#rows').innerText();
  const presence = (page: Page) => page.locator('#map-summary').innerText();

  it('loads the seed world without console errors or outside requests, and draws the map', async () => {
    const { page, errors, outside } = await open('/?asOf=2025-12-31');
    expect(await page.locator('#map path.country').count()).toBeGreaterThan(150);
    expect(
      await page.locator('#map .country.level-1, #map .country.level-2, #map .country.level-3').count(),
    ).toBeGreaterThan(0);
    expect(await page.locator('#timeline li.development').count()).toBeGreaterThan(5);
    expect(await page.locator('#date-words').innerText()).toBe('31 December 2025');
    expect(errors).toEqual([]);
    expect(outside).toEqual([]);
    await page.close();
  });

  it('shows the world of a shared date: no BYD plant at the end of 2008, BYD in Hungary by 2025', async () => {
    const then = await open('/?asOf=2008-12-31&view=facilities');
    expect(await rowsText(then.page)).not.toContain('BYD');
    expect(await presence(then.page)).not.toContain('Hungary');
    await then.page.close();
    const now = await open('/?asOf=2025-12-31&view=facilities');
    expect(await now.page.locator('#rows tr', { hasText: 'Hungary' }).innerText()).toContain('BYD');
    expect(await presence(now.page)).toContain('Hungary: first European car factory');
    await now.page.close();
  });

  it('shows what sources expected of a row: the Hungary opening pending in 2025, overdue in 2026', async () => {
    const expected = async (asOf: string) => {
      const { page } = await open(`/?asOf=${asOf}&view=facilities&subject=org:byd`);
      const text = await page.locator('#rows tr', { hasText: 'Hungary' }).locator('.expectations').innerText();
      await page.close();
      return text;
    };
    expect(await expected('2025-10-31')).toMatch(/^Pending: facility opened, expected second half of 2025/i);
    expect(await expected('2026-03-31')).toMatch(
      /^Not recorded as met by [^:]+: facility opened, expected second half of 2025/i,
    );
  });

  it('answers on the publication axis when switched, and keeps to the actors of one country', async () => {
    const { page } = await open('/?asOf=2024-06-30&view=facilities');
    expect(await page.locator('#rows tr', { hasText: 'Alibaba' }).innerText()).toContain('possible');
    await page.locator('#published').check();
    await page.locator('#rows', { hasText: 'No rows for this date' }).waitFor();
    expect(new URL(page.url()).searchParams.get('published')).toBe('1');
    await page.close();
    const american = await open('/?asOf=2025-12-31&view=facilities&origin=US');
    expect(await american.page.locator('#origin').inputValue()).toBe('US');
    expect(await rowsText(american.page)).toContain('Ford');
    expect(await rowsText(american.page)).not.toContain('BYD');
    await american.page.close();
  });

  it('moves through time with the keyboard on the slider, and the URL follows', async () => {
    const { page, errors } = await open('/?asOf=2025-12-31&view=facilities');
    await page.locator('#date-slider').focus();
    for (let year = 0; year < 17; year++) await page.keyboard.press('PageDown');
    await page.locator('#date-words', { hasText: '31 December 2008' }).waitFor();
    await page.locator('#rows', { hasText: 'BYD' }).waitFor({ state: 'detached' });
    expect(new URL(page.url()).searchParams.get('asOf')).toBe('2008-12-31');
    expect(await page.locator('#date-slider').getAttribute('aria-valuetext')).toBe('31 December 2008');
    await page.keyboard.press('End');
    await page.locator('#rows', { hasText: 'BYD' }).waitFor();
    expect(errors).toEqual([]);
    await page.close();
  });

  it('shows a development recorded over HTTP on the open page, without a reload', async () => {
    const { page, errors } = await open('/?asOf=2025-12-31&view=facilities');
    await page.locator('#live.on').waitFor();
    const plant = facilityOpened(
      {
        date: '2025-03',
        summary: 'BYD opens a car plant in Rayong, Thailand',
        subjects: ['org:byd', 'country:TH'],
      },
      { facilityId: 'byd-rayong', country: 'TH' },
    );
    const response = await fetch(`${service.url}/developments`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${TEST_KEY}` },
      body: JSON.stringify(plant),
    });
    expect(response.status).toBe(201);
    await page.locator('#timeline li', { hasText: 'Rayong' }).waitFor();
    await page.locator('#rows tr', { hasText: 'Thailand' }).waitFor();
    expect(await presence(page)).toContain('Thailand');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('opens the sources of a row, with their quotes and publication dates', async () => {
    const { page } = await open('/?asOf=2025-12-31&view=facilities&subject=org:byd');
    await page.locator('#rows tr', { hasText: 'Hungary' }).locator('button').click();
    const details = page.locator('#details');
    await details.locator('blockquote').first().waitFor();
    expect(await details.innerText()).toMatch(/BYD/);
    expect(await details.locator('.published').first().innerText()).toMatch(/^Publi/);
    await page.close();
  });

  it('finds an entity by an alias and filters by it, in the URL too', async () => {
    const { page } = await open('/?asOf=2025-12-31&view=policies');
    await page.locator('#search').fill('mofcom');
    await page.locator('#search-results li', { hasText: 'Ministry of Commerce of China' }).waitFor();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await page.waitForURL((url) => url.searchParams.get('subject') === 'gov:cn-mofcom');
    expect(await page.locator('#chips').innerText()).toContain('About Ministry of Commerce of China');
    await page.close();
  });

  it('downloads the rows shown as CSV', async () => {
    const { page } = await open('/?asOf=2025-12-31&view=facilities');
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('#csv').click()]);
    expect(download.suggestedFilename()).toBe('facilities-2025-12-31.csv');
    const csv = readFileSync((await download.path())!, 'utf8');
    expect(csv.split('\r\n')[0]).toMatch(/^key,certainty,valid_from,valid_to,/);
    expect(csv).toMatch(/byd-hungary[^\r\n]*org:byd,BYD,/);
    await page.close();
  });

  it('replays history: the date follows the developments as they play', async () => {
    const { page, errors } = await open('/?asOf=2025-12-31&view=facilities');
    await page.locator('#play').click();
    expect(await page.locator('#play').getAttribute('aria-pressed')).toBe('true');
    await page.locator('#timeline li.playing').waitFor();
    await page.waitForURL((url) => Number(url.searchParams.get('asOf')?.slice(0, 4)) > 2006);
    await page.locator('#play').click();
    expect(await page.locator('#play').getAttribute('aria-pressed')).toBe('false');
    expect(errors).toEqual([]);
    await page.close();
  });
});
