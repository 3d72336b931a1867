import type { ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { startServer, stopServer } from '../support/child.js';
import { chromiumAvailable, launchChromium } from '../support/chromium.js';
import { facilityOpened } from '../support/fixtures.js';
import { tempDir } from '../support/temp-dir.js';

const available = chromiumAvailable("the editor's browser tests");
const EDITOR = 'editor-key-0123456789abcdef';
const READER = 'reader-key-0123456789abcdef';
const HUNGARY = '/?asOf=2026-01-31&view=facilities&country=HU';

(available ? describe : describe.skip)('the editor in the page, in Chromium, on the seed timeline', () => {
  const dir = tempDir('editor');
  let service: { child: ChildProcess; url: string };
  let browser: Browser;
  const urls: string[] = [];

  beforeAll(async () => {
    service = await startServer({
      TIMELINE_DATA_DIR: join(dir.path, 'data'),
      TIMELINE_API_KEYS: `editor:${EDITOR},reader:${READER}`,
      TIMELINE_SEED: 'true',
    });
    browser = await launchChromium();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    if (service) await stopServer(service.child);
    dir.cleanup();
    // The key travels in a header only: never in an address the page asked for.
    expect(urls.filter((u) => u.includes(EDITOR) || u.includes(READER))).toEqual([]);
  });

  async function signedIn(key: string, path = HUNGARY): Promise<Page> {
    const page = await (await browser.newContext({ viewport: { width: 1400, height: 1000 } })).newPage();
    page.on('request', (request) => urls.push(request.url()));
    await page.goto(`${service.url}${path}`);
    await page.waitForSelector('html[data-ready=true]');
    await page.getByLabel('API key').fill(key);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.locator('#editor .who').waitFor();
    expect(page.url()).not.toContain(key);
    expect(await page.evaluate('sessionStorage.getItem("timeline.key")')).toBe(key);
    return page;
  }

  const hungaryRow = (page: Page) => page.locator('#rows tr', { hasText: 'Hungary' }).first();
  const field = (page: Page, path: string) => page.locator(`#editor [name="${path}"]`);
  const errorAt = (page: Page, path: string) => page.locator(`#editor [data-error-for="${path}"]`);

  it('a reader key sees no editor', async () => {
    const page = await signedIn(READER);
    expect(await page.locator('#editor').innerText()).toContain('This key is a reader');
    expect(await page.locator('#editor form.editor-form').count()).toBe(0);
    await page.context().close();
  }, 60_000);

  it('an editor records "BYD opens its Szeged plant" through the form; errors show at their fields; the row changes without a reload', async () => {
    const page = await signedIn(EDITOR);
    expect(await hungaryRow(page).innerText()).not.toMatch(/operating/i);
    await page.getByText('Record a development', { exact: true }).click();
    await field(page, 'type').selectOption('FacilityOpened');
    await field(page, 'date').fill('2025-13');
    await page.locator('#editor .date-preview.bad').waitFor();
    await field(page, 'summary').fill('BYD opens its Szeged plant');
    await field(page, 'subjects').fill('BYD; country:HU');
    await field(page, 'sources.0.title').fill('BYD starts production in Szeged');
    await field(page, 'sources.0.url').fill('https://example.org/byd-szeged');
    await field(page, 'sources.0.published').fill('2026-01-05');
    await field(page, 'data.facilityId').fill('byd-hungary-car-plant');
    await field(page, 'data.owner').fill('BYD');
    await field(page, 'data.kind').selectOption('plant');
    await field(page, 'data.country').fill('HU');
    await page.getByRole('button', { name: 'Record', exact: true }).click();
    await errorAt(page, 'date').waitFor();
    expect(await errorAt(page, 'date').innerText()).toMatch(/13/);
    expect(await errorAt(page, 'sources.0.quote').isVisible()).toBe(true);
    expect(await field(page, 'date').getAttribute('aria-invalid')).toBe('true');

    await field(page, 'date').fill('2025-12~');
    await page.locator('#editor .date-preview', { hasText: 'December 2025, approximately' }).waitFor();
    expect(await page.locator('#editor .date-preview').innerText()).toContain('2025-12-01 to 2025-12-31');
    await field(page, 'sources.0.quote').fill('BYD has started production at its Szeged plant');
    await page.getByRole('button', { name: 'Record', exact: true }).click();
    await page.locator('#editor .preview', { hasText: 'Recorded as' }).waitFor();
    // The live feed redraws the row: no reload.
    await hungaryRow(page)
      .filter({ hasText: /operating/i })
      .waitFor();
    const timeline = (await (await fetch(`${service.url}/timeline?q=Szeged&country=HU`)).json()) as {
      developments: { summary: string; recordedBy: string; date: string }[];
    };
    const recorded = timeline.developments.find((d) => d.summary === 'BYD opens its Szeged plant')!;
    expect(recorded).toMatchObject({ date: '2025-12~', recordedBy: expect.stringMatching(/^key:/) });
    await page.context().close();
  }, 120_000);

  it('a correction with a stale version is explained, and succeeds after the form is reloaded', async () => {
    const page = await signedIn(EDITOR);
    await hungaryRow(page).locator('button').first().click();
    const article = page.locator('#details article', { hasText: 'BYD opens its Szeged plant' });
    await article.getByRole('button', { name: 'Correct' }).click();
    await article.locator('[name="changes.summary"]').waitFor();
    const id = await article.getAttribute('data-id');
    // Someone else corrects it after the form was opened.
    const elsewhere = await fetch(`${service.url}/developments/${id}/corrections`, {
      method: 'POST',
      headers: { authorization: `Bearer ${EDITOR}`, 'content-type': 'application/json', 'if-match': '"0"' },
      body: JSON.stringify({ changes: { dateNote: 'the company said "in December"' }, reason: 'the wording' }),
    });
    expect(elsewhere.status).toBe(201);
    await article.locator('[name="changes.summary"]').fill('BYD opens its car plant in Szeged');
    await article.locator('[name="reason"]').fill('the plant makes cars');
    await article.getByRole('button', { name: 'Save the correction' }).click();
    await article.locator('.stale', { hasText: 'Someone changed this development' }).waitFor();
    expect(await article.locator('[name="changes.dateNote"]').inputValue()).toBe('the company said "in December"');
    await article.locator('[name="changes.summary"]').fill('BYD opens its car plant in Szeged');
    await article.getByRole('button', { name: 'Save the correction' }).click();
    // The live feed also announces the correction made elsewhere ("Corrected: BYD opens its Szeged
    // plant"): the notice waited for is the one naming the summary this form saved.
    await page.locator('#notices', { hasText: 'Corrected: BYD opens its car plant in Szeged' }).waitFor();
    expect(await article.locator('[name="changes.summary"]').count()).toBe(0);
    const stored = (await (await fetch(`${service.url}/developments/${id}`)).json()) as {
      summary: string;
      corrections: { reason: string }[];
    };
    expect(stored.summary).toBe('BYD opens its car plant in Szeged');
    expect(stored.corrections.map((c) => c.reason)).toEqual(['the wording', 'the plant makes cars']);
    await page.context().close();
  }, 120_000);

  it('a retraction needs a reason, removes the row, and keeps the reason', async () => {
    const office = facilityOpened(
      { summary: 'BYD opens a sales office in Budapest', subjects: ['org:byd', 'country:HU'], date: '2025-06' },
      { facilityId: 'byd-budapest-office', kind: 'office', location: 'Budapest' },
    );
    const recorded = await fetch(`${service.url}/developments`, {
      method: 'POST',
      headers: { authorization: `Bearer ${EDITOR}`, 'content-type': 'application/json' },
      body: JSON.stringify(office),
    });
    expect(recorded.status).toBe(201);
    const page = await signedIn(EDITOR);
    const row = page.locator('#rows tr', { hasText: 'Budapest' });
    await row.locator('button').first().click();
    const article = page.locator('#details article', { hasText: 'sales office in Budapest' });
    await article.getByRole('button', { name: 'Retract' }).click();
    // The form is open before its own Retract is pressed: pressed earlier, `last()` is the button that opens it.
    await article.locator('[name="reason"]').waitFor();
    await article.getByRole('button', { name: 'Retract', exact: true }).last().click();
    await article.locator('[data-error-for="reason"]').waitFor();
    await article.locator('[name="reason"]').fill('the office is a dealer, not BYD');
    await article.getByRole('button', { name: 'Retract', exact: true }).last().click();
    await row.waitFor({ state: 'detached' });
    const stored = (await (await fetch(`${service.url}/developments/${office.id}`)).json()) as {
      retracted: { reason: string };
    };
    expect(stored.retracted.reason).toBe('the office is a dealer, not BYD');
    await page.context().close();
  }, 120_000);
});
