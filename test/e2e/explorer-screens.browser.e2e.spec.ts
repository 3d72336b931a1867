import { jest } from '@jest/globals';
import type { ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { TEST_KEY } from '../support/app.js';
import { startServer, stopServer } from '../support/child.js';
import { chromiumAvailable, launchChromium } from '../support/chromium.js';
import { tempDir } from '../support/temp-dir.js';

const available = chromiumAvailable("the explorer's screen tests");
const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1366, height: 900 };
jest.setTimeout(180_000);
const BYD_CAMACARI = 'e3fcf949-125b-4815-8d00-c8ccfec8095d';

(available ? describe : describe.skip)('the explorer and its pages on a phone and a desktop, on the seed', () => {
  const dir = tempDir('explorer-screens');
  let service: { child: ChildProcess; url: string };
  let browser: Browser;

  beforeAll(async () => {
    service = await startServer({
      TIMELINE_DATA_DIR: join(dir.path, 'data'),
      TIMELINE_API_KEYS: TEST_KEY,
      TIMELINE_SEED: 'true',
    });
    browser = await launchChromium();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    if (service) await stopServer(service.child);
    dir.cleanup();
  });

  /** A page at a size, ready; the context lets axe's script in despite the page's own policy. */
  async function open(path: string, viewport = DESKTOP): Promise<{ page: Page; errors: string[] }> {
    const context = await browser.newContext({ viewport, bypassCSP: true });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    await page.goto(`${service.url}${path}`);
    await page.waitForSelector('html[data-ready=true]');
    return { page, errors };
  }

  const close = (page: Page) => page.context().close();
  const visibleText = (page: Page) => page.evaluate('document.body.innerText') as Promise<string>;
  const scrollsSideways = (page: Page) =>
    page.evaluate('document.documentElement.scrollWidth > document.documentElement.clientWidth') as Promise<boolean>;

  /** axe-core's serious and critical violations, each as "rule: first target". */
  async function seriousViolations(page: Page): Promise<string[]> {
    await page.addScriptTag({ content: AXE });
    const results = (await page.evaluate("window.axe.run(document, { resultTypes: ['violations'] })")) as {
      violations: { id: string; impact: string; nodes: { target: string[] }[] }[];
    };
    return results.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id}: ${v.nodes[0]?.target.join(' ')}`);
  }

  it.each([
    ['a phone', PHONE],
    ['a tablet', { width: 768, height: 1024 }],
    ['a desktop', DESKTOP],
  ])('fits %s without scrolling sideways, in every view', async (_, viewport) => {
    for (const view of ['facilities', 'licensing', 'policies', 'investments', 'footprint']) {
      const { page, errors } = await open(`/?asOf=2025-12-31&view=${view}`, viewport);
      expect({ view, sideways: await scrollsSideways(page) }).toEqual({ view, sideways: false });
      expect(errors).toEqual([]);
      await close(page);
    }
  });

  it('folds the filters on a phone, so the date and the answer share the screen', async () => {
    const { page } = await open('/?asOf=2025-12-31&view=facilities', PHONE);
    expect(await page.locator('#filters').getAttribute('open')).toBeNull();
    expect(await page.locator('#view').isVisible()).toBe(false);
    await page.locator('#filters summary').click();
    expect(await page.locator('#view').isVisible()).toBe(true);
    await close(page);
  });

  it('shows names and words, never codes or file names, in every view and in the sources', async () => {
    for (const view of [
      'facilities',
      'licensing',
      'acquisitions',
      'policies',
      'agreements',
      'investments',
      'footprint',
    ]) {
      const { page } = await open(`/?asOf=2025-12-31&view=${view}`);
      const text = await visibleText(page);
      expect({ view, codes: text.match(/\b(?:org|gov):[a-z0-9-]+|\S+\.txt\b/g) }).toEqual({ view, codes: null });
      await close(page);
    }
    const { page } = await open('/?asOf=2025-12-31&view=investments');
    await page.locator('#rows tbody tr').first().locator('button').click();
    await page.locator('#details blockquote').first().waitFor();
    expect(await visibleText(page)).not.toMatch(/\.txt\b/);
    await close(page);
  });

  it('keeps the precision of the source: a licence dated 2025 is never shown as 1 January 2025', async () => {
    const { page } = await open('/?asOf=2025-12-31&view=licensing');
    const row = await page.locator('#rows tr', { hasText: 'Ford' }).innerText();
    expect(row).toContain('2025');
    expect(row).not.toMatch(/1 January 2025/);
    const plan = await open('/?asOf=2025-12-31&view=policies');
    const planRow = await plan.page.locator('#rows tr', { hasText: '15th Five-Year Plan' }).innerText();
    expect(planRow).toMatch(/2026/);
    expect(planRow).toMatch(/2030/);
    await close(page);
    await close(plan.page);
  });

  it('draws one line per figure series, the 2006 total among the seed figures, each point naming its source', async () => {
    const { page } = await open('/?asOf=2010-12-31&view=investments');
    await page.locator('#figures .series-line[data-series="cn-odi-flow"]').waitFor();
    const series = await page
      .locator('#figures .series-line')
      .evaluateAll((lines) => lines.map((l) => l.getAttribute('data-series')));
    expect(new Set(series).size).toBe(series.length);
    expect(series.length).toBeGreaterThanOrEqual(5);
    expect(await page.locator('#figures figcaption').allInnerTexts()).toEqual(
      expect.arrayContaining([expect.stringMatching(/^Flows over each period, in US\$ million$/)]),
    );
    const total = page.locator('#figures .figure-point[aria-label*="2006"][aria-label*="17,633.97"]');
    expect(await total.count()).toBe(1);
    // The chart may be drawn again as the live feed catches up: focus the dot again until it tells.
    let info = '';
    for (let attempt = 0; attempt < 10 && !/17,633\.97/.test(info); attempt++) {
      await total.focus();
      info = await page.locator('#figures .point-info').innerText();
      if (!/17,633\.97/.test(info)) await page.waitForTimeout(500);
    }
    expect(info).toMatch(/US\$17,633\.97 million/);
    expect(info).toMatch(/Source: .*Advances in Social Science/);
    expect(await page.locator('#chart-panel').isHidden()).toBe(true);
    const [csv] = await Promise.all([
      page.waitForEvent('download'),
      page.locator('#figures button', { hasText: 'CSV' }).click(),
    ]);
    expect(readFileSync((await csv.path())!, 'utf8')).toMatch(/17633\.97/);
    await close(page);
  });

  it('moves the map with the view: facilities where they are, policies by issuer, licences between countries', async () => {
    const { page } = await open('/?asOf=2025-12-31&view=facilities');
    const shaded = () =>
      page
        .locator('#map .country:not(.level-0)')
        .evaluateAll((all) => all.map((c) => c.getAttribute('data-country')).sort());
    const facilities = await shaded();
    expect(facilities).toEqual(expect.arrayContaining(['BR', 'HU']));
    await page.locator('#view').selectOption('policies');
    await page.locator('#map-heading', { hasText: 'Policies by issuing government' }).waitFor();
    await page.waitForFunction('!document.querySelector(\'#map [data-country="HU"]:not(.level-0)\')');
    expect(await shaded()).toContain('CN');
    await page.locator('#view').selectOption('licensing');
    await page.locator('#map .links path').first().waitFor();
    // The list under the map and the table name the same rows.
    const rows = await page.locator('#rows tbody tr td:first-child').allInnerTexts();
    const listed = await page.locator('#map-summary').innerText();
    for (const what of rows) expect(listed).toContain(what.trim());
    await close(page);
  });

  it('accepts only a day within the timeline in the date field, and says why without a pop-up', async () => {
    const { page } = await open('/?asOf=2025-12-31&view=facilities');
    const field = page.locator('#date-field');
    await field.fill('1231-12-06');
    await field.press('Enter');
    expect(await page.locator('#date-problem').innerText()).toMatch(
      /6 December 1231 is outside the timeline: choose a day between/,
    );
    expect(await field.getAttribute('aria-invalid')).toBe('true');
    expect(new URL(page.url()).searchParams.get('asOf')).toBe('2025-12-31');
    expect(await page.locator('#notices').innerText()).toBe('');
    await field.fill('2008-12-31');
    await page.waitForURL((url) => url.searchParams.get('asOf') === '2008-12-31');
    expect(await page.locator('#date-problem').isHidden()).toBe(true);
    await close(page);
  });

  it('closes the sources with Escape and gives focus back to the row that opened them', async () => {
    const { page } = await open('/?asOf=2025-12-31&view=facilities');
    // The table may be drawn again while the first answers arrive (names, the live feed catching up):
    // a row focused just before that is gone, so focus and open it again until its sources show.
    const opener = page.locator('#rows tr', { hasText: 'Hungary' }).locator('button');
    const sources = page.locator('#details blockquote').first();
    for (let attempt = 0; attempt < 5; attempt++) {
      await opener.focus();
      await page.keyboard.press('Enter');
      if (
        await sources.waitFor({ timeout: 10_000 }).then(
          () => true,
          () => false,
        )
      )
        break;
    }
    await sources.waitFor();
    await page.keyboard.press('Escape');
    expect(await page.locator('#details').isHidden()).toBe(true);
    // Focus is back on the Hungary row's button (the same element, or the same control of a table drawn again).
    const focused = await page
      .locator('#rows tr', { hasText: 'Hungary' })
      .locator('button:focus')
      .waitFor({ timeout: 5_000 })
      .then(
        () => true,
        () => false,
      );
    expect(focused).toBe(true);
    await close(page);
  });

  it('answers a browser with the BYD page: Brazil and Hungary with their status and dates in words', async () => {
    const { page, errors } = await open('/entities/org:byd?asOf=2025-12-31', PHONE);
    expect(await page.locator('h1').innerText()).toBe('BYD');
    const brazil = await page.locator('tr', { hasText: 'Brazil' }).first().innerText();
    expect(brazil).toMatch(/under construction/);
    expect(brazil).toMatch(/6 March 2025/);
    const hungary = await page.locator('tr', { hasText: 'Hungary' }).first().innerText();
    expect(hungary).toMatch(/under construction/);
    expect(hungary).toMatch(/2025/);
    expect(hungary).not.toMatch(/1 January 2025/);
    // A row as a card on a phone shows no label with nothing after it ("Expected:" for a plant expecting nothing).
    expect(brazil).not.toMatch(/Expected:\s*$/m);
    expect(await page.locator('table.rows td:empty:visible').count()).toBe(0);
    expect(await page.locator('.entity-timeline li').count()).toBeGreaterThan(1);
    expect(await scrollsSideways(page)).toBe(false);
    expect(await visibleText(page)).not.toMatch(/\b(?:org|gov):[a-z]/);
    expect(errors).toEqual([]);
    await close(page);
  });

  it('answers a browser with a development page: what, when in words, its quote and publisher', async () => {
    const { page } = await open(`/developments/${BYD_CAMACARI}`);
    expect(await page.locator('h1').innerText()).toMatch(/BYD factory is under construction in Camacari/);
    expect(await visibleText(page)).toMatch(/on or before 6 March 2025 \(year uncertain\)/);
    expect(await page.locator('blockquote').first().innerText()).toMatch(/as of March 6/);
    expect(await page.locator('a[href="/entities/org%3Abyd"]').count()).toBeGreaterThan(0);
    const figure = await open('/?asOf=2010-12-31&view=investments');
    await figure.page.locator('#rows tbody tr', { hasText: 'total' }).first().locator('button').click();
    await figure.page.locator('#details h3 a').first().click();
    await figure.page.waitForSelector('html[data-ready=true]');
    expect(await figure.page.locator('.sources').innerText()).toMatch(
      /Advances in Social Science, Education and Humanities Research/,
    );
    await close(page);
    await close(figure.page);
  });

  it('keeps JSON the default at those addresses for clients, and opens an Atom entry as a page', async () => {
    for (const accept of [undefined, '*/*', 'application/json', 'application/json, text/html']) {
      const response = await fetch(`${service.url}/developments/${BYD_CAMACARI}`, {
        headers: accept ? { accept } : {},
      });
      expect(response.headers.get('content-type')).toMatch(/^application\/json/);
      expect(response.headers.get('vary')).toMatch(/accept/i);
    }
    const atom = await (await fetch(`${service.url}/feed.atom`)).text();
    const link = /<entry>[\s\S]*?<link rel="alternate"[^>]*href="([^"]+)"/.exec(atom)![1]!;
    const { page } = await open(new URL(link, service.url).pathname);
    await page.locator('blockquote').first().waitFor();
    expect(await page.locator('.sources li').first().innerText()).toMatch(/Published/);
    await close(page);
  });

  it('shows the developments in the TimelineJS viewer, served by the service, from the explorer link', async () => {
    const { page, errors } = await open('/?asOf=2025-12-31&view=facilities&subject=org:byd');
    const outside: string[] = [];
    page.on('request', (request) => {
      if (!request.url().startsWith(`${service.url}/`)) outside.push(request.url());
    });
    await page.locator('#timelinejs').click();
    await page.waitForURL(
      (url) => url.pathname === '/timeline-viewer' && url.searchParams.get('subject') === 'org:byd',
    );
    await page.waitForSelector('html[data-ready=true]');
    await page.locator('#timeline-embed .tl-slide').first().waitFor();
    expect(await page.locator('#timeline-embed .tl-timemarker').count()).toBeGreaterThan(1);
    expect(await page.locator('#timeline-embed').innerText()).toMatch(/BYD/);
    expect(outside).toEqual([]);
    expect(errors).toEqual([]);
    await close(page);
  });

  it('has no serious or critical accessibility violations in the main states and on the two pages', async () => {
    const states = [
      ['/?asOf=2025-12-31&view=facilities', DESKTOP],
      ['/?asOf=2025-12-31&view=licensing', PHONE],
      ['/?asOf=2010-12-31&view=investments', DESKTOP],
      ['/?asOf=2025-12-31&view=footprint', PHONE],
      ['/entities/org:byd?asOf=2025-12-31', DESKTOP],
      [`/developments/${BYD_CAMACARI}`, PHONE],
    ] as const;
    for (const [path, viewport] of states) {
      const { page } = await open(path, viewport);
      expect({ path, violations: await seriousViolations(page) }).toEqual({ path, violations: [] });
      await close(page);
    }
    const { page } = await open('/?asOf=2025-12-31&view=facilities');
    await page.locator('#rows tr', { hasText: 'Hungary' }).locator('button').click();
    await page.locator('#details blockquote').first().waitFor();
    expect({ state: 'sources open', violations: await seriousViolations(page) }).toEqual({
      state: 'sources open',
      violations: [],
    });
    await close(page);
  });
});
