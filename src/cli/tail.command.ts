import { parseArgs } from 'node:util';
import type { FeedMessage } from '../feed/feed-message.js';
import { sseMessages } from '../feed/sse-parser.js';

/**
 * `timeline tail [--url URL] [--type T] [--subject S] [--country CC] [--q TEXT] [--from POSITION] [--json]`:
 * follows the service's feed, reconnecting from the last position it printed.
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
      json: { type: 'boolean' },
    },
  });
  const { url, json, from, ...filters } = values;
  let last = from;
  for (let attempt = 0; ; attempt++) {
    const query = new URLSearchParams(Object.entries(filters).filter(([, v]) => v !== undefined) as [string, string][]);
    try {
      const response = await fetch(`${url}/feed?${query}`, { headers: last ? { 'last-event-id': last } : {} });
      if (response.status >= 400 && response.status < 500) {
        process.stderr.write(`${response.status}: ${await response.text()}\n`);
        return 2;
      }
      attempt = 0;
      for await (const message of sseMessages(response.body!)) {
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
    } catch (error) {
      process.stderr.write(`feed unavailable (${(error as Error).message}); retrying\n`);
    }
    await new Promise((resolve) => setTimeout(resolve, Math.min(10_000, 500 * 2 ** attempt)));
  }
}
