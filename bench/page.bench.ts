import { existsSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import type { Benchmark, Result } from './support/benchmark.js';
import { percentile, round } from './support/latency.js';
import { growTimeline } from './support/page-world.js';
import { startSeededService } from './support/seeded-service.js';
import { withTempDir } from './support/temp-dir.js';
import { freePort } from './support/free-port.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const LOADS = 15;
const MOVES = 40;
/** The larger timeline the page must also stay quick on. */
const LARGE = 10_000;

/** The rows a redraw draws first: the page's first page of rows (the rest is read once the date settles). */
const FIRST_ROWS = 50;

/**
 * The explorer in Chromium, timed by the page's own performance marks: `first-paint` (navigation
 * start to the painted map, rows and timeline) on fresh visits, and `date-redraw` (a slider key press
 * to the painted rows and map of the new date), on the seed world and again once the timeline holds
 * 10,000 developments. What the page reads after its first paint (the rest of the rows and of the
 * developments, the counts, the registry) is timed too: `all-drawn`, navigation start to everything
 * drawn. Baselines from the same browser and service: loading /health, and fetching the answer a
 * redraw draws.
 */
async function run(): Promise<Result> {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} not found: install Debian's chromium to measure the page`);
  const { chromium } = await import('playwright-core');
  return withTempDir('page', async (dir) => {
    const service = await startSeededService(dir, await freePort());
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    });
    try {
      const seed = await measure(browser, service.url);
      const developments = await growTimeline(service.url, LARGE);
      const large = await measure(browser, service.url);
      return {
        figures: {
          firstPaintP50Ms: round(seed.paint50),
          firstPaintP95Ms: round(seed.paint95),
          blankLoadP50Ms: round(seed.blank50),
          firstPaintVsBlankRatio: round(seed.paint50 / seed.blank50),
          allDrawnP50Ms: round(seed.all50),
          sliderRedrawP50Ms: round(seed.redraw50),
          sliderRedrawP95Ms: round(seed.redraw95),
          answerFetchP50Ms: round(seed.fetch50),
          sliderRedrawVsFetchRatio: round(seed.redraw50 / seed.fetch50),
          largeDevelopments: developments,
          largeFirstPaintP50Ms: round(large.paint50),
          largeFirstPaintP95Ms: round(large.paint95),
          largeAllDrawnP50Ms: round(large.all50),
          largeSliderRedrawP50Ms: round(large.redraw50),
          largeSliderRedrawP95Ms: round(large.redraw95),
          largeAnswerFetchP50Ms: round(large.fetch50),
        },
        targets: {
          firstPaintP95Ms: { op: '<=', value: 1000 },
          sliderRedrawP95Ms: { op: '<=', value: 100 },
          largeFirstPaintP95Ms: { op: '<=', value: 1000 },
          largeSliderRedrawP95Ms: { op: '<=', value: 100 },
        },
        notes: [
          `${LOADS} fresh visits (a new browser context each), ${MOVES} slider moves of a year; seed timeline, then ${developments} developments`,
          `first paint and a redraw draw the first page of rows (${FIRST_ROWS}) and the map of them; the rest (up to 2,000 rows, 1,000 developments) is read after the first paint, and after a move once the date settles: allDrawn times it at load`,
        ],
      };
    } finally {
      await browser.close();
      await service.stop();
    }
  });
}

async function measure(browser: Browser, url: string) {
  const paints: number[] = [];
  const alls: number[] = [];
  const blanks: number[] = [];
  for (let i = 0; i < LOADS; i++) {
    blanks.push(await loadTime(browser, `${url}/health`));
    const visit = await firstPaint(browser, `${url}/?asOf=2025-12-31`);
    paints.push(visit.paint);
    alls.push(visit.all);
  }
  const { redraws, fetches } = await sliderRedraws(browser, `${url}/?asOf=2025-12-31&view=facilities`);
  return {
    paint50: percentile(paints, 50),
    paint95: percentile(paints, 95),
    all50: percentile(alls, 50),
    blank50: percentile(blanks, 50),
    redraw50: percentile(redraws, 50),
    redraw95: percentile(redraws, 95),
    fetch50: percentile(fetches, 50),
  };
}

async function fresh(browser: Browser, url: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
  const page = await context.newPage();
  await page.goto(url);
  return page;
}

async function loadTime(browser: Browser, url: string): Promise<number> {
  const page = await fresh(browser, url);
  await page.waitForLoadState('load');
  // /health has no content security policy, so an expression may be evaluated there.
  const ms = (await page.evaluate('performance.getEntriesByType("navigation")[0].loadEventEnd')) as number;
  await page.context().close();
  return ms;
}

/** A fresh visit: its first paint, and (once the page is ready) everything drawn. */
async function firstPaint(browser: Browser, url: string): Promise<{ paint: number; all: number }> {
  const page = await fresh(browser, url);
  await page.waitForFunction(() => performance.getEntriesByName('first-paint', 'measure').length > 0);
  const paint = await page.evaluate(() => performance.getEntriesByName('first-paint', 'measure')[0]!.duration);
  await page.waitForSelector('html[data-ready=true]');
  const all = await page.evaluate(() => performance.getEntriesByName('all-drawn', 'mark')[0]!.startTime);
  await page.context().close();
  return { paint, all };
}

/** Moves the slider a year at a time, back then forth, each move measured once its redraw is painted. */
async function sliderRedraws(browser: Browser, url: string): Promise<{ redraws: number[]; fetches: number[] }> {
  const page = await fresh(browser, url);
  await page.waitForSelector('html[data-ready=true]');
  await page.locator('#live.on').waitFor();
  await page.locator('#date-slider').focus();
  for (let i = 1; i <= MOVES; i++) {
    await page.keyboard.press(i <= MOVES / 2 ? 'PageDown' : 'PageUp');
    await page.waitForFunction((n) => performance.getEntriesByName('date-redraw').length >= n, i);
  }
  const redraws = await page.evaluate(() => performance.getEntriesByName('date-redraw').map((m) => m.duration));
  // The network part of a redraw: the first page of the view's rows for one date (the map is drawn
  // from the same rows).
  const fetches = await page.evaluate(async (limit) => {
    const times: number[] = [];
    for (let year = 2006; year < 2026; year++) {
      const start = performance.now();
      await fetch(`/state/facilities?asOf=${year}-12-31&expand=names&limit=${limit}`).then((r) => r.json());
      times.push(performance.now() - start);
    }
    return times;
  }, FIRST_ROWS);
  await page.context().close();
  return { redraws, fetches };
}

export const pageBenchmarks: Benchmark[] = [{ name: 'page', run }];
