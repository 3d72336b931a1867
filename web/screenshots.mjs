// The README's screenshots, taken in Chromium from a running service on the seed timeline:
//   npm start, then: node web/screenshots.mjs [http://localhost:3000]
// Writes docs/explorer.png and docs/development.png at 1366 px, docs/explorer-phone.png,
// docs/entity-phone.png and docs/explorer-figures.png at 390 px.
import { chromium } from 'playwright-core';

const base = process.argv[2] ?? 'http://localhost:3000';
const DESKTOP = { width: 1366, height: 900 };
const PHONE = { width: 390, height: 844 };
/** BYD's Camaçari plant opening, in the seed. */
const DEVELOPMENT = 'e3fcf949-125b-4815-8d00-c8ccfec8095d';

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
});
try {
  const shot = async (path, viewport, file, { ready = 'html[data-ready=true]', fullPage = false, scrollTo } = {}) => {
    const context = await browser.newContext({ viewport, deviceScaleFactor: 1, hasTouch: viewport === PHONE });
    const page = await context.newPage();
    await page.goto(`${base}${path}`);
    await page.waitForSelector(ready, { timeout: 30_000 });
    await page.waitForLoadState('networkidle');
    if (scrollTo) {
      await page.waitForSelector(scrollTo, { timeout: 30_000 });
      await page.locator(scrollTo).first().scrollIntoViewIfNeeded();
    }
    await page.screenshot({ path: `docs/${file}`, fullPage });
    await context.close();
    process.stdout.write(`docs/${file}\n`);
  };
  const development = process.env.SCREENSHOT_DEVELOPMENT ?? DEVELOPMENT;
  await shot('/?asOf=2025-12-31&view=licensing', DESKTOP, 'explorer.png');
  await shot('/?asOf=2025-12-31&view=facilities', PHONE, 'explorer-phone.png');
  await shot('/entities/org:byd?asOf=2025-12-31', PHONE, 'entity-phone.png', { ready: 'main h1', fullPage: true });
  await shot('/?asOf=2015-12-31&view=investments', PHONE, 'explorer-figures.png', {
    scrollTo: '#figures svg',
  });
  await shot(`/developments/${development}`, DESKTOP, 'development.png', { ready: 'main h1', fullPage: true });
} finally {
  await browser.close();
}
