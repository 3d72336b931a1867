import { existsSync } from 'node:fs';
import type { Browser } from 'playwright-core';

/** Debian's Chromium (`apt-get install chromium`), or the one `CHROMIUM_PATH` names. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Whether Chromium is here; when it is not, says which tests are skipped and why. */
export function chromiumAvailable(tests: string): boolean {
  const available = existsSync(CHROMIUM);
  if (!available) console.warn(`${CHROMIUM} not found: ${tests} are skipped (install Debian's chromium to run them)`);
  return available;
}

/** Chromium without a window, a sandbox, a GPU or background traffic, as the page tests run it. */
export async function launchChromium(extraArgs: string[] = []): Promise<Browser> {
  const { chromium } = await import('playwright-core');
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--no-first-run',
      ...extraArgs,
    ],
  });
}
