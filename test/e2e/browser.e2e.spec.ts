import { existsSync } from 'node:fs';
import { startApp } from '../support/app.js';
import { entities, facilityOpened } from '../support/fixtures.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

interface Browser {
  received: unknown[];
  EventSource: new (
    url: string,
  ) => { addEventListener(type: string, listener: (event: { data: string }) => void): void };
}

if (!existsSync(CHROMIUM)) {
  console.warn(`${CHROMIUM} not found: browser EventSource test skipped (install Debian's chromium to run it)`);
  describe('a browser on the feed', () => {
    it.skip('receives a new development through EventSource as it is recorded (needs Chromium)', () => undefined);
  });
} else {
  describe('a browser on the feed', () => {
    it('receives a new development through EventSource as it is recorded', async () => {
      const { chromium } = await import('playwright-core');
      const api = await startApp();
      const browser = await chromium.launch({
        executablePath: CHROMIUM,
        args: [
          '--headless',
          '--no-sandbox',
          '--disable-gpu',
          '--disable-quic',
          '--no-first-run',
          '--disable-background-networking',
          '--disable-component-update',
          '--disable-sync',
        ],
      });
      try {
        await api.call('POST', '/entities', entities);
        const page = await browser.newPage();
        await page.goto(`${api.url}/docs`);
        // Runs in the page: typed loosely, as this project compiles without the DOM library.
        await page.evaluate(
          () =>
            new Promise<void>((resolve) => {
              const page = globalThis as unknown as Browser;
              page.received = [];
              const source = new page.EventSource('/feed?country=HU');
              source.addEventListener('ready', () => resolve());
              source.addEventListener('DevelopmentRecorded', (e) => page.received.push(JSON.parse(e.data)));
            }),
        );
        const recorded = await api.call('POST', '/developments', facilityOpened({ summary: 'seen in a browser' }));
        await page.waitForFunction(() => (globalThis as unknown as Browser).received.length > 0, undefined, {
          timeout: 5000,
        });
        const received = await page.evaluate(
          () => (globalThis as unknown as Browser).received as { development: { id: string } }[],
        );
        expect(received[0]!.development.id).toBe(recorded.body.id);
      } finally {
        await browser.close();
        await api.close();
      }
    }, 60_000);
  });
}
