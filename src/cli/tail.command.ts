import { parseArgs } from 'node:util';
import type { FeedMessage } from '../feed/feed-message.js';
import { sseMessages } from '../feed/sse-parser.js';

const DEFAULT_RETRIES = 10;

/**
 * `timeline tail [--url URL] [--type T] [--subject S] [--country CC] [--q TEXT] [--from POSITION] [--retries N] [--json]`:
 * follows the service's feed, reconnecting from the last position it printed. It says where it
 * connects, and gives up with a message after `--retries` attempts in a row that reach nothing.
 */
export async function tailCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      url: { type: 'string', default: process.env.TIMELINE_URL ?? `http://localhost:${process.env.PORT ?? 3000}` },
      type: { type: 'string' },
      subject: { type: 'string' },
      country: { type: 'string' },
      q: { type: 'string' },
      from: { type: 'string' },
      retries: { type: 'string' },
      json: { type: 'boolean' },
    },
  });
  const { url, json, from, retries: retriesText, ...filters } = values;
  const retries = retriesText === undefined ? DEFAULT_RETRIES : Number(retriesText);
  if (!Number.isInteger(retries) || retries < 1) {
    process.stderr.write(`--retries: must be a whole number from 1, got "${retriesText}"\n`);
    return 2;
  }
  if (!URL.canParse(url)) {
    process.stderr.write(`--url: not a URL: "${url}"\n`);
    return 2;
  }
  const query = new URLSearchParams(Object.entries(filters).filter(([, v]) => v !== undefined) as [string, string][]);
  const feed = `${url.replace(/\/+$/, '')}/feed${query.size > 0 ? `?${query}` : ''}`;
  process.stderr.write(`following ${feed}\n`);
  let last = from;
  for (let failures = 0; ; ) {
    try {
      const response = await fetch(feed, { headers: last ? { 'last-event-id': last } : {} });
      if (response.status >= 400 && response.status < 500) {
        process.stderr.write(`${feed} answered ${response.status}: ${await response.text()}\n`);
        return 2;
      }
      if (!response.ok || !response.body) throw new Error(`answered ${response.status}`);
      failures = 0;
      for await (const message of sseMessages(response.body)) {
        if (message.event === 'overflow') break;
        if (!message.id) continue;
        last = message.id;
        const data = JSON.parse(message.data) as FeedMessage;
        const d = data.development;
        process.stdout.write(
          json
            ? `${message.data}\n`
            : `${data.position.padStart(8)} ${data.kind.padEnd(22)} ${d.date.padEnd(12)} ${d.type.padEnd(28)} ${d.summary}\n`,
        );
      }
      process.stderr.write(`the feed closed; reconnecting${last ? ` after position ${last}` : ''}\n`);
    } catch (error) {
      failures++;
      const reason = describe(error);
      if (failures >= retries) {
        process.stderr.write(
          `gave up: could not reach ${feed} in ${failures} attempts (last: ${reason}). ` +
            'Is the service running there? Pass --url or set TIMELINE_URL.\n',
        );
        return 1;
      }
      process.stderr.write(`${feed} unavailable (${reason}); attempt ${failures} of ${retries}, retrying\n`);
    }
    await new Promise((resolve) => setTimeout(resolve, Math.min(10_000, 500 * 2 ** failures)));
  }
}

/** fetch says only "fetch failed"; the reason (ECONNREFUSED, ENOTFOUND...) is in its cause. */
function describe(error: unknown): string {
  const { message, cause } = error as { message?: string; cause?: { code?: string; message?: string } };
  return cause?.code ?? cause?.message ?? message ?? String(error);
}
